import { MeboError, MeboErrorCode } from '../errors.js';
import type { CompressionType, EncodingType } from '../types.js';
import type { ByteWriter } from '../bytes/byte-writer.js';
import { readSafeI64, writeI64 } from '../bytes/int64.js';
import { checkSafeInt, checkU32, viewOf } from './checks.js';
import {
  HEADER_SIZE,
  MAGIC_MASK,
  NumericMagic,
  OptionBit,
  isCompressionType,
  isNumericMagic,
  isNumericTimestampEncoding,
  isNumericValueEncoding,
} from './numeric-flag.js';

/**
 * The 32-byte numeric blob header (mebo section/numeric_header.go), with the Options word and the
 * encoding/compression nibbles unpacked. `bigEndian` selects the byte order of bytes 4–31 and of
 * everything that follows the engine; Options itself is always little-endian.
 */
export interface NumericHeader {
  magic: NumericMagic;
  /** Options bit 0: a (zstd) tag payload follows the value payload. */
  hasTags: boolean;
  /** Options bit 1. */
  bigEndian: boolean;
  /** Options bit 2: a metric-names payload follows the header. */
  hasMetricNames: boolean;
  /** Options bit 3 (V2 only): a shared-timestamp table follows the index. */
  hasSharedTimestamps: boolean;
  /** Byte 2, low nibble. */
  timestampEncoding: EncodingType;
  /** Byte 2, high nibble. */
  valueEncoding: EncodingType;
  /** Byte 3, low nibble. */
  timestampCompression: CompressionType;
  /** Byte 3, high nibble. */
  valueCompression: CompressionType;
  /** Blob start time, Unix microseconds (i64 on the wire; a safe integer here). */
  startTime: number;
  metricCount: number;
  /** `32 + names payload length`; Go's decoder ignores it and recomputes it, and so do we. */
  indexOffset: number;
  timestampPayloadOffset: number;
  valuePayloadOffset: number;
  /** Equals the blob length when there is no tag payload. */
  tagPayloadOffset: number;
}

/** The Options u16 of a header (magic | flag bits). */
export function numericOptions(h: NumericHeader): number {
  return (
    h.magic |
    (h.hasTags ? OptionBit.Tags : 0) |
    (h.bigEndian ? OptionBit.BigEndian : 0) |
    (h.hasMetricNames ? OptionBit.MetricNames : 0) |
    (h.hasSharedTimestamps ? OptionBit.SharedTimestamps : 0)
  );
}

/** True for 0xEA20 and 0xEA30. */
export function isNumericV2(h: NumericHeader): boolean {
  return h.magic !== NumericMagic.V1;
}

/**
 * Writes the header as 32 bytes at the writer's position (the writer's own byte order is not
 * used: the header's `bigEndian` decides).
 * @throws MeboError INVALID_HEADER_FLAGS for an unknown magic or encoding/compression id,
 *   INVALID_ARGUMENT for out-of-range fields or bit 3 on a V1 header.
 */
export function writeNumericHeader(w: ByteWriter, h: NumericHeader): void {
  checkNumericHeaderFields(h);
  w.ensure(HEADER_SIZE);
  const at = w.pos;
  const v = w.view;
  const le = !h.bigEndian;
  v.setUint16(at, numericOptions(h), true);
  v.setUint8(at + 2, (h.timestampEncoding & 0x0f) | ((h.valueEncoding & 0x0f) << 4));
  v.setUint8(at + 3, (h.timestampCompression & 0x0f) | ((h.valueCompression & 0x0f) << 4));
  writeI64(v, at + 4, h.startTime, le);
  v.setUint32(at + 12, h.metricCount, le);
  v.setUint32(at + 16, h.indexOffset, le);
  v.setUint32(at + 20, h.timestampPayloadOffset, le);
  v.setUint32(at + 24, h.valuePayloadOffset, le);
  v.setUint32(at + 28, h.tagPayloadOffset, le);
  w.pos = at + HEADER_SIZE;
}

/** The header as a new 32-byte array. @throws as {@link writeNumericHeader}. */
export function encodeNumericHeader(h: NumericHeader): Uint8Array {
  checkNumericHeaderFields(h);
  const out = new Uint8Array(HEADER_SIZE);
  const v = viewOf(out);
  const le = !h.bigEndian;
  v.setUint16(0, numericOptions(h), true);
  out[2] = (h.timestampEncoding & 0x0f) | ((h.valueEncoding & 0x0f) << 4);
  out[3] = (h.timestampCompression & 0x0f) | ((h.valueCompression & 0x0f) << 4);
  writeI64(v, 4, h.startTime, le);
  v.setUint32(12, h.metricCount, le);
  v.setUint32(16, h.indexOffset, le);
  v.setUint32(20, h.timestampPayloadOffset, le);
  v.setUint32(24, h.valuePayloadOffset, le);
  v.setUint32(28, h.tagPayloadOffset, le);
  return out;
}

/**
 * Parses and validates the header of a whole numeric blob, in Go's order: size, magic, encoding
 * and compression nibbles, then each payload offset against `blob.length`. Unlike Go (which
 * panics), offsets out of order (ts > value or value > tag) are rejected too.
 * @throws MeboError INVALID_HEADER_SIZE, INVALID_MAGIC_NUMBER, INVALID_HEADER_FLAGS,
 *   INVALID_TIMESTAMP_PAYLOAD_OFFSET, INVALID_VALUE_PAYLOAD_OFFSET, INVALID_TAG_PAYLOAD_OFFSET,
 *   CORRUPT_DATA (start time not a safe integer).
 */
export function decodeNumericHeader(blob: Uint8Array): NumericHeader {
  if (blob.length < HEADER_SIZE) {
    throw new MeboError(MeboErrorCode.InvalidHeaderSize, `numeric header needs ${HEADER_SIZE} bytes, got ${blob.length}`);
  }
  const options = blob[0] | (blob[1] << 8);
  const magic = options & MAGIC_MASK;
  if (!isNumericMagic(magic)) {
    throw new MeboError(MeboErrorCode.InvalidMagicNumber, `not a numeric blob: magic 0x${magic.toString(16)}`, 0);
  }
  const enc = blob[2];
  const cmp = blob[3];
  const tsEnc = enc & 0x0f;
  const valEnc = enc >>> 4;
  if (!isNumericTimestampEncoding(tsEnc) || !isNumericValueEncoding(valEnc)) {
    throw new MeboError(MeboErrorCode.InvalidHeaderFlags, `invalid encoding byte 0x${enc.toString(16)}`, 2);
  }
  const tsCmp = cmp & 0x0f;
  const valCmp = cmp >>> 4;
  if (!isCompressionType(tsCmp) || !isCompressionType(valCmp)) {
    throw new MeboError(MeboErrorCode.InvalidHeaderFlags, `invalid compression byte 0x${cmp.toString(16)}`, 3);
  }
  const bigEndian = (options & OptionBit.BigEndian) !== 0;
  const le = !bigEndian;
  const v = viewOf(blob);
  const h: NumericHeader = {
    magic,
    hasTags: (options & OptionBit.Tags) !== 0,
    bigEndian,
    hasMetricNames: (options & OptionBit.MetricNames) !== 0,
    hasSharedTimestamps: (options & OptionBit.SharedTimestamps) !== 0,
    timestampEncoding: tsEnc as EncodingType,
    valueEncoding: valEnc as EncodingType,
    timestampCompression: tsCmp as CompressionType,
    valueCompression: valCmp as CompressionType,
    startTime: 0,
    metricCount: v.getUint32(12, le),
    indexOffset: v.getUint32(16, le),
    timestampPayloadOffset: v.getUint32(20, le),
    valuePayloadOffset: v.getUint32(24, le),
    tagPayloadOffset: v.getUint32(28, le),
  };
  const n = blob.length;
  if (h.timestampPayloadOffset > n) throw offsetError(MeboErrorCode.InvalidTimestampPayloadOffset, 'timestamp', h.timestampPayloadOffset, n, 20);
  if (h.valuePayloadOffset > n) throw offsetError(MeboErrorCode.InvalidValuePayloadOffset, 'value', h.valuePayloadOffset, n, 24);
  if (h.tagPayloadOffset > n) throw offsetError(MeboErrorCode.InvalidTagPayloadOffset, 'tag', h.tagPayloadOffset, n, 28);
  if (h.valuePayloadOffset < h.timestampPayloadOffset) {
    throw new MeboError(MeboErrorCode.InvalidValuePayloadOffset, `value payload offset ${h.valuePayloadOffset} < timestamp payload offset ${h.timestampPayloadOffset}`, 24);
  }
  if (h.tagPayloadOffset < h.valuePayloadOffset) {
    throw new MeboError(MeboErrorCode.InvalidTagPayloadOffset, `tag payload offset ${h.tagPayloadOffset} < value payload offset ${h.valuePayloadOffset}`, 28);
  }
  // Last, so every input Go rejects gets Go's code; Go accepts any i64 here.
  h.startTime = readSafeI64(v, 4, le);
  return h;
}

function offsetError(code: MeboErrorCode, what: string, off: number, len: number, at: number): MeboError {
  return new MeboError(code, `${what} payload offset ${off} beyond blob length ${len}`, at);
}

function checkNumericHeaderFields(h: NumericHeader): void {
  if (!isNumericMagic(h.magic)) throw new MeboError(MeboErrorCode.InvalidHeaderFlags, `invalid numeric magic 0x${Number(h.magic).toString(16)}`);
  if (!isNumericTimestampEncoding(h.timestampEncoding) || !isNumericValueEncoding(h.valueEncoding)) {
    throw new MeboError(MeboErrorCode.InvalidHeaderFlags, `invalid encodings ts=${h.timestampEncoding} value=${h.valueEncoding}`);
  }
  if (!isCompressionType(h.timestampCompression) || !isCompressionType(h.valueCompression)) {
    throw new MeboError(MeboErrorCode.InvalidHeaderFlags, `invalid compressions ts=${h.timestampCompression} value=${h.valueCompression}`);
  }
  if (h.hasSharedTimestamps && h.magic === NumericMagic.V1) {
    throw new MeboError(MeboErrorCode.InvalidArgument, 'shared timestamps need a V2 magic');
  }
  checkSafeInt('startTime', h.startTime);
  checkU32('metricCount', h.metricCount);
  checkU32('indexOffset', h.indexOffset);
  checkU32('timestampPayloadOffset', h.timestampPayloadOffset);
  checkU32('valuePayloadOffset', h.valuePayloadOffset);
  checkU32('tagPayloadOffset', h.tagPayloadOffset);
}
