import { MeboError, MeboErrorCode } from '../errors.js';
import { ByteWriter } from '../bytes/byte-writer.js';
import { checkU32, viewOf } from './checks.js';
import { DEFAULT_MAX_METRICS } from './numeric-index-entry.js';
import { TEXT_INDEX_ENTRY_SIZE } from './text-header.js';

/**
 * A decoded text index (§7.3), struct-of-arrays. Offsets are absolute in the decompressed data
 * section; sizes are derived from the next offset (the last one from DataSize).
 */
export interface TextIndex {
  readonly length: number;
  readonly idHi: Uint32Array;
  readonly idLo: Uint32Array;
  readonly counts: Uint32Array;
  readonly offsets: Uint32Array;
  readonly sizes: Uint32Array;
}

/** What an encoder supplies (sizes are implied by the offsets). */
export interface TextIndexEntries {
  readonly length: number;
  readonly idHi: ArrayLike<number>;
  readonly idLo: ArrayLike<number>;
  readonly counts: ArrayLike<number>;
  readonly offsets: ArrayLike<number>;
}

export interface TextIndexLayout {
  /** Byte offset of the first entry (32 + names payload length). */
  readonly offset: number;
  readonly metricCount: number;
  readonly bigEndian: boolean;
  /** Header DataSize (uncompressed). */
  readonly dataSize: number;
}

export interface TextIndexOptions {
  /** Reject indexes with more entries (LIMIT_EXCEEDED). Default 65536. */
  readonly maxMetrics?: number;
}

/**
 * Decodes `metricCount` 16-byte entries, validated before allocating: they fit the bytes, the
 * count is within `maxMetrics`, the last offset ≤ DataSize and offsets never decrease (Go checks
 * the last offset first). Reserved bytes 10–11 are not validated, as in Go.
 * @throws MeboError INVALID_INDEX_ENTRY_SIZE, LIMIT_EXCEEDED, INVALID_INDEX_OFFSETS, INVALID_ARGUMENT.
 */
export function decodeTextIndex(bytes: Uint8Array, layout: TextIndexLayout, options: TextIndexOptions = {}): TextIndex {
  const { offset, metricCount: n, bigEndian, dataSize } = layout;
  checkU32('metricCount', n);
  checkU32('dataSize', dataSize);
  if (!Number.isInteger(offset) || offset < 0 || offset > bytes.length || bytes.length - offset < n * TEXT_INDEX_ENTRY_SIZE) {
    throw new MeboError(MeboErrorCode.InvalidIndexEntrySize, `text index of ${n} × 16 bytes does not fit: ${Math.max(0, bytes.length - offset)} bytes left`, offset);
  }
  const maxMetrics = options.maxMetrics ?? DEFAULT_MAX_METRICS;
  if (n > maxMetrics) throw new MeboError(MeboErrorCode.LimitExceeded, `text index has ${n} metrics, limit ${maxMetrics}`, offset);
  const v = viewOf(bytes);
  const le = !bigEndian;
  if (n > 0) {
    const last = v.getUint32(offset + (n - 1) * TEXT_INDEX_ENTRY_SIZE + 12, le);
    if (last > dataSize) throw new MeboError(MeboErrorCode.InvalidIndexOffsets, `last text offset ${last} beyond data size ${dataSize}`, offset);
  }
  for (let i = 1, p = offset + TEXT_INDEX_ENTRY_SIZE; i < n; i++, p += TEXT_INDEX_ENTRY_SIZE) {
    if (v.getUint32(p + 12, le) < v.getUint32(p - 4, le)) {
      throw new MeboError(MeboErrorCode.InvalidIndexOffsets, `text index entry ${i}: offset decreases`, p + 12);
    }
  }
  const buf = new ArrayBuffer(n * 4 * 5);
  const col = (k: number): Uint32Array => new Uint32Array(buf, k * n * 4, n);
  const idx: TextIndex = { length: n, idHi: col(0), idLo: col(1), counts: col(2), offsets: col(3), sizes: col(4) };
  for (let i = 0, p = offset; i < n; i++, p += TEXT_INDEX_ENTRY_SIZE) {
    idx.idHi[i] = v.getUint32(le ? p + 4 : p, le);
    idx.idLo[i] = v.getUint32(le ? p : p + 4, le);
    idx.counts[i] = v.getUint16(p + 8, le);
    idx.offsets[i] = v.getUint32(p + 12, le);
    if (i > 0) idx.sizes[i - 1] = idx.offsets[i] - idx.offsets[i - 1];
  }
  if (n > 0) idx.sizes[n - 1] = dataSize - idx.offsets[n - 1];
  return idx;
}

/**
 * Writes 16-byte entries with absolute offsets at the writer's position.
 * @throws MeboError INVALID_NUM_OF_DATA_POINTS (count not 1–65535), INVALID_INDEX_OFFSETS
 *   (an offset decreases), INVALID_ARGUMENT (not u32).
 */
export function writeTextIndex(w: ByteWriter, entries: TextIndexEntries, bigEndian: boolean): void {
  const n = entries.length;
  w.ensure(n * TEXT_INDEX_ENTRY_SIZE);
  const v = w.view;
  const le = !bigEndian;
  let prev = 0;
  let p = w.pos;
  for (let i = 0; i < n; i++, p += TEXT_INDEX_ENTRY_SIZE) {
    const hi = entries.idHi[i];
    const lo = entries.idLo[i];
    const count = entries.counts[i];
    const off = entries.offsets[i];
    checkU32('idHi', hi);
    checkU32('idLo', lo);
    checkU32('offset', off);
    if (!Number.isInteger(count) || count < 1 || count > 0xffff) {
      throw new MeboError(MeboErrorCode.InvalidNumOfDataPoints, `text entry ${i}: count ${count} not in 1–65535`);
    }
    if (off < prev) throw new MeboError(MeboErrorCode.InvalidIndexOffsets, `text entry ${i}: offset ${off} < previous ${prev}`);
    prev = off;
    v.setUint32(le ? p + 4 : p, hi, le);
    v.setUint32(le ? p : p + 4, lo, le);
    v.setUint16(p + 8, count, le);
    v.setUint16(p + 10, 0);
    v.setUint32(p + 12, off, le);
  }
  w.pos = p;
}

/** The entries as new bytes. @throws as {@link writeTextIndex}. */
export function encodeTextIndex(entries: TextIndexEntries, bigEndian: boolean): Uint8Array {
  const w = new ByteWriter(entries.length * TEXT_INDEX_ENTRY_SIZE);
  writeTextIndex(w, entries, bigEndian);
  return w.finish();
}
