import { CompressionType, EncodingType, MeboError, MeboErrorCode } from '@mebo/format';
import {
  BIG_ENDIAN_BIT,
  HEADER_SIZE,
  INDEX_ENTRY_SIZE,
  MAGIC_MASK,
  NAMES_BIT,
  RESERVED_BIT,
  TAG_BIT,
  TEXT_MAGIC,
} from './constants.js';
import { readUtf8 } from './utf8.js';

/**
 * The 32-byte text header (mebo v1.9.0, section/text_header.go): Options u16 LE, ts encoding u8,
 * data compression u8, then StartTime i64, MetricCount, IndexOffset, DataOffset, DataSize (u32s)
 * in the blob's byte order, and 4 reserved bytes.
 */
export interface TextHeader {
  readonly options: number;
  readonly timestampEncoding: number;
  readonly compression: number;
  /** Microseconds (or whatever unit the writer used); the base of every metric's first delta. */
  readonly startTime: number;
  readonly metricCount: number;
  readonly indexOffset: number;
  readonly dataOffset: number;
  /** Uncompressed size of the data section. */
  readonly dataSize: number;
}

export function headerHasTags(h: TextHeader): boolean {
  return (h.options & TAG_BIT) !== 0;
}
export function headerBigEndian(h: TextHeader): boolean {
  return (h.options & BIG_ENDIAN_BIT) !== 0;
}
export function headerHasNames(h: TextHeader): boolean {
  return (h.options & NAMES_BIT) !== 0;
}

const TWO32 = 0x1_0000_0000;

/** Reads an i64 as a Number, or throws when it is not a safe integer (JS cannot hold it exactly). */
export function readI64(view: DataView, pos: number, le: boolean, what: string): number {
  const hi = le ? view.getInt32(pos + 4, true) : view.getInt32(pos, false);
  const lo = le ? view.getUint32(pos, true) : view.getUint32(pos + 4, false);
  if (hi >= 0x20_0000 || hi < -0x20_0000) {
    throw new MeboError(MeboErrorCode.LimitExceeded, `${what} outside the safe integer range (|v| ≥ 2^53)`, pos);
  }
  return hi * TWO32 + lo;
}

export function writeI64(view: DataView, pos: number, v: number, le: boolean): void {
  const hi = Math.floor(v / TWO32);
  const lo = v - hi * TWO32;
  if (le) {
    view.setUint32(pos, lo, true);
    view.setInt32(pos + 4, hi, true);
  } else {
    view.setInt32(pos, hi, false);
    view.setUint32(pos + 4, lo, false);
  }
}

/**
 * Parses and validates the header, in Go's order: size, magic, flags.
 * @throws MeboError INVALID_HEADER_SIZE, INVALID_MAGIC_NUMBER, INVALID_HEADER_FLAGS, LIMIT_EXCEEDED
 */
export function parseTextHeader(bytes: Uint8Array): TextHeader {
  if (bytes.length < HEADER_SIZE) {
    throw new MeboError(MeboErrorCode.InvalidHeaderSize, `text header needs ${HEADER_SIZE} bytes, got ${bytes.length}`, 0);
  }
  const options = bytes[0] | (bytes[1] << 8);
  if ((options & MAGIC_MASK) !== TEXT_MAGIC) {
    throw new MeboError(MeboErrorCode.InvalidMagicNumber, `magic 0x${(options & MAGIC_MASK).toString(16)} is not a text blob (0xeb10)`, 0);
  }
  const timestampEncoding = bytes[2];
  const compression = bytes[3];
  if ((options & RESERVED_BIT) !== 0) {
    throw new MeboError(MeboErrorCode.InvalidHeaderFlags, 'reserved option bit 3 is set', 0);
  }
  // Go accepts Raw, Delta and DeltaPacked here; DeltaPacked is rejected later (nothing can decode it).
  if (timestampEncoding !== EncodingType.Raw && timestampEncoding !== EncodingType.Delta && timestampEncoding !== EncodingType.DeltaPacked) {
    throw new MeboError(MeboErrorCode.InvalidHeaderFlags, `invalid timestamp encoding byte 0x${timestampEncoding.toString(16)}`, 2);
  }
  if (compression < CompressionType.None || compression > CompressionType.LZ4) {
    throw new MeboError(MeboErrorCode.InvalidHeaderFlags, `invalid data compression byte 0x${compression.toString(16)}`, 3);
  }
  const le = (options & BIG_ENDIAN_BIT) === 0;
  const view = new DataView(bytes.buffer, bytes.byteOffset, HEADER_SIZE);
  return {
    options,
    timestampEncoding,
    compression,
    startTime: readI64(view, 4, le, 'start time'),
    metricCount: view.getUint32(12, le),
    indexOffset: view.getUint32(16, le),
    dataOffset: view.getUint32(20, le),
    dataSize: view.getUint32(24, le),
  };
}

export function writeTextHeader(dst: Uint8Array, pos: number, h: TextHeader): void {
  const le = (h.options & BIG_ENDIAN_BIT) === 0;
  const view = new DataView(dst.buffer, dst.byteOffset + pos, HEADER_SIZE);
  dst[pos] = h.options & 0xff;
  dst[pos + 1] = h.options >>> 8;
  dst[pos + 2] = h.timestampEncoding;
  dst[pos + 3] = h.compression;
  writeI64(view, 4, h.startTime, le);
  view.setUint32(12, h.metricCount, le);
  view.setUint32(16, h.indexOffset, le);
  view.setUint32(20, h.dataOffset, le);
  view.setUint32(24, h.dataSize, le);
  view.setUint32(28, 0, le);
}

/** Index entries as parallel typed arrays: ids as hi/lo halves, no BigInt per entry. */
export interface TextIndex {
  readonly idHi: Uint32Array;
  readonly idLo: Uint32Array;
  readonly count: Uint32Array;
  /** Start and end of each metric's rows in the decompressed data section. */
  readonly start: Uint32Array;
  readonly end: Uint32Array;
}

/**
 * Reads N 16-byte entries at `pos`: id u64, count u16, reserved u16, offset u32. Ends are derived
 * (next offset, or DataSize for the last); offsets must not decrease and the last must be ≤ DataSize.
 * @throws MeboError INVALID_INDEX_ENTRY_SIZE, INVALID_INDEX_OFFSETS
 */
export function parseTextIndex(bytes: Uint8Array, pos: number, n: number, dataSize: number, le: boolean): TextIndex {
  const need = n * INDEX_ENTRY_SIZE;
  if (bytes.length - pos < need) {
    throw new MeboError(MeboErrorCode.InvalidIndexEntrySize, `index needs ${need} bytes, ${Math.max(0, bytes.length - pos)} left`, pos);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const idHi = new Uint32Array(n);
  const idLo = new Uint32Array(n);
  const count = new Uint32Array(n);
  const start = new Uint32Array(n);
  const end = new Uint32Array(n);
  for (let i = 0, p = pos; i < n; i++, p += INDEX_ENTRY_SIZE) {
    if (le) {
      idLo[i] = view.getUint32(p, true);
      idHi[i] = view.getUint32(p + 4, true);
    } else {
      idHi[i] = view.getUint32(p, false);
      idLo[i] = view.getUint32(p + 4, false);
    }
    count[i] = view.getUint16(p + 8, le);
    start[i] = view.getUint32(p + 12, le);
  }
  if (n > 0 && start[n - 1] > dataSize) {
    throw new MeboError(MeboErrorCode.InvalidIndexOffsets, `last entry offset ${start[n - 1]} exceeds data size ${dataSize}`, pos + (n - 1) * INDEX_ENTRY_SIZE + 12);
  }
  for (let i = 0; i < n - 1; i++) {
    if (start[i + 1] < start[i]) {
      throw new MeboError(MeboErrorCode.InvalidIndexOffsets, `entry ${i + 1} offset ${start[i + 1]} < entry ${i} offset ${start[i]}`, pos + (i + 1) * INDEX_ENTRY_SIZE + 12);
    }
    end[i] = start[i + 1];
  }
  if (n > 0) end[n - 1] = dataSize;
  return { idHi, idLo, count, start, end };
}

export function writeIndexEntry(view: DataView, p: number, idHi: number, idLo: number, count: number, offset: number, le: boolean): void {
  if (le) {
    view.setUint32(p, idLo, true);
    view.setUint32(p + 4, idHi, true);
  } else {
    view.setUint32(p, idHi, false);
    view.setUint32(p + 4, idLo, false);
  }
  view.setUint16(p + 8, count, le);
  view.setUint16(p + 10, 0, le);
  view.setUint32(p + 12, offset, le);
}

/**
 * The metric-names payload: u16 count, then per name a u16 length and the bytes (engine order).
 * Returns the names, where each name's bytes start, and the position after the payload.
 * @throws MeboError INVALID_METRIC_NAMES_PAYLOAD
 */
export function parseMetricNames(bytes: Uint8Array, pos: number, le: boolean): { names: string[]; starts: number[]; end: number } {
  const fail = (at: number, what: string) => new MeboError(MeboErrorCode.InvalidMetricNamesPayload, `metric names payload truncated: ${what}`, at);
  if (bytes.length - pos < 2) throw fail(pos, 'count');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const count = view.getUint16(pos, le);
  let p = pos + 2;
  // Every name needs at least its 2-byte length: bound the array by the bytes left.
  if ((bytes.length - p) / 2 < count) throw fail(p, `${count} names cannot fit in ${bytes.length - p} bytes`);
  const names = new Array<string>(count);
  const starts = new Array<number>(count);
  for (let i = 0; i < count; i++) {
    if (bytes.length - p < 2) throw fail(p, `length of name ${i}`);
    const len = view.getUint16(p, le);
    p += 2;
    if (bytes.length - p < len) throw fail(p, `name ${i} needs ${len} bytes`);
    names[i] = readUtf8(bytes, p, len);
    starts[i] = p;
    p += len;
  }
  return { names, starts, end: p };
}

/** Size of the names payload for already-encoded names. */
export function metricNamesSize(encoded: readonly Uint8Array[]): number {
  let n = 2;
  for (const e of encoded) n += 2 + e.length;
  return n;
}

export function writeMetricNames(dst: Uint8Array, pos: number, encoded: readonly Uint8Array[], le: boolean): number {
  const view = new DataView(dst.buffer, dst.byteOffset, dst.byteLength);
  view.setUint16(pos, encoded.length, le);
  let p = pos + 2;
  for (const e of encoded) {
    view.setUint16(p, e.length, le);
    dst.set(e, p + 2);
    p += 2 + e.length;
  }
  return p;
}
