import { MeboError, MeboErrorCode } from '../errors.js';
import { EncodingType } from '../types.js';
import type { CompressionType } from '../types.js';
import type { ByteWriter } from '../bytes/byte-writer.js';
import { readSafeI64, writeI64 } from '../bytes/int64.js';
import { checkSafeInt, checkU32, viewOf } from './checks.js';
import { HEADER_SIZE, MAGIC_MASK, OptionBit, isCompressionType, isNumericTimestampEncoding } from './numeric-flag.js';

/** The text blob magic (Options bits 4–15). */
export const TEXT_MAGIC = 0xeb10;
export const TEXT_INDEX_ENTRY_SIZE = 16;
/**
 * Most metrics a text header may declare: Go's encoder stops at 65536 (blob.MaxMetricCount), one
 * more than `section.NewTextHeader` allows (its 0–65535 check is not on the encoder's path).
 */
export const MAX_TEXT_METRICS = 65536;

/**
 * The 32-byte text blob header (§7.2, mebo section/text_header.go). Bytes 28–31 are reserved:
 * written as zero, not validated.
 */
export interface TextHeader {
  /** Options bit 0: per-point tags. */
  hasTags: boolean;
  /** Options bit 1. */
  bigEndian: boolean;
  /** Options bit 2: metric-names payload after the header. */
  hasMetricNames: boolean;
  /** Byte 2, the full byte: Raw or Delta (DeltaPacked passes Go's validation but cannot be decoded). */
  timestampEncoding: EncodingType;
  /** Byte 3, the full byte. */
  dataCompression: CompressionType;
  /** Unix microseconds; the base of every metric's first Delta timestamp. */
  startTime: number;
  metricCount: number;
  /** `32 + names length`; recomputed by decoders. */
  indexOffset: number;
  /** Start of the (compressed) data section, which runs to the end of the blob. */
  dataOffset: number;
  /** Uncompressed data-section size; must match exactly after decompression. */
  dataSize: number;
}

/** True if `bytes` holds a header and starts with the text magic (Go `IsTextBlob`). */
export function isTextBlob(bytes: Uint8Array): boolean {
  return bytes.length >= HEADER_SIZE && ((bytes[0] | (bytes[1] << 8)) & MAGIC_MASK) === TEXT_MAGIC;
}

export function textOptions(h: TextHeader): number {
  return TEXT_MAGIC | (h.hasTags ? OptionBit.Tags : 0) | (h.bigEndian ? OptionBit.BigEndian : 0) | (h.hasMetricNames ? OptionBit.MetricNames : 0);
}

/**
 * Writes the header as 32 bytes at the writer's position (byte order from `bigEndian`).
 * @throws MeboError INVALID_HEADER_FLAGS (timestamp encoding not Raw/Delta, bad compression),
 *   INVALID_METRIC_COUNT (more than 65536 metrics), INVALID_ARGUMENT (out-of-range fields).
 */
export function writeTextHeader(w: ByteWriter, h: TextHeader): void {
  w.ensure(HEADER_SIZE);
  fill(w.view, w.pos, h);
  w.pos += HEADER_SIZE;
}

/** The header as a new 32-byte array. @throws as {@link writeTextHeader}. */
export function encodeTextHeader(h: TextHeader): Uint8Array {
  const out = new Uint8Array(HEADER_SIZE);
  fill(viewOf(out), 0, h);
  return out;
}

/**
 * Parses and validates a whole text blob's header in Go's order: size, magic, flags (reserved
 * bit 3, timestamp encoding byte, compression byte), then DataOffset ≤ blob length.
 * @throws MeboError INVALID_HEADER_SIZE, INVALID_MAGIC_NUMBER, INVALID_HEADER_FLAGS,
 *   INVALID_TIMESTAMP_PAYLOAD_OFFSET (DataOffset beyond the blob; Go reuses this code),
 *   CORRUPT_DATA (start time not a safe integer).
 */
export function decodeTextHeader(blob: Uint8Array): TextHeader {
  if (blob.length < HEADER_SIZE) {
    throw new MeboError(MeboErrorCode.InvalidHeaderSize, `text header needs ${HEADER_SIZE} bytes, got ${blob.length}`);
  }
  const options = blob[0] | (blob[1] << 8);
  if ((options & MAGIC_MASK) !== TEXT_MAGIC) {
    throw new MeboError(MeboErrorCode.InvalidMagicNumber, `not a text blob: magic 0x${(options & MAGIC_MASK).toString(16)}`, 0);
  }
  const bigEndian = (options & OptionBit.BigEndian) !== 0;
  const le = !bigEndian;
  const v = viewOf(blob);
  if ((options & OptionBit.SharedTimestamps) !== 0) {
    throw new MeboError(MeboErrorCode.InvalidHeaderFlags, 'text header: reserved Options bit 3 is set', 0);
  }
  if (!isNumericTimestampEncoding(blob[2])) {
    throw new MeboError(MeboErrorCode.InvalidHeaderFlags, `text header: invalid timestamp encoding 0x${blob[2].toString(16)}`, 2);
  }
  if (!isCompressionType(blob[3])) {
    throw new MeboError(MeboErrorCode.InvalidHeaderFlags, `text header: invalid data compression 0x${blob[3].toString(16)}`, 3);
  }
  const h: TextHeader = {
    hasTags: (options & OptionBit.Tags) !== 0,
    bigEndian,
    hasMetricNames: (options & OptionBit.MetricNames) !== 0,
    timestampEncoding: blob[2] as EncodingType,
    dataCompression: blob[3] as CompressionType,
    startTime: 0,
    metricCount: v.getUint32(12, le),
    indexOffset: v.getUint32(16, le),
    dataOffset: v.getUint32(20, le),
    dataSize: v.getUint32(24, le),
  };
  if (h.dataOffset > blob.length) {
    throw new MeboError(MeboErrorCode.InvalidTimestampPayloadOffset, `text data offset ${h.dataOffset} beyond blob length ${blob.length}`, 20);
  }
  // Last, so every input Go rejects gets Go's code; Go accepts any i64 here.
  h.startTime = readSafeI64(v, 4, le);
  return h;
}

function fill(v: DataView, at: number, h: TextHeader): void {
  if (h.timestampEncoding !== EncodingType.Raw && h.timestampEncoding !== EncodingType.Delta) {
    throw new MeboError(MeboErrorCode.InvalidHeaderFlags, `text timestamp encoding must be Raw or Delta, got ${h.timestampEncoding}`);
  }
  if (!isCompressionType(h.dataCompression)) throw new MeboError(MeboErrorCode.InvalidHeaderFlags, `invalid data compression ${h.dataCompression}`);
  checkU32('metricCount', h.metricCount);
  if (h.metricCount > MAX_TEXT_METRICS) throw new MeboError(MeboErrorCode.InvalidMetricCount, `${h.metricCount} metrics exceed ${MAX_TEXT_METRICS}`);
  checkSafeInt('startTime', h.startTime);
  checkU32('indexOffset', h.indexOffset);
  checkU32('dataOffset', h.dataOffset);
  checkU32('dataSize', h.dataSize);
  const le = !h.bigEndian;
  v.setUint16(at, textOptions(h), true);
  v.setUint8(at + 2, h.timestampEncoding);
  v.setUint8(at + 3, h.dataCompression);
  writeI64(v, at + 4, h.startTime, le);
  v.setUint32(at + 12, h.metricCount, le);
  v.setUint32(at + 16, h.indexOffset, le);
  v.setUint32(at + 20, h.dataOffset, le);
  v.setUint32(at + 24, h.dataSize, le);
  v.setUint32(at + 28, 0);
}
