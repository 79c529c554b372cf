import { ByteReader, fromUtf8, toHex } from '../shared/bytes.js';
import { COLUMN_ENCODING_VERSION, ColumnType, EncodingKind } from '../shared/constants.js';
import { BlockpackError, BlockpackErrorCode, corrupt, limitExceeded, unsupportedVersion } from '../shared/errors.js';
import { decodeIndexRLE, decodePresenceRLE, isPresent, popcount } from '../shared/presence-rle.js';
import type { ZstdCodec } from '../shared/zstd.js';

/**
 * A column's values, deduplicated or not: rows point into them through `Column.index`.
 * For dictionary kinds these are the dictionary entries; for per-row kinds (delta, XOR, prefix,
 * inline) one entry per present row, in row order.
 */
export type ColumnValues =
  /**
   * String, UUID (canonical lower-case text) and RangeString columns. `strings` decodes every
   * entry on first use; `at(i)` decodes one (what a lookup of a few rows wants); `raw` holds the
   * stored bytes (UTF-8, or the 16 UUID bytes).
   */
  | { readonly kind: 'string'; readonly strings: readonly string[]; at(i: number): string; readonly raw: readonly Uint8Array[] }
  | { readonly kind: 'bytes'; readonly bytes: readonly Uint8Array[] }
  /** `num` holds the same values as Numbers (inexact beyond 2^53). */
  | { readonly kind: 'int64'; readonly big: BigInt64Array; readonly num: Float64Array }
  | { readonly kind: 'uint64'; readonly big: BigUint64Array; readonly num: Float64Array }
  | { readonly kind: 'float64'; readonly num: Float64Array }
  | { readonly kind: 'bool'; readonly bool: Uint8Array };

/** One decoded column of one block. */
export interface Column {
  readonly name: string;
  /** The column type from the block directory (0–5, 12; 11 in log files). */
  readonly type: ColumnType;
  /** The encoding kind it was stored with (1–13). */
  readonly encoding: EncodingKind;
  /** Row count (= the block's span count). */
  readonly rows: number;
  /** Presence bitset, LSB-first: row i is present when bit (i & 7) of byte (i >> 3) is set. */
  readonly present: Uint8Array;
  /** Per row: an index into `values`, or -1 where the row has no value. */
  readonly index: Int32Array;
  readonly values: ColumnValues;
}

export interface ColumnDecodeLimits {
  /** Largest decompressed size of one zstd section, and of one column's decoded bytes. */
  maxDecompressedBytes: number;
}

const TWO32 = 0x1_0000_0000;

function readZstdSection(r: ByteReader, zstd: ZstdCodec, limits: ColumnDecodeLimits, what: string): ByteReader {
  const len = r.u32();
  const at = r.base + r.pos;
  const src = r.bytesView(len);
  if (len === 0) return new ByteReader(new Uint8Array(0), what, 0, 0, at);
  let out: Uint8Array;
  try {
    out = zstd.decompress(src, limits.maxDecompressedBytes);
  } catch (e) {
    if (e instanceof BlockpackError) throw e;
    const code = (e as { code?: string }).code;
    throw new BlockpackError(
      code === 'DECOMPRESSED_SIZE_EXCEEDS_LIMIT' ? BlockpackErrorCode.LimitExceeded : BlockpackErrorCode.DecompressFailed,
      `${what}: zstd: ${e instanceof Error ? e.message : String(e)}`,
      at,
    );
  }
  return new ByteReader(out, what, 0, out.length, at);
}

function uuidText(b: Uint8Array): string {
  const h = toHex(b);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/**
 * String values over one buffer: entry i is `buf[starts[i] … starts[i] + lens[i])`. Nothing is
 * decoded or sliced until asked, so a lookup of a few rows costs no per-entry allocation.
 */
class StringValues {
  readonly kind = 'string' as const;
  private cache: string[] | undefined;
  private rawCache: Uint8Array[] | undefined;
  constructor(
    private readonly buf: Uint8Array,
    private readonly starts: Uint32Array,
    private readonly lens: Uint32Array,
    private readonly decode: (b: Uint8Array) => string,
  ) {}
  static of(raw: Uint8Array[], decode: (b: Uint8Array) => string): StringValues {
    let total = 0;
    for (const r of raw) total += r.length;
    const buf = new Uint8Array(total);
    const starts = new Uint32Array(raw.length);
    const lens = new Uint32Array(raw.length);
    let o = 0;
    raw.forEach((r, i) => {
      buf.set(r, o);
      starts[i] = o;
      lens[i] = r.length;
      o += r.length;
    });
    return new StringValues(buf, starts, lens, decode);
  }
  get length(): number {
    return this.starts.length;
  }
  get raw(): readonly Uint8Array[] {
    return (this.rawCache ??= Array.from(this.starts, (st, i) => this.buf.subarray(st, st + this.lens[i])));
  }
  get strings(): readonly string[] {
    return (this.cache ??= Array.from(this.starts, (_, i) => this.at(i)));
  }
  at(i: number): string {
    if (this.cache) return this.cache[i];
    const st = this.starts[i];
    return this.decode(this.buf.subarray(st, st + this.lens[i]));
  }
  /** Entries whose stored length is not `len` (UUID columns), as flags. */
  invalidUnless(len: number): Uint8Array | undefined {
    let invalid: Uint8Array | undefined;
    for (let i = 0; i < this.lens.length; i++) if (this.lens[i] !== len) (invalid ??= new Uint8Array(this.lens.length))[i] = 1;
    return invalid;
  }
}

function uuidOrEmpty(b: Uint8Array): string {
  return b.length === 16 ? uuidText(b) : '';
}

/** Turns raw byte values into the column type's representation. Invalid UUIDs become undefined. */
function bytesToValues(type: ColumnType, raw: Uint8Array[]): { values: ColumnValues; invalid: Uint8Array | undefined } {
  if (type === ColumnType.String || type === ColumnType.RangeString) return { values: StringValues.of(raw, fromUtf8), invalid: undefined };
  if (type === ColumnType.UUID) {
    const values = StringValues.of(raw, uuidOrEmpty);
    return { values, invalid: values.invalidUnless(16) };
  }
  return { values: { kind: 'bytes', bytes: raw }, invalid: undefined };
}

function isBytesType(type: ColumnType): boolean {
  return type === ColumnType.String || type === ColumnType.Bytes || type === ColumnType.UUID || type === ColumnType.RangeString || type === ColumnType.RangeBytes;
}

/** Dictionary body (spec 9.5) for a column type. */
function readDictionary(d: ByteReader, type: ColumnType, limits: ColumnDecodeLimits): { values: ColumnValues; size: number; invalid: Uint8Array | undefined } {
  if (d.remaining === 0) return { ...emptyValues(type), size: 0 };
  const n = d.u32();
  switch (type) {
    case ColumnType.Int64:
    case ColumnType.Uint64:
    case ColumnType.Float64: {
      d.need(n * 8);
      const num = new Float64Array(n);
      if (type === ColumnType.Float64) {
        for (let i = 0; i < n; i++) num[i] = d.f64();
        return { values: { kind: 'float64', num }, size: n, invalid: undefined };
      }
      if (type === ColumnType.Int64) {
        const big = new BigInt64Array(n);
        for (let i = 0; i < n; i++) {
          const hi = d.u64hi();
          big[i] = BigInt.asIntN(64, (BigInt(hi) << 32n) | BigInt(d.lo));
          num[i] = (hi | 0) * TWO32 + d.lo;
        }
        return { values: { kind: 'int64', big, num }, size: n, invalid: undefined };
      }
      const big = new BigUint64Array(n);
      for (let i = 0; i < n; i++) {
        const hi = d.u64hi();
        big[i] = (BigInt(hi) << 32n) | BigInt(d.lo);
        num[i] = hi * TWO32 + d.lo;
      }
      return { values: { kind: 'uint64', big, num }, size: n, invalid: undefined };
    }
    case ColumnType.Bool: {
      d.need(n);
      return { values: { kind: 'bool', bool: d.bytesView(n).slice() }, size: n, invalid: undefined };
    }
    default: {
      if (!isBytesType(type)) throw new BlockpackError(BlockpackErrorCode.UnsupportedEncoding, `no dictionary for column type ${type}`);
      d.need(n * 4);
      if (type === ColumnType.String || type === ColumnType.RangeString || type === ColumnType.UUID) {
        // Offsets into the decompressed dictionary; entries are sliced and decoded on access.
        const starts = new Uint32Array(n);
        const lens = new Uint32Array(n);
        for (let i = 0; i < n; i++) {
          const len = d.u32();
          d.need(len);
          starts[i] = d.pos;
          lens[i] = len;
          d.pos += len;
        }
        const values = new StringValues(d.bytes, starts, lens, type === ColumnType.UUID ? uuidOrEmpty : fromUtf8);
        return { values, invalid: type === ColumnType.UUID ? values.invalidUnless(16) : undefined, size: n };
      }
      const raw: Uint8Array[] = new Array(n);
      let total = 0;
      for (let i = 0; i < n; i++) {
        raw[i] = d.bytes32();
        total += raw[i].length;
      }
      if (total > limits.maxDecompressedBytes) throw limitExceeded('dictionary bytes', total, limits.maxDecompressedBytes);
      return { ...bytesToValues(type, raw), size: n };
    }
  }
}

function emptyValues(type: ColumnType): { values: ColumnValues; invalid: undefined } {
  switch (type) {
    case ColumnType.Int64:
      return { values: { kind: 'int64', big: new BigInt64Array(0), num: new Float64Array(0) }, invalid: undefined };
    case ColumnType.Uint64:
      return { values: { kind: 'uint64', big: new BigUint64Array(0), num: new Float64Array(0) }, invalid: undefined };
    case ColumnType.Float64:
      return { values: { kind: 'float64', num: new Float64Array(0) }, invalid: undefined };
    case ColumnType.Bool:
      return { values: { kind: 'bool', bool: new Uint8Array(0) }, invalid: undefined };
    case ColumnType.Bytes:
    case ColumnType.RangeBytes:
      return { values: { kind: 'bytes', bytes: [] }, invalid: undefined };
    default:
      return { values: StringValues.of([], fromUtf8), invalid: undefined };
  }
}

function checkRows(got: number, rows: number, what: string, at: number): void {
  if (got !== rows) throw corrupt(`${what}: row count ${got}, block has ${rows}`, at);
}

/** Maps per-present-row ordinal values: index[row] = rank of the row among present rows. */
function rankIndex(present: Uint8Array, rows: number): Int32Array {
  const index = new Int32Array(rows).fill(-1);
  for (let r = 0, k = 0; r < rows; r++) if (isPresent(present, r)) index[r] = k++;
  return index;
}

function finish(name: string, type: ColumnType, encoding: EncodingKind, rows: number, present: Uint8Array, index: Int32Array, values: ColumnValues, invalid: Uint8Array | undefined): Column {
  if (invalid) {
    for (let r = 0; r < rows; r++) {
      const i = index[r];
      if (i >= 0 && invalid[i]) {
        index[r] = -1;
        present[r >>> 3] &= ~(1 << (r & 7));
      }
    }
  }
  return { name, type, encoding, rows, present, index, values };
}

/**
 * Decodes one column blob (spec 9). Returns undefined for vector columns (type 13 / kind 14),
 * which this port skips.
 * @throws BlockpackError on any inconsistency (spec 9.14)
 */
export function decodeColumn(
  blob: Uint8Array,
  base: number,
  name: string,
  type: ColumnType,
  rows: number,
  zstd: ZstdCodec,
  limits: ColumnDecodeLimits,
): Column | undefined {
  if (type === ColumnType.VectorF32) return undefined;
  const r = new ByteReader(blob, `column ${name}`, 0, blob.length, base);
  const ver = r.u8();
  if (ver !== COLUMN_ENCODING_VERSION) throw unsupportedVersion(`column ${name} encoding`, ver, '2', base);
  const kind = r.u8() as EncodingKind;
  if (type > ColumnType.UUID) throw new BlockpackError(BlockpackErrorCode.UnsupportedEncoding, `column ${name}: type ${type}`, base);
  const at = r.base + r.pos;
  switch (kind) {
    case EncodingKind.Dictionary:
    case EncodingKind.SparseDictionary: {
      const width = r.u8();
      const dict = readDictionary(readZstdSection(r, zstd, limits, `column ${name} dictionary`), type, limits);
      checkRows(r.u32(), rows, name, at);
      const present = decodePresenceRLE(r, rows);
      const pc = popcount(present);
      const n = kind === EncodingKind.Dictionary ? rows : r.u32();
      if (kind === EncodingKind.SparseDictionary && n !== pc) throw corrupt(`column ${name}: present_count ${n}, presence has ${pc}`, at);
      if (n > 0 && width !== 1 && width !== 2 && width !== 4) throw corrupt(`column ${name}: index width ${width}`, at);
      r.need(n * width);
      const index = new Int32Array(rows).fill(-1);
      for (let row = 0; row < rows; row++) {
        const p = isPresent(present, row);
        if (kind === EncodingKind.SparseDictionary && !p) continue;
        const v = width === 1 ? r.u8() : width === 2 ? r.u16() : r.u32();
        if (!p) continue;
        if (v >= dict.size) throw corrupt(`column ${name}: index ${v} outside dictionary of ${dict.size}`, at);
        index[row] = v;
      }
      return finish(name, type, kind, rows, present, index, dict.values, dict.invalid);
    }
    case EncodingKind.RLEIndexes:
    case EncodingKind.SparseRLEIndexes: {
      r.u8(); // index width: not used by the RLE body
      const dict = readDictionary(readZstdSection(r, zstd, limits, `column ${name} dictionary`), type, limits);
      checkRows(r.u32(), rows, name, at);
      const present = decodePresenceRLE(r, rows);
      const pc = popcount(present);
      const n = r.u32();
      const expect = kind === EncodingKind.RLEIndexes ? rows : pc;
      if (n !== expect) throw corrupt(`column ${name}: index_count ${n}, expected ${expect}`, at);
      const len = r.u32();
      const idx = decodeIndexRLE(r, len, n);
      if (idx === undefined) throw corrupt(`column ${name}: index RLE shorter than ${n}`, at);
      const index = new Int32Array(rows).fill(-1);
      for (let row = 0, k = 0; row < rows; row++) {
        const p = isPresent(present, row);
        if (kind === EncodingKind.SparseRLEIndexes && !p) continue;
        const v = idx[k++];
        if (!p) continue;
        if (v >= dict.size) throw corrupt(`column ${name}: index ${v} outside dictionary of ${dict.size}`, at);
        index[row] = v;
      }
      return finish(name, type, kind, rows, present, index, dict.values, dict.invalid);
    }
    case EncodingKind.InlineBytes:
    case EncodingKind.SparseInlineBytes: {
      if (!isBytesType(type)) throw new BlockpackError(BlockpackErrorCode.UnsupportedEncoding, `column ${name}: kind ${kind} for type ${type}`, at);
      checkRows(r.u32(), rows, name, at);
      const present = decodePresenceRLE(r, rows);
      const pc = popcount(present);
      if (kind === EncodingKind.SparseInlineBytes) {
        const n = r.u32();
        if (n !== pc) throw corrupt(`column ${name}: present_count ${n}, presence has ${pc}`, at);
      }
      const raw: Uint8Array[] = [];
      r.need((kind === EncodingKind.InlineBytes ? rows : pc) * 4);
      for (let row = 0; row < rows; row++) {
        const p = isPresent(present, row);
        if (kind === EncodingKind.SparseInlineBytes && !p) continue;
        const v = r.bytes32();
        if (p) raw.push(v);
      }
      const { values, invalid } = bytesToValues(type, raw);
      return finish(name, type, kind, rows, present, rankIndex(present, rows), values, invalid);
    }
    case EncodingKind.DeltaUint64: {
      if (type !== ColumnType.Uint64) throw new BlockpackError(BlockpackErrorCode.UnsupportedEncoding, `column ${name}: delta encoding for type ${type}`, at);
      checkRows(r.u32(), rows, name, at);
      const present = decodePresenceRLE(r, rows);
      const pc = popcount(present);
      const baseHi = r.u64hi();
      const baseLo = r.lo;
      const width = r.u8();
      const big = new BigUint64Array(pc);
      const num = new Float64Array(pc);
      const dv = new DataView(big.buffer);
      if (pc > 0 && width !== 0) {
        if (width !== 1 && width !== 2 && width !== 4 && width !== 8) throw corrupt(`column ${name}: delta width ${width}`, at);
        const d = readZstdSection(r, zstd, limits, `column ${name} offsets`);
        d.need(pc * width);
        for (let i = 0; i < pc; i++) {
          let oHi = 0;
          let oLo: number;
          if (width === 1) oLo = d.u8();
          else if (width === 2) oLo = d.u16();
          else if (width === 4) oLo = d.u32();
          else {
            oHi = d.u64hi();
            oLo = d.lo;
          }
          let lo = baseLo + oLo;
          let hi = baseHi + oHi;
          if (lo >= TWO32) {
            lo -= TWO32;
            hi += 1;
          }
          hi %= TWO32;
          dv.setUint32(i * 8, lo, true);
          dv.setUint32(i * 8 + 4, hi, true);
          num[i] = hi * TWO32 + lo;
        }
      } else if (pc > 0) {
        if (width !== 0) throw corrupt(`column ${name}: delta width ${width}`, at);
        for (let i = 0; i < pc; i++) {
          dv.setUint32(i * 8, baseLo, true);
          dv.setUint32(i * 8 + 4, baseHi, true);
          num[i] = baseHi * TWO32 + baseLo;
        }
      }
      return finish(name, type, kind, rows, present, rankIndex(present, rows), { kind: 'uint64', big, num }, undefined);
    }
    case EncodingKind.XORBytes:
    case EncodingKind.SparseXORBytes: {
      if (!isBytesType(type)) throw new BlockpackError(BlockpackErrorCode.UnsupportedEncoding, `column ${name}: kind ${kind} for type ${type}`, at);
      checkRows(r.u32(), rows, name, at);
      const present = decodePresenceRLE(r, rows);
      const pc = popcount(present);
      const raw: Uint8Array[] = new Array(pc);
      if (pc > 0) {
        const d = readZstdSection(r, zstd, limits, `column ${name} xor payload`);
        d.need(pc * 4);
        // First pass: output lengths (max of stored and previous), so all values share one buffer.
        const start = d.pos;
        let prevLen = 0;
        let total = 0;
        for (let i = 0; i < pc; i++) {
          const sl = d.u32();
          d.skip(sl);
          prevLen = Math.max(sl, prevLen);
          total += prevLen;
          if (total > limits.maxDecompressedBytes) throw limitExceeded(`column ${name} decoded bytes`, total, limits.maxDecompressedBytes);
        }
        d.pos = start;
        const buf = new Uint8Array(total);
        let o = 0;
        let prev = buf.subarray(0, 0);
        for (let i = 0; i < pc; i++) {
          const s = d.bytes32();
          const len = Math.max(s.length, prev.length);
          const out = buf.subarray(o, o + len);
          o += len;
          for (let k = 0; k < s.length; k++) out[k] = s[k] ^ (k < prev.length ? prev[k] : 0);
          for (let k = s.length; k < prev.length; k++) out[k] = prev[k];
          raw[i] = out;
          prev = out;
        }
      }
      const { values, invalid } = bytesToValues(type, raw);
      return finish(name, type, kind, rows, present, rankIndex(present, rows), values, invalid);
    }
    case EncodingKind.PrefixBytes:
    case EncodingKind.SparsePrefixBytes: {
      if (!isBytesType(type)) throw new BlockpackError(BlockpackErrorCode.UnsupportedEncoding, `column ${name}: kind ${kind} for type ${type}`, at);
      checkRows(r.u32(), rows, name, at);
      const present = decodePresenceRLE(r, rows);
      const pc = popcount(present);
      const pd = readZstdSection(r, zstd, limits, `column ${name} prefixes`);
      const np = pd.u32();
      pd.need(np * 4);
      const prefixes: Uint8Array[] = new Array(np);
      for (let i = 0; i < np; i++) prefixes[i] = pd.bytes32();
      const sd = readZstdSection(r, zstd, limits, `column ${name} suffixes`);
      const w = sd.u8();
      if (w !== 1 && w !== 2 && w !== 4) throw corrupt(`column ${name}: prefix index width ${w}`, at);
      const none = w === 1 ? 0xff : w === 2 ? 0xffff : 0xffffffff;
      sd.need(pc * (w + 4));
      const raw: Uint8Array[] = new Array(pc);
      let total = 0;
      for (let i = 0; i < pc; i++) {
        const idx = w === 1 ? sd.u8() : w === 2 ? sd.u16() : sd.u32();
        const suffix = sd.bytes32();
        // Like Go: the all-ones index and any index past the prefix table mean "no prefix".
        const p = idx !== none && idx < np ? prefixes[idx] : undefined;
        const len = (p?.length ?? 0) + suffix.length;
        total += len;
        if (total > limits.maxDecompressedBytes) throw limitExceeded(`column ${name} decoded bytes`, total, limits.maxDecompressedBytes);
        const out = new Uint8Array(len);
        if (p) out.set(p, 0);
        out.set(suffix, p?.length ?? 0);
        raw[i] = out;
      }
      const { values, invalid } = bytesToValues(type, raw);
      return finish(name, type, kind, rows, present, rankIndex(present, rows), values, invalid);
    }
    case EncodingKind.DeltaDictionary:
    case EncodingKind.SparseDeltaDictionary: {
      if (!isBytesType(type)) throw new BlockpackError(BlockpackErrorCode.UnsupportedEncoding, `column ${name}: kind ${kind} for type ${type}`, at);
      r.u8(); // index width: ignored by readers
      const dict = readDictionary(readZstdSection(r, zstd, limits, `column ${name} dictionary`), type, limits);
      checkRows(r.u32(), rows, name, at);
      const present = decodePresenceRLE(r, rows);
      const pc = popcount(present);
      const n = kind === EncodingKind.DeltaDictionary ? rows : pc;
      const index = new Int32Array(rows).fill(-1);
      if (n > 0) {
        const d = readZstdSection(r, zstd, limits, `column ${name} deltas`);
        d.need(n * 4);
        let cur = 0;
        for (let row = 0; row < rows; row++) {
          const p = isPresent(present, row);
          if (kind === EncodingKind.SparseDeltaDictionary && !p) continue;
          cur += d.i32();
          if (cur < 0 || cur >= dict.size) throw corrupt(`column ${name}: running index ${cur} outside dictionary of ${dict.size}`, at);
          if (p) index[row] = cur;
        }
      }
      return finish(name, type, kind, rows, present, index, dict.values, dict.invalid);
    }
    case EncodingKind.VectorF32:
      return undefined;
    default:
      throw new BlockpackError(BlockpackErrorCode.UnsupportedEncoding, `column ${name}: unknown encoding kind ${kind}`, at - 1);
  }
}

/** The value of one row as a JS value (string, bigint, number, boolean, Uint8Array), or undefined. */
export function columnValue(col: Column, row: number): string | bigint | number | boolean | Uint8Array | undefined {
  const i = col.index[row];
  if (i < 0) return undefined;
  const v = col.values;
  switch (v.kind) {
    case 'string':
      return v.at(i);
    case 'bytes':
      return v.bytes[i];
    case 'int64':
    case 'uint64':
      return v.big[i];
    case 'float64':
      return v.num[i];
    case 'bool':
      return v.bool[i] !== 0;
  }
}
