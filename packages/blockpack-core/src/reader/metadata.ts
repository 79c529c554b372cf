import { ByteReader } from '../shared/bytes.js';
import {
  BLOCK_INDEX_ENTRY_SIZE,
  BLOCK_KIND_LEAF,
  ColumnType,
  COMPACT_INDEX_MAGIC,
  MAX_BLOCKS,
  MAX_COMPACT_BLOOM_BYTES,
  TRACE_ID_LEN,
  TRACE_INDEX_FORMAT_V1,
  TRACE_INDEX_FORMAT_V2,
  TS_INDEX_ENTRY_SIZE,
  TS_INDEX_MAGIC,
  TS_INDEX_VERSION,
} from '../shared/constants.js';
import { BlockpackError, BlockpackErrorCode, corrupt, limitExceeded, outOfRange, unsupportedVersion } from '../shared/errors.js';

/** One block of the block index (spec 7.4). */
export interface BlockInfo {
  id: number;
  offset: number;
  length: number;
  spanCount: number;
  /** Minimum and maximum `span:start` of the block, in ns. */
  minStart: bigint;
  maxStart: bigint;
}

/** One value entry of a range-index column: a key and the blocks filed under it. */
export interface RangeEntry {
  /** Numeric types: 8 bytes LE (int64 / uint64 / float64 bits). String and bytes: up to 50 bytes. */
  key: Uint8Array;
  blocks: Uint32Array;
}

/** One column of the range index (spec 7.5), as stored. Lookups are the query layer's job. */
export interface RangeColumn {
  name: string;
  /** Range type id: 6 int64, 7 uint64, 8 duration (signed), 9 float64, 10 bytes, 11 string; 0–5 legacy. */
  type: number;
  /** Raw 64-bit patterns of the lowest and highest boundary (numeric types only). */
  bucketMin: bigint;
  bucketMax: bigint;
  /** Raw 64-bit boundary patterns (numeric types). */
  boundaries: BigInt64Array;
  /** Float64 typed boundaries (type 9). */
  floatBoundaries: Float64Array;
  /** String/bytes typed boundaries (types 10, 11), full length. */
  bytesBoundaries: Uint8Array[];
  /** Value entries in file order (bytewise by key content). */
  entries: RangeEntry[];
}

/**
 * The trace block index (spec 7.7), flattened: trace i has id `ids[16i … 16i+16)` and blocks
 * `blockIds[starts[i] … starts[i+1])`.
 */
export interface TraceBlockIndex {
  count: number;
  ids: Uint8Array;
  starts: Uint32Array;
  blockIds: Uint16Array;
}

export interface TsIndexEntry {
  minTs: bigint;
  maxTs: bigint;
  blockId: number;
}

export interface FileMetadata {
  blocks: BlockInfo[];
  rangeIndex: Map<string, RangeColumn>;
  traceIndex: TraceBlockIndex | undefined;
  tsIndex: TsIndexEntry[] | undefined;
}

/** A u64 as a non-negative safe Number, else OFFSET_OUT_OF_RANGE. */
function safeU64(r: ByteReader, what: string): number {
  const at = r.base + r.pos;
  const hi = r.u64hi();
  if (hi >= 0x200000) throw outOfRange(what, hi * 0x1_0000_0000, Number.MAX_SAFE_INTEGER, at);
  return hi * 0x1_0000_0000 + r.lo;
}

export function parseBlockIndex(r: ByteReader, fileLimit: number): BlockInfo[] {
  const count = r.u32();
  if (count > MAX_BLOCKS) throw limitExceeded('block count', count, MAX_BLOCKS, r.base + r.pos - 4);
  r.need(count * BLOCK_INDEX_ENTRY_SIZE);
  const blocks: BlockInfo[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const at = r.base + r.pos;
    const offset = safeU64(r, 'block offset');
    const length = safeU64(r, 'block length');
    const kind = r.u8();
    if (kind !== BLOCK_KIND_LEAF) throw corrupt(`block ${i}: kind ${kind}, expected 0 (leaf)`, at + 16);
    const spanCount = r.u32();
    const minStart = r.bigU64();
    const maxStart = r.bigU64();
    if (offset + length > fileLimit) throw outOfRange(`block ${i} end`, offset + length, fileLimit, at);
    blocks[i] = { id: i, offset, length, spanCount, minStart, maxStart };
  }
  return blocks;
}

function readRangeKey(r: ByteReader, type: number): Uint8Array {
  switch (type) {
    case ColumnType.RangeInt64:
    case ColumnType.RangeUint64:
    case ColumnType.RangeDuration:
    case ColumnType.RangeFloat64:
      return r.bytesView(r.u8());
    case ColumnType.RangeBytes:
    case ColumnType.RangeString:
    case ColumnType.String:
    case ColumnType.Bytes:
      return r.bytes32();
    case ColumnType.Int64:
    case ColumnType.Uint64:
    case ColumnType.Float64:
      return r.bytesView(8);
    default: // Bool
      return r.bytesView(1);
  }
}

export function parseRangeIndex(r: ByteReader): Map<string, RangeColumn> {
  const count = r.u32();
  // Each column entry takes at least 2 + 1 + 8 + 8 + 4 + 4 + 4 bytes.
  r.need(count * 31);
  const out = new Map<string, RangeColumn>();
  for (let c = 0; c < count; c++) {
    const name = r.str16();
    const at = r.base + r.pos;
    const type = r.u8();
    if (type > ColumnType.RangeString) throw new BlockpackError(BlockpackErrorCode.UnsupportedEncoding, `range index ${name}: type ${type}`, at);
    const bucketMin = r.bigI64();
    const bucketMax = r.bigI64();
    const nb = r.u32();
    r.need(nb * 8);
    const boundaries = new BigInt64Array(nb);
    for (let i = 0; i < nb; i++) boundaries[i] = r.bigI64();
    const nt = r.u32();
    let floatBoundaries = new Float64Array(0);
    const bytesBoundaries: Uint8Array[] = [];
    if (type === ColumnType.RangeFloat64 || type === ColumnType.Float64) {
      r.need(nt * 8);
      floatBoundaries = new Float64Array(nt);
      for (let i = 0; i < nt; i++) floatBoundaries[i] = r.f64();
    } else if (type === ColumnType.RangeBytes || type === ColumnType.RangeString || type === ColumnType.String || type === ColumnType.Bytes) {
      r.need(nt * 4);
      for (let i = 0; i < nt; i++) bytesBoundaries.push(r.bytes32());
    } else if (nt !== 0) {
      throw corrupt(`range index ${name}: ${nt} typed boundaries for an integer type`, at);
    }
    const nv = r.u32();
    r.need(nv * 5);
    const entries: RangeEntry[] = new Array(nv);
    for (let i = 0; i < nv; i++) {
      const key = readRangeKey(r, type);
      const nids = r.u32();
      r.need(nids * 4);
      const blocks = new Uint32Array(nids);
      for (let k = 0; k < nids; k++) blocks[k] = r.u32();
      entries[i] = { key, blocks };
    }
    out.set(name, { name, type, bucketMin, bucketMax, boundaries, floatBoundaries, bytesBoundaries, entries });
  }
  return out;
}

export function parseColumnIndexStub(r: ByteReader, blockCount: number): void {
  r.need(blockCount * 4);
  for (let i = 0; i < blockCount; i++) {
    const at = r.base + r.pos;
    if (r.u32() !== 0) throw corrupt(`column-index stub of block ${i} is not 0`, at);
  }
}

/** Trace block index, format 1 or 2 (spec 7.7). Span indices of format 1 are dropped. */
export function parseTraceBlockIndex(r: ByteReader, blockCount: number): TraceBlockIndex {
  const at = r.base + r.pos;
  const fmt = r.u8();
  if (fmt !== TRACE_INDEX_FORMAT_V1 && fmt !== TRACE_INDEX_FORMAT_V2) throw unsupportedVersion('trace block index', fmt, '1 or 2', at);
  const count = r.u32();
  r.need(count * (TRACE_ID_LEN + 2));
  const ids = new Uint8Array(count * TRACE_ID_LEN);
  const starts = new Uint32Array(count + 1);
  let blockIds = new Uint16Array(Math.min(count * 2 + 16, 1 << 20));
  let n = 0;
  for (let i = 0; i < count; i++) {
    ids.set(r.bytesView(TRACE_ID_LEN), i * TRACE_ID_LEN);
    const nb = r.u16();
    r.need(nb * 2);
    if (n + nb > blockIds.length) {
      const next = new Uint16Array(Math.max(blockIds.length * 2, n + nb));
      next.set(blockIds);
      blockIds = next;
    }
    for (let k = 0; k < nb; k++) {
      const b = r.u16();
      if (b >= blockCount) throw outOfRange(`trace ${i} block id`, b, blockCount, r.base + r.pos - 2);
      blockIds[n++] = b;
      if (fmt === TRACE_INDEX_FORMAT_V1) {
        const spans = r.u16();
        r.skip(spans * 2);
      }
    }
    starts[i + 1] = n;
  }
  return { count, ids, starts, blockIds: blockIds.slice(0, n) };
}

export function parseTsIndex(r: ByteReader): TsIndexEntry[] {
  r.u32(); // magic, checked by the caller
  const at = r.base + r.pos;
  const ver = r.u8();
  if (ver !== TS_INDEX_VERSION) throw unsupportedVersion('timestamp index', ver, '1', at);
  const count = r.u32();
  if (count > MAX_BLOCKS) throw limitExceeded('timestamp index count', count, MAX_BLOCKS, at + 1);
  r.need(count * TS_INDEX_ENTRY_SIZE);
  const out: TsIndexEntry[] = new Array(count);
  for (let i = 0; i < count; i++) out[i] = { minTs: r.bigU64(), maxTs: r.bigU64(), blockId: r.u32() };
  return out;
}

/**
 * Parses the decompressed metadata (spec 7.2): block index, range index, column-index stub, trace
 * block index, timestamp index. The sketch index and file bloom that may follow are not read.
 * @throws BlockpackError
 */
export function parseMetadata(bytes: Uint8Array, metadataOffset: number, fileLimit: number): FileMetadata {
  const r = new ByteReader(bytes, 'metadata', 0, bytes.length, metadataOffset);
  const blocks = parseBlockIndex(r, fileLimit);
  const rangeIndex = parseRangeIndex(r);
  parseColumnIndexStub(r, blocks.length);
  let traceIndex: TraceBlockIndex | undefined;
  if (r.remaining >= 5) traceIndex = parseTraceBlockIndex(r, blocks.length);
  let tsIndex: TsIndexEntry[] | undefined;
  if (r.remaining >= 9 && r.view.getUint32(r.pos, true) === TS_INDEX_MAGIC) tsIndex = parseTsIndex(r);
  return { blocks, rangeIndex, traceIndex, tsIndex };
}

/** The compact trace index (spec 14): block table, bloom, and a trace block index (empty when not parsed). */
export interface CompactTraceIndex {
  version: number;
  bloom: Uint8Array;
  blocks: { offset: number; length: number }[];
  traceIndex: TraceBlockIndex;
}

/** `withTraces: false` skips its trace block index (a full open already has the metadata's copy). */
export function parseCompactTraceIndex(bytes: Uint8Array, offset: number, fileLimit: number, withTraces = true): CompactTraceIndex {
  const r = new ByteReader(bytes, 'compact trace index', 0, bytes.length, offset);
  const magic = r.u32();
  if (magic !== COMPACT_INDEX_MAGIC) throw new BlockpackError(BlockpackErrorCode.InvalidMagic, `compact index magic 0x${magic.toString(16)}`, offset);
  const version = r.u8();
  if (version !== 1 && version !== 2) throw unsupportedVersion('compact trace index', version, '1 or 2', offset + 4);
  const count = r.u32();
  if (count > MAX_BLOCKS) throw limitExceeded('compact index block count', count, MAX_BLOCKS, offset + 5);
  let bloom: Uint8Array = new Uint8Array(0);
  if (version === 2) {
    const n = r.u32();
    if (n > MAX_COMPACT_BLOOM_BYTES) throw limitExceeded('trace-id bloom size', n, MAX_COMPACT_BLOOM_BYTES, offset + 9);
    bloom = r.bytesView(n);
  }
  r.need(count * 12);
  const blocks: { offset: number; length: number }[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const o = safeU64(r, 'block offset');
    const l = r.u32();
    if (o + l > fileLimit) throw outOfRange(`compact index block ${i} end`, o + l, fileLimit);
    blocks[i] = { offset: o, length: l };
  }
  const none: TraceBlockIndex = { count: 0, ids: new Uint8Array(0), starts: new Uint32Array(1), blockIds: new Uint16Array(0) };
  return { version, bloom, blocks, traceIndex: withTraces ? parseTraceBlockIndex(r, count) : none };
}

/** Binary search of a 16-byte id; returns the trace's block ids (empty when absent). */
export function lookupTraceBlocks(ti: TraceBlockIndex, id: Uint8Array): number[] {
  let lo = 0;
  let hi = ti.count - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    let c = 0;
    const base = mid * TRACE_ID_LEN;
    for (let k = 0; k < TRACE_ID_LEN && c === 0; k++) c = ti.ids[base + k] - id[k];
    if (c === 0) return Array.from(ti.blockIds.subarray(ti.starts[mid], ti.starts[mid + 1]));
    if (c < 0) lo = mid + 1;
    else hi = mid - 1;
  }
  return [];
}
