import { MeboError, MeboErrorCode } from '../errors.js';
import { ByteWriter } from '../bytes/byte-writer.js';
import { checkU32, viewOf } from './checks.js';
import { NUMERIC_EXT_INDEX_ENTRY_SIZE, NUMERIC_INDEX_ENTRY_SIZE } from './numeric-flag.js';

/** Default `maxMetrics`: Go's encoder never writes more (blob.MaxMetricCount). */
export const DEFAULT_MAX_METRICS = 65536;

/**
 * A decoded numeric index, struct-of-arrays: entry i is metric i in index order. Metric ids are
 * u64 split into u32 halves; offsets are absolute positions in the decompressed payloads and
 * lengths are derived from the next entry (the last one from the payload length).
 */
export interface NumericIndex {
  readonly length: number;
  readonly idHi: Uint32Array;
  readonly idLo: Uint32Array;
  /** Points per metric. */
  readonly counts: Uint32Array;
  readonly tsOffsets: Uint32Array;
  readonly tsLengths: Uint32Array;
  readonly valueOffsets: Uint32Array;
  readonly valueLengths: Uint32Array;
  readonly tagOffsets: Uint32Array;
  readonly tagLengths: Uint32Array;
}

/** What an encoder supplies: ids, counts and absolute column offsets (lengths are implied). */
export interface NumericIndexEntries {
  readonly length: number;
  readonly idHi: ArrayLike<number>;
  readonly idLo: ArrayLike<number>;
  readonly counts: ArrayLike<number>;
  readonly tsOffsets: ArrayLike<number>;
  readonly valueOffsets: ArrayLike<number>;
  readonly tagOffsets: ArrayLike<number>;
}

/** Where the index is and what bounds it: from the header and the decompressed payload sizes. */
export interface NumericIndexLayout {
  /** Byte offset of the first entry (32 + names payload length). */
  readonly offset: number;
  readonly metricCount: number;
  readonly entrySize: 16 | 32;
  readonly bigEndian: boolean;
  readonly timestampPayloadLength: number;
  readonly valuePayloadLength: number;
  readonly tagPayloadLength: number;
}

export interface NumericIndexOptions {
  /** Reject indexes with more entries (LIMIT_EXCEEDED). Default 65536, Go's encoder limit. */
  readonly maxMetrics?: number;
  /**
   * Reject ids that are not ascending (unsigned) with CORRUPT_DATA. Default false: Go does not
   * check (an unsorted V2 index makes its binary search miss); see {@link isSortedByMetricId}.
   */
  readonly requireSortedIds?: boolean;
}

/**
 * Decodes `metricCount` entries (§3.5–3.6). Everything is validated before the result arrays are
 * allocated: the entries fit the bytes, the count is within `maxMetrics`, extended entries have
 * zero reserved bytes, and the last absolute offset of each payload is within its length.
 * Offsets cannot decrease (deltas are unsigned), which Go also checks.
 * @throws MeboError INVALID_INDEX_ENTRY_SIZE, LIMIT_EXCEEDED, INVALID_RESERVED_BYTES,
 *   INVALID_INDEX_OFFSETS, CORRUPT_DATA (unsorted, when required), INVALID_ARGUMENT (bad layout).
 */
export function decodeNumericIndex(bytes: Uint8Array, layout: NumericIndexLayout, options: NumericIndexOptions = {}): NumericIndex {
  const { offset, metricCount: n, entrySize, bigEndian } = layout;
  const tsLen = layout.timestampPayloadLength;
  const valLen = layout.valuePayloadLength;
  const tagLen = layout.tagPayloadLength;
  checkU32('metricCount', n);
  checkU32('timestampPayloadLength', tsLen);
  checkU32('valuePayloadLength', valLen);
  checkU32('tagPayloadLength', tagLen);
  if (entrySize !== NUMERIC_INDEX_ENTRY_SIZE && entrySize !== NUMERIC_EXT_INDEX_ENTRY_SIZE) {
    throw new MeboError(MeboErrorCode.InvalidArgument, `entry size must be 16 or 32, got ${entrySize}`);
  }
  if (!Number.isInteger(offset) || offset < 0 || offset > bytes.length || bytes.length - offset < n * entrySize) {
    throw new MeboError(MeboErrorCode.InvalidIndexEntrySize, `index of ${n} × ${entrySize} bytes does not fit: ${Math.max(0, bytes.length - offset)} bytes left`, offset);
  }
  const maxMetrics = options.maxMetrics ?? DEFAULT_MAX_METRICS;
  if (n > maxMetrics) throw new MeboError(MeboErrorCode.LimitExceeded, `index has ${n} metrics, limit ${maxMetrics}`, offset);

  const v = viewOf(bytes);
  const le = !bigEndian;
  const ext = entrySize === NUMERIC_EXT_INDEX_ENTRY_SIZE;

  // Pass 1: validate without allocating (Go's order: reserved bytes per entry, then the end check).
  let ts = 0;
  let val = 0;
  let tag = 0;
  let prevHi = 0;
  let prevLo = 0;
  for (let i = 0, p = offset; i < n; i++, p += entrySize) {
    if (ext) {
      if (v.getUint32(p + 24, true) !== 0 || v.getUint32(p + 28, true) !== 0) {
        throw new MeboError(MeboErrorCode.InvalidReservedBytes, `index entry ${i}: reserved bytes 24–31 are not zero`, p + 24);
      }
      ts += v.getUint32(p + 12, le);
      val += v.getUint32(p + 16, le);
      tag += v.getUint32(p + 20, le);
    } else {
      ts += v.getUint16(p + 10, le);
      val += v.getUint16(p + 12, le);
      tag += v.getUint16(p + 14, le);
    }
    if (options.requireSortedIds) {
      const hi = v.getUint32(le ? p + 4 : p, le);
      const lo = v.getUint32(le ? p : p + 4, le);
      if (i > 0 && (hi < prevHi || (hi === prevHi && lo < prevLo))) {
        throw new MeboError(MeboErrorCode.CorruptData, `index entry ${i}: metric ids not in ascending order`, p);
      }
      prevHi = hi;
      prevLo = lo;
    }
  }
  if (n > 0) {
    if (ts > tsLen) throw endError('timestamp', ts, tsLen, offset);
    if (val > valLen) throw endError('value', val, valLen, offset);
    if (tag > tagLen) throw endError('tag', tag, tagLen, offset);
  }

  // Pass 2: one allocation, nine views.
  const buf = new ArrayBuffer(n * 4 * 9);
  const col = (k: number): Uint32Array => new Uint32Array(buf, k * n * 4, n);
  const idx: NumericIndex = {
    length: n,
    idHi: col(0),
    idLo: col(1),
    counts: col(2),
    tsOffsets: col(3),
    tsLengths: col(4),
    valueOffsets: col(5),
    valueLengths: col(6),
    tagOffsets: col(7),
    tagLengths: col(8),
  };
  ts = val = tag = 0;
  for (let i = 0, p = offset; i < n; i++, p += entrySize) {
    idx.idHi[i] = v.getUint32(le ? p + 4 : p, le);
    idx.idLo[i] = v.getUint32(le ? p : p + 4, le);
    if (ext) {
      idx.counts[i] = v.getUint32(p + 8, le);
      ts += v.getUint32(p + 12, le);
      val += v.getUint32(p + 16, le);
      tag += v.getUint32(p + 20, le);
    } else {
      idx.counts[i] = v.getUint16(p + 8, le);
      ts += v.getUint16(p + 10, le);
      val += v.getUint16(p + 12, le);
      tag += v.getUint16(p + 14, le);
    }
    idx.tsOffsets[i] = ts;
    idx.valueOffsets[i] = val;
    idx.tagOffsets[i] = tag;
    if (i > 0) {
      idx.tsLengths[i - 1] = ts - idx.tsOffsets[i - 1];
      idx.valueLengths[i - 1] = val - idx.valueOffsets[i - 1];
      idx.tagLengths[i - 1] = tag - idx.tagOffsets[i - 1];
    }
  }
  if (n > 0) {
    idx.tsLengths[n - 1] = tsLen - ts;
    idx.valueLengths[n - 1] = valLen - val;
    idx.tagLengths[n - 1] = tagLen - tag;
  }
  return idx;
}

/**
 * V2 entry size (Go `selectIndexFormat`): 16 if every count and every offset delta fits a u16,
 * else 32. V1 blobs always use 16.
 */
export function selectNumericIndexEntrySize(entries: NumericIndexEntries): 16 | 32 {
  let pts = 0;
  let pv = 0;
  let ptag = 0;
  for (let i = 0; i < entries.length; i++) {
    const ts = entries.tsOffsets[i];
    const val = entries.valueOffsets[i];
    const tag = entries.tagOffsets[i];
    if (entries.counts[i] > 0xffff || ts - pts > 0xffff || val - pv > 0xffff || tag - ptag > 0xffff) return 32;
    pts = ts;
    pv = val;
    ptag = tag;
  }
  return 16;
}

/** Encoded size of an index. */
export function numericIndexSize(metricCount: number, entrySize: 16 | 32): number {
  return metricCount * entrySize;
}

/**
 * Writes the entries at the writer's position, delta-coding the absolute offsets (§3.6); byte
 * order from `bigEndian`, not the writer.
 * @throws MeboError INVALID_INDEX_OFFSETS (an offset decreases), OFFSET_OUT_OF_RANGE (a count or
 *   delta does not fit a compact entry), INVALID_ARGUMENT (not u32, or a bad entry size).
 */
export function writeNumericIndex(w: ByteWriter, entries: NumericIndexEntries, entrySize: 16 | 32, bigEndian: boolean): void {
  if (entrySize !== NUMERIC_INDEX_ENTRY_SIZE && entrySize !== NUMERIC_EXT_INDEX_ENTRY_SIZE) {
    throw new MeboError(MeboErrorCode.InvalidArgument, `entry size must be 16 or 32, got ${entrySize}`);
  }
  const n = entries.length;
  w.ensure(n * entrySize);
  const v = w.view;
  const le = !bigEndian;
  const ext = entrySize === NUMERIC_EXT_INDEX_ENTRY_SIZE;
  const max = ext ? 0xffff_ffff : 0xffff;
  let pts = 0;
  let pv = 0;
  let ptag = 0;
  let p = w.pos;
  for (let i = 0; i < n; i++, p += entrySize) {
    const hi = entries.idHi[i];
    const lo = entries.idLo[i];
    checkU32('idHi', hi);
    checkU32('idLo', lo);
    const count = entries.counts[i];
    const ts = entries.tsOffsets[i];
    const val = entries.valueOffsets[i];
    const tag = entries.tagOffsets[i];
    checkU32('count', count);
    checkU32('tsOffset', ts);
    checkU32('valueOffset', val);
    checkU32('tagOffset', tag);
    if (ts < pts || val < pv || tag < ptag) throw new MeboError(MeboErrorCode.InvalidIndexOffsets, `entry ${i}: offsets decrease`);
    const dts = ts - pts;
    const dv = val - pv;
    const dtag = tag - ptag;
    if (count > max || dts > max || dv > max || dtag > max) {
      throw new MeboError(MeboErrorCode.OffsetOutOfRange, `entry ${i}: count or offset delta exceeds ${max} for ${entrySize}-byte entries`);
    }
    v.setUint32(le ? p + 4 : p, hi, le);
    v.setUint32(le ? p : p + 4, lo, le);
    if (ext) {
      v.setUint32(p + 8, count, le);
      v.setUint32(p + 12, dts, le);
      v.setUint32(p + 16, dv, le);
      v.setUint32(p + 20, dtag, le);
      v.setUint32(p + 24, 0);
      v.setUint32(p + 28, 0);
    } else {
      v.setUint16(p + 8, count, le);
      v.setUint16(p + 10, dts, le);
      v.setUint16(p + 12, dv, le);
      v.setUint16(p + 14, dtag, le);
    }
    pts = ts;
    pv = val;
    ptag = tag;
  }
  w.pos = p;
}

/** The entries as new bytes. @throws as {@link writeNumericIndex}. */
export function encodeNumericIndex(entries: NumericIndexEntries, entrySize: 16 | 32, bigEndian: boolean): Uint8Array {
  const w = new ByteWriter(entries.length * entrySize);
  writeNumericIndex(w, entries, entrySize, bigEndian);
  return w.finish();
}

/** True if the ids ascend as unsigned 64-bit values (ties allowed: real collisions repeat ids). */
export function isSortedByMetricId(index: Pick<NumericIndex, 'length' | 'idHi' | 'idLo'>): boolean {
  for (let i = 1; i < index.length; i++) {
    const a = index.idHi[i - 1];
    const b = index.idHi[i];
    if (b < a || (b === a && index.idLo[i] < index.idLo[i - 1])) return false;
  }
  return true;
}

function endError(what: string, end: number, len: number, at: number): MeboError {
  return new MeboError(MeboErrorCode.InvalidIndexOffsets, `last ${what} offset ${end} beyond payload length ${len}`, at);
}
