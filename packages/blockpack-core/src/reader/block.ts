import { ByteReader, fromUtf8 } from '../shared/bytes.js';
import { BLOCK_HEADER_SIZE, BLOCK_VERSION, MAGIC, MAX_BLOCK_SPANS, MAX_NAME_LEN } from '../shared/constants.js';
import type { ColumnType } from '../shared/constants.js';
import { BlockpackError, BlockpackErrorCode, corrupt, limitExceeded, outOfRange, unsupportedVersion } from '../shared/errors.js';
import type { ZstdCodec } from '../shared/zstd.js';
import type { Column, ColumnDecodeLimits } from './column.js';
import { decodeColumn } from './column.js';
import { decodePresenceRLE } from '../shared/presence-rle.js';

/** A column directory entry (spec 8.2). */
export interface ColumnInfo {
  readonly name: string;
  readonly type: ColumnType;
  /** Block-relative offset and length of the column blob. */
  readonly offset: number;
  readonly length: number;
}

/**
 * One block: its directory is parsed eagerly, columns are decoded on first access and cached.
 * Columns are keyed by (name, type): one attribute may exist with several types.
 */
export class Block {
  private readonly cache = new Map<ColumnInfo, Column | null>();
  private readonly byName = new Map<string, ColumnInfo[]>();

  /** @internal built by the reader */
  constructor(
    readonly id: number,
    readonly spanCount: number,
    readonly columns: readonly ColumnInfo[],
    private readonly bytes: Uint8Array,
    private readonly fileOffset: number,
    private readonly zstd: ZstdCodec,
    private readonly limits: ColumnDecodeLimits,
  ) {
    for (const c of columns) {
      const list = this.byName.get(c.name);
      if (list) list.push(c);
      else this.byName.set(c.name, [c]);
    }
  }

  /** Distinct column names in this block. */
  columnNames(): string[] {
    return [...this.byName.keys()];
  }

  /** Directory entries with this name (one per type). */
  columnInfos(name: string): readonly ColumnInfo[] {
    return this.byName.get(name) ?? [];
  }

  /**
   * The column with this name, of this type, or — without a type — the first one of that name.
   * Undefined when absent (or a skipped vector column).
   * @throws BlockpackError when the column's bytes are corrupt
   */
  column(name: string, type?: ColumnType): Column | undefined {
    const infos = this.byName.get(name);
    if (!infos) return undefined;
    const info = type === undefined ? infos[0] : infos.find((c) => c.type === type);
    return info ? this.decode(info) : undefined;
  }

  /** Every column of this name, one per stored type. */
  columnsNamed(name: string): Column[] {
    const out: Column[] = [];
    for (const info of this.byName.get(name) ?? []) {
      const c = this.decode(info);
      if (c) out.push(c);
    }
    return out;
  }

  /** Decodes every column (vector columns skipped). */
  allColumns(): Column[] {
    const out: Column[] = [];
    for (const info of this.columns) {
      const c = this.decode(info);
      if (c) out.push(c);
    }
    return out;
  }

  /** Decodes the column of one directory entry (cached). */
  columnAt(info: ColumnInfo): Column | undefined {
    return this.decode(info);
  }

  /**
   * Whether the column has a value in any of `rows`, reading only its presence bitmap (no zstd):
   * lets a lookup of a few rows skip columns those rows do not use. True when unsure.
   */
  presentInAny(info: ColumnInfo, rows: readonly number[]): boolean {
    const hit = this.cache.get(info);
    if (hit !== undefined) return hit !== null && rows.some((r) => hit.index[r] >= 0);
    try {
      const r = new ByteReader(this.bytes, info.name, info.offset, info.offset + info.length);
      r.skip(1);
      const kind = r.u8();
      if (kind === 1 || kind === 2 || kind === 6 || kind === 7 || kind === 12 || kind === 13) {
        r.skip(1);
        r.skip(r.u32());
      } else if (kind < 3 || kind > 11) return true;
      r.skip(4);
      const bits = decodePresenceRLE(r, this.spanCount);
      return rows.some((row) => (bits[row >>> 3] & (1 << (row & 7))) !== 0);
    } catch {
      return true;
    }
  }

  private decode(info: ColumnInfo): Column | undefined {
    const hit = this.cache.get(info);
    if (hit !== undefined) return hit ?? undefined;
    const blob = this.bytes.subarray(info.offset, info.offset + info.length);
    const c = decodeColumn(blob, this.fileOffset + info.offset, info.name, info.type, this.spanCount, this.zstd, this.limits) ?? null;
    this.cache.set(info, c);
    return c ?? undefined;
  }
}

/**
 * Parses a block's header and column directory (spec 8.1, 8.2).
 * @throws BlockpackError INVALID_MAGIC, UNSUPPORTED_VERSION, CORRUPT_DATA, OFFSET_OUT_OF_RANGE
 */
export function parseBlock(
  bytes: Uint8Array,
  id: number,
  fileOffset: number,
  expectedSpans: number,
  zstd: ZstdCodec,
  limits: ColumnDecodeLimits,
): Block {
  const r = new ByteReader(bytes, `block ${id}`, 0, bytes.length, fileOffset);
  r.need(BLOCK_HEADER_SIZE);
  const magic = r.u32();
  if (magic !== MAGIC) throw new BlockpackError(BlockpackErrorCode.InvalidMagic, `block ${id} magic 0x${magic.toString(16)}`, fileOffset);
  const version = r.u8();
  if (version !== BLOCK_VERSION) throw unsupportedVersion(`block ${id}`, version, '12', fileOffset + 4);
  r.skip(3);
  const spanCount = r.u32();
  if (spanCount > MAX_BLOCK_SPANS) throw limitExceeded(`block ${id} span count`, spanCount, MAX_BLOCK_SPANS, fileOffset + 8);
  if (expectedSpans >= 0 && spanCount !== expectedSpans) throw corrupt(`block ${id}: span_count ${spanCount}, block index says ${expectedSpans}`, fileOffset + 8);
  const columnCount = r.u32();
  r.skip(8);
  // Each directory entry takes at least 2 + 1 + 8 + 8 bytes.
  if (columnCount * 19 > r.remaining) throw limitExceeded(`block ${id} column count`, columnCount, Math.floor(r.remaining / 19), fileOffset + 12);
  const cols: ColumnInfo[] = [];
  for (let i = 0; i < columnCount; i++) {
    const nameLen = r.u16();
    if (nameLen > MAX_NAME_LEN) throw limitExceeded(`block ${id} column name length`, nameLen, MAX_NAME_LEN, r.base + r.pos - 2);
    const name = fromUtf8(r.bytesView(nameLen));
    const at = r.base + r.pos;
    const type = r.u8() as ColumnType;
    const hi1 = r.u64hi();
    const offset = hi1 * 0x1_0000_0000 + r.lo;
    const hi2 = r.u64hi();
    const length = hi2 * 0x1_0000_0000 + r.lo;
    if (length === 0) continue;
    if (hi1 > 0 || hi2 > 0 || offset + length > bytes.length) throw outOfRange(`block ${id} column ${name} end`, offset + length, bytes.length, at);
    cols.push({ name, type, offset, length });
  }
  return new Block(id, spanCount, cols, bytes, fileOffset, zstd, limits);
}
