// Errors
export { MeboError, MeboErrorCode, isMeboError, truncated } from './errors.js';
// Format constants
export { EncodingType, CompressionType, encodingName, compressionName } from './types.js';
// Bytes and bits
export { ByteReader } from './bytes/byte-reader.js';
export { ByteWriter } from './bytes/byte-writer.js';
export { BitReader } from './bytes/bit-reader.js';
export { BitWriter } from './bytes/bit-writer.js';
export { readUvarint, readVarint, writeUvarint, writeVarint, uvarintSize, zigzag, unzigzag } from './bytes/varint.js';
export { readSafeI64, writeI64, readU64Halves, writeU64Halves } from './bytes/int64.js';
// Metric ids (xxHash64, seed 0)
export type { U64Halves } from './metric-id.js';
export { metricIdOf, metricIdInto, xxHash64, xxHash64Into, u64FromHalves, u64ToHalves, u64Hex } from './metric-id.js';
// Options word, magics, header-nibble checks
export {
  HEADER_SIZE,
  MAGIC_MASK,
  OptionBit,
  NumericMagic,
  NUMERIC_INDEX_ENTRY_SIZE,
  NUMERIC_EXT_INDEX_ENTRY_SIZE,
  isNumericMagic,
  numericIndexEntrySize,
  isNumericTimestampEncoding,
  isNumericValueEncoding,
  isCompressionType,
  isNumericBlob,
} from './section/numeric-flag.js';
// Numeric header
export type { NumericHeader } from './section/numeric-header.js';
export { encodeNumericHeader, writeNumericHeader, decodeNumericHeader, numericOptions, isNumericV2 } from './section/numeric-header.js';
// Numeric index
export type { NumericIndex, NumericIndexEntries, NumericIndexLayout, NumericIndexOptions } from './section/numeric-index-entry.js';
export {
  DEFAULT_MAX_METRICS,
  decodeNumericIndex,
  encodeNumericIndex,
  writeNumericIndex,
  selectNumericIndexEntrySize,
  numericIndexSize,
  isSortedByMetricId,
} from './section/numeric-index-entry.js';
// Metric-names payload
export type { MetricNames } from './section/metric-names.js';
export { MAX_METRIC_NAMES, MAX_METRIC_NAME_BYTES, encodeMetricNames, writeMetricNames, decodeMetricNames, verifyMetricNames } from './section/metric-names.js';
// Shared-timestamp table (numeric V2)
export type { SharedTimestampGroup } from './section/shared-timestamp-table.js';
export {
  sharedTimestampTableSize,
  encodeSharedTimestampTable,
  writeSharedTimestampTable,
  decodeSharedTimestampTable,
  applySharedTimestampTable,
  findSharedTimestampGroups,
} from './section/shared-timestamp-table.js';
// Text header and index
export type { TextHeader } from './section/text-header.js';
export { TEXT_MAGIC, TEXT_INDEX_ENTRY_SIZE, MAX_TEXT_METRICS, encodeTextHeader, writeTextHeader, decodeTextHeader, isTextBlob, textOptions } from './section/text-header.js';
export type { TextIndex, TextIndexEntries, TextIndexLayout, TextIndexOptions } from './section/text-index-entry.js';
export { decodeTextIndex, encodeTextIndex, writeTextIndex } from './section/text-index-entry.js';
