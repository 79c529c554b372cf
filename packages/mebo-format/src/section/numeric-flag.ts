import { EncodingType, CompressionType } from '../types.js';

/** Every mebo blob starts with a 32-byte header (section/const.go `HeaderSize`). */
export const HEADER_SIZE = 32;

/** Bits of the Options u16 (always little-endian on the wire). Bits 4–15 are the magic. */
export const OptionBit = {
  /** Numeric: tag payload present. Text: per-point tags present. */
  Tags: 0x0001,
  /** 0 = little-endian engine, 1 = big-endian engine. */
  BigEndian: 0x0002,
  /** Metric-names payload present after the header. */
  MetricNames: 0x0004,
  /** Numeric V2: shared-timestamp table present. Text: reserved, must be 0. */
  SharedTimestamps: 0x0008,
} as const;
export type OptionBit = (typeof OptionBit)[keyof typeof OptionBit];

export const MAGIC_MASK = 0xfff0;

/** Numeric magics: V1, V2 with 16-byte index entries, V2 with 32-byte entries. */
export const NumericMagic = { V1: 0xea10, V2: 0xea20, V2Ext: 0xea30 } as const;
export type NumericMagic = (typeof NumericMagic)[keyof typeof NumericMagic];

export const NUMERIC_INDEX_ENTRY_SIZE = 16;
export const NUMERIC_EXT_INDEX_ENTRY_SIZE = 32;

const TIMESTAMP_ENCODINGS: readonly number[] = [EncodingType.Raw, EncodingType.Delta, EncodingType.DeltaPacked];
const VALUE_ENCODINGS: readonly number[] = [EncodingType.Raw, EncodingType.Gorilla, EncodingType.Chimp, EncodingType.ALP];
const COMPRESSIONS: readonly number[] = [CompressionType.None, CompressionType.Zstd, CompressionType.S2, CompressionType.LZ4];

export function isNumericMagic(m: number): m is NumericMagic {
  return m === NumericMagic.V1 || m === NumericMagic.V2 || m === NumericMagic.V2Ext;
}

/** Index entry size a numeric magic implies: 32 for 0xEA30, else 16. */
export function numericIndexEntrySize(magic: NumericMagic): 16 | 32 {
  return magic === NumericMagic.V2Ext ? 32 : 16;
}

/** Timestamp encodings legal in a numeric header nibble (Raw, Delta, DeltaPacked). */
export function isNumericTimestampEncoding(e: number): boolean {
  return TIMESTAMP_ENCODINGS.includes(e);
}

/** Value encodings legal in a numeric header nibble (Raw, Gorilla, Chimp, ALP). */
export function isNumericValueEncoding(e: number): boolean {
  return VALUE_ENCODINGS.includes(e);
}

/** Compression ids 1–4. */
export function isCompressionType(c: number): boolean {
  return COMPRESSIONS.includes(c);
}

/** True if `bytes` is long enough for a header and starts with a numeric magic (Go `IsNumericBlob`). */
export function isNumericBlob(bytes: Uint8Array): boolean {
  return bytes.length >= HEADER_SIZE && isNumericMagic((bytes[0] | (bytes[1] << 8)) & MAGIC_MASK);
}
