import { fromHex } from '../shared/bytes.js';
import { FOOTER_V5_SIZE, HEADER_SIZE, TRACE_ID_LEN } from '../shared/constants.js';
import { BlockpackError, BlockpackErrorCode, invalidArgument, limitExceeded } from '../shared/errors.js';
import { snappyDecode, snappyDecodedLength } from '../shared/snappy.js';
import type { ZstdCodec } from '../shared/zstd.js';
import { loadZstd } from '../shared/codecs.js';
import { testTraceIdBloom } from '../shared/trace-id-bloom.js';
import type { OtlpTraces } from '../otlp/model.js';
import { encodeOtlpProtobuf } from '../otlp/normalize.js';
import type { Block } from './block.js';
import { parseBlock } from './block.js';
import type { Column } from './column.js';
import type { FileHeader, Footer } from './footer.js';
import { footerCandidates, isLegacyFile, looksLikeHeader, parseFileHeader } from './footer.js';
import type { BlockInfo, CompactTraceIndex, RangeColumn, TraceBlockIndex, TsIndexEntry } from './metadata.js';
import { lookupTraceBlocks, parseCompactTraceIndex, parseMetadata } from './metadata.js';
import type { RebuildOptions, RebuiltSpan } from './rebuild.js';
import { groupSpans, rebuildSpans } from './rebuild.js';
import type { RandomAccessSource } from './source.js';
import { fileSource, memorySource, readExact } from './source.js';

export interface BlockpackReaderOptions {
  /** Largest compressed or decompressed metadata accepted. Default 256 MiB. */
  maxMetadataBytes: number;
  /** Largest decompressed zstd section, and decoded bytes of one column. Default 128 MiB. */
  maxDecompressedBytes: number;
  /** Largest block read whole. Default 1 GiB. */
  maxBlockBytes: number;
  /** zstd codec. Default: the `@mebo/compress` codec, loaded by `open`. */
  zstd: ZstdCodec;
  /**
   * Lean open for trace lookups (spec 14): read footer, header and the compact trace index, not
   * the metadata. Falls back to a full open when the file has no compact index. Default false.
   */
  lean: boolean;
  /** Coalescing of block reads: merge while the gap is ≤ this many bytes (default 4 MiB)… */
  coalesceGap: number;
  /** …and the merged read stays ≤ this many bytes (default 8 MiB). */
  coalesceMax: number;
}

/** A span address: block id and row. */
export interface SpanRef {
  block: number;
  row: number;
}

const TAIL_READ = 64 * 1024;

/** Parses a 32-hex-digit trace id (or passes 16 bytes through). */
export function parseTraceId(id: Uint8Array | string): Uint8Array {
  const b = typeof id === 'string' ? fromHex(id) : id;
  if (!b || b.length !== TRACE_ID_LEN) throw invalidArgument(`trace id must be 16 bytes / 32 hex digits`);
  return b;
}

/**
 * Reads blockpack files (file v13 / block v12; footers v3, v4, v5). Open validates footer, header
 * and metadata before any offset is used; blocks are read on demand, whole, coalesced.
 *
 * Scanning API for query engines (stable):
 * - `blocks`: the block index (`BlockInfo`: offset, length, spanCount, minStart, maxStart);
 * - `rangeIndex`, `tsIndex`, `traceIndex`: the parsed metadata indexes, for pruning;
 * - `readBlock(id)` / `readBlocks(ids)` / `iterateBlocks(ids?)` → `Block`;
 * - `Block.column(name, type?)` / `Block.columnsNamed(name)` → `Column` (`present` bitset,
 *   `index` per row into `values`, `values` typed by kind), `columnValue(col, row)`;
 * - `spansOf(block, rows)` / `tracesOf(refs)` rebuild OTLP for matched rows.
 */
export class BlockpackReader {
  private constructor(
    private readonly source: RandomAccessSource,
    private readonly opts: BlockpackReaderOptions,
    readonly footer: Footer,
    readonly header: FileHeader,
    readonly blocks: readonly BlockInfo[],
    readonly rangeIndex: ReadonlyMap<string, RangeColumn>,
    readonly traceIndex: TraceBlockIndex | undefined,
    readonly tsIndex: readonly TsIndexEntry[] | undefined,
    readonly compactIndex: CompactTraceIndex | undefined,
    /**
     * Opened lean (`{ lean: true }`): only the compact trace index was read. `blocks` then has
     * offsets and lengths only (`spanCount` −1, start times 0), `rangeIndex` is empty and
     * `tsIndex` undefined; trace lookups work as usual.
     */
    readonly lean: boolean,
  ) {}

  /**
   * Opens a file from bytes or a random-access source.
   * @throws BlockpackError on anything invalid (INVALID_FOOTER, LEGACY_FORMAT, TRUNCATED, …)
   */
  static async open(input: Uint8Array | RandomAccessSource, options: Readonly<Partial<BlockpackReaderOptions>> = {}): Promise<BlockpackReader> {
    const opts: BlockpackReaderOptions = {
      maxMetadataBytes: options.maxMetadataBytes ?? 256 * 1024 * 1024,
      maxDecompressedBytes: options.maxDecompressedBytes ?? 128 * 1024 * 1024,
      maxBlockBytes: options.maxBlockBytes ?? 1024 * 1024 * 1024,
      zstd: options.zstd ?? (await loadZstd()),
      coalesceGap: options.coalesceGap ?? 4 * 1024 * 1024,
      coalesceMax: options.coalesceMax ?? 8 * 1024 * 1024,
      lean: options.lean ?? false,
    };
    const source = input instanceof Uint8Array ? memorySource(input) : input;
    const size = source.size;
    if (!Number.isSafeInteger(size) || size < 0) throw invalidArgument(`source size ${size}`);
    if (size < 22) throw new BlockpackError(BlockpackErrorCode.InvalidFooter, `file of ${size} bytes is too short for a footer`);
    const tailLen = Math.min(size, TAIL_READ);
    const tailStart = size - tailLen;
    const tail = await readExact(source, tailStart, tailLen);
    const inTail = (off: number, len: number): Uint8Array | undefined =>
      off >= tailStart && off + len <= size ? tail.subarray(off - tailStart, off - tailStart + len) : undefined;

    let footer: Footer | undefined;
    let headerBytes: Uint8Array | undefined;
    for (const f of footerCandidates(tail.subarray(Math.max(0, tail.length - FOOTER_V5_SIZE)), size)) {
      const hb = inTail(f.headerOffset, HEADER_SIZE) ?? (await readExact(source, f.headerOffset, HEADER_SIZE));
      if (looksLikeHeader(hb)) {
        footer = f;
        headerBytes = hb;
        break;
      }
    }
    if (!footer || !headerBytes) {
      if (isLegacyFile(tail)) throw new BlockpackError(BlockpackErrorCode.LegacyFormat, 'unsupported legacy blockpack v10/v11 file');
      throw new BlockpackError(BlockpackErrorCode.InvalidFooter, 'no valid blockpack footer (v3/v4/v5) at the end of the file');
    }
    const header = parseFileHeader(headerBytes, footer.headerOffset, footer.start);
    if (opts.lean && footer.compactLen > 0) {
      // Lean open (spec 14): footer, header and compact trace index only; no metadata.
      const cb = inTail(footer.compactOffset, footer.compactLen) ?? (await readExact(source, footer.compactOffset, footer.compactLen));
      const compact = parseCompactTraceIndex(cb, footer.compactOffset, footer.start);
      const blocks: BlockInfo[] = compact.blocks.map((b, id) => ({ id, offset: b.offset, length: b.length, spanCount: -1, minStart: 0n, maxStart: 0n }));
      return new BlockpackReader(source, opts, footer, header, blocks, new Map(), compact.traceIndex, undefined, compact, true);
    }
    if (header.metadataLen > opts.maxMetadataBytes) throw limitExceeded('metadata length', header.metadataLen, opts.maxMetadataBytes);
    const compressed = inTail(header.metadataOffset, header.metadataLen) ?? (await readExact(source, header.metadataOffset, header.metadataLen));
    const declared = snappyDecodedLength(compressed);
    if (declared > opts.maxMetadataBytes) throw limitExceeded('decoded metadata length', declared, opts.maxMetadataBytes);
    const meta = parseMetadata(snappyDecode(compressed, opts.maxMetadataBytes), header.metadataOffset, footer.start);
    let compact: CompactTraceIndex | undefined;
    if (footer.compactLen > 0) {
      const cb = inTail(footer.compactOffset, footer.compactLen) ?? (await readExact(source, footer.compactOffset, footer.compactLen));
      compact = parseCompactTraceIndex(cb, footer.compactOffset, footer.start, meta.traceIndex === undefined);
      if (compact.blocks.length !== meta.blocks.length) {
        throw new BlockpackError(BlockpackErrorCode.CorruptData, `compact index lists ${compact.blocks.length} blocks, metadata ${meta.blocks.length}`);
      }
    }
    return new BlockpackReader(source, opts, footer, header, meta.blocks, meta.rangeIndex, meta.traceIndex, meta.tsIndex, compact, false);
  }

  get blockCount(): number {
    return this.blocks.length;
  }

  /** Total spans (−1 for a lean reader, which does not know them). */
  get spanCount(): number {
    if (this.lean) return -1;
    let n = 0;
    for (const b of this.blocks) n += b.spanCount;
    return n;
  }

  get traceCount(): number {
    return this.traceIndex?.count ?? 0;
  }

  /** The file size in bytes. */
  get size(): number {
    return this.source.size;
  }

  /** Releases the source (file handle), if it has one. */
  async close(): Promise<void> {
    await this.source.close?.();
  }

  /**
   * Block ids holding spans of this trace (bloom first, then binary search).
   * @throws BlockpackError INVALID_ARGUMENT for a malformed id
   */
  blocksForTrace(traceId: Uint8Array | string): number[] {
    const id = parseTraceId(traceId);
    if (this.compactIndex && !testTraceIdBloom(this.compactIndex.bloom, id)) return [];
    const ti = this.traceIndex ?? this.compactIndex?.traceIndex;
    if (!ti) return this.blocks.map((b) => b.id);
    return lookupTraceBlocks(ti, id);
  }

  /**
   * Reads and parses one block.
   * @throws BlockpackError
   */
  async readBlock(id: number): Promise<Block> {
    return (await this.readBlocks([id]))[0];
  }

  /** Reads several blocks, coalescing neighbouring reads (gap ≤ 4 MiB, merged ≤ 8 MiB). Order kept. */
  async readBlocks(ids: readonly number[]): Promise<Block[]> {
    const infos = ids.map((id) => {
      const b = this.blocks[id];
      if (!Number.isInteger(id) || b === undefined) throw invalidArgument(`no block ${id}`);
      if (b.length > this.opts.maxBlockBytes) throw limitExceeded(`block ${id} length`, b.length, this.opts.maxBlockBytes);
      return b;
    });
    const sorted = [...new Set(infos)].sort((a, b) => a.offset - b.offset);
    const groups: BlockInfo[][] = [];
    for (const b of sorted) {
      const g = groups[groups.length - 1];
      if (g) {
        const first = g[0];
        const last = g[g.length - 1];
        const end = last.offset + last.length;
        if (b.offset >= end && b.offset - end <= this.opts.coalesceGap && b.offset + b.length - first.offset <= this.opts.coalesceMax) {
          g.push(b);
          continue;
        }
      }
      groups.push([b]);
    }
    const parsed = new Map<number, Block>();
    await Promise.all(
      groups.map(async (g) => {
        const start = g[0].offset;
        const end = Math.max(...g.map((b) => b.offset + b.length));
        const bytes = await readExact(this.source, start, end - start);
        for (const b of g) {
          const view = bytes.subarray(b.offset - start, b.offset - start + b.length);
          parsed.set(b.id, parseBlock(view, b.id, b.offset, b.spanCount, this.opts.zstd, { maxDecompressedBytes: this.opts.maxDecompressedBytes }));
        }
      }),
    );
    return infos.map((b) => parsed.get(b.id)!);
  }

  /** Iterates blocks (all, or the given ids) one read at a time. */
  async *iterateBlocks(ids?: readonly number[]): AsyncGenerator<Block> {
    for (const id of ids ?? this.blocks.map((b) => b.id)) yield await this.readBlock(id);
  }

  /** Rebuilds OTLP spans for rows of a block (all rows when `rows` is omitted). */
  spansOf(block: Block, rows?: Iterable<number>): RebuiltSpan[] {
    return rebuildSpans(block, rows ?? rangeRows(block.spanCount));
  }

  /** Rebuilds grouped OTLP for span references (reads the blocks they name). */
  async tracesOf(refs: readonly SpanRef[], options: Readonly<Partial<RebuildOptions>> = {}): Promise<OtlpTraces> {
    const byBlock = new Map<number, number[]>();
    for (const r of refs) {
      const list = byBlock.get(r.block);
      if (list) list.push(r.row);
      else byBlock.set(r.block, [r.row]);
    }
    const ids = [...byBlock.keys()];
    const blocks = await this.readBlocks(ids);
    const spans: RebuiltSpan[] = [];
    blocks.forEach((b, i) => {
      for (const row of byBlock.get(ids[i])!) if (!Number.isInteger(row) || row < 0 || row >= b.spanCount) throw invalidArgument(`block ${b.id} has no row ${row}`);
      spans.push(...rebuildSpans(b, byBlock.get(ids[i])!));
    });
    return groupSpans(spans, options);
  }

  /**
   * All spans of one trace, as OTLP, reading only the blocks the trace index names.
   * Undefined when the file has no span of that trace.
   * @throws BlockpackError INVALID_ARGUMENT for a malformed id; others on corrupt blocks
   */
  async findTrace(traceId: Uint8Array | string, options: Readonly<Partial<RebuildOptions>> = {}): Promise<OtlpTraces | undefined> {
    const id = parseTraceId(traceId);
    const ids = this.blocksForTrace(id);
    if (ids.length === 0) return undefined;
    const blocks = await this.readBlocks(ids);
    const spans: RebuiltSpan[] = [];
    for (const b of blocks) {
      const rows = matchingRows(b.column('trace:id', 5), id);
      if (rows.length > 0) spans.push(...rebuildSpans(b, rows));
    }
    return spans.length === 0 ? undefined : groupSpans(spans, options);
  }

  /** `findTrace` as OTLP ExportTraceServiceRequest protobuf bytes. */
  async findTraceProtobuf(traceId: Uint8Array | string, options: Readonly<Partial<RebuildOptions>> = {}): Promise<Uint8Array | undefined> {
    const t = await this.findTrace(traceId, options);
    return t === undefined ? undefined : encodeOtlpProtobuf(t);
  }

  /** Every span in the file as OTLP (reads every block; for tests and small files). */
  async readAll(options: Readonly<Partial<RebuildOptions>> = {}): Promise<OtlpTraces> {
    const spans: RebuiltSpan[] = [];
    for await (const b of this.iterateBlocks()) spans.push(...rebuildSpans(b, rangeRows(b.spanCount)));
    return groupSpans(spans, options);
  }
}

function rangeRows(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

/** Rows of a `trace:id` column equal to `id` (dictionary match first, then index compare). */
function matchingRows(col: Column | undefined, id: Uint8Array): number[] {
  if (!col || col.values.kind !== 'bytes') return [];
  const dict = col.values.bytes;
  const hits = new Set<number>();
  for (let i = 0; i < dict.length; i++) {
    const d = dict[i];
    if (d.length !== id.length) continue;
    let eq = true;
    for (let k = 0; k < d.length && eq; k++) eq = d[k] === id[k];
    if (eq) hits.add(i);
  }
  const rows: number[] = [];
  if (hits.size === 0) return rows;
  for (let r = 0; r < col.rows; r++) if (hits.has(col.index[r])) rows.push(r);
  return rows;
}

/** Opens a blockpack file on disk (random access through a file handle; `close()` it after). */
export async function openBlockpackFile(path: string, options: Readonly<Partial<BlockpackReaderOptions>> = {}): Promise<BlockpackReader> {
  const src = await fileSource(path);
  try {
    return await BlockpackReader.open(src, options);
  } catch (e) {
    await src.close?.();
    throw e;
  }
}
