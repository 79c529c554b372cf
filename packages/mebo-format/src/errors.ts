/** Stable codes, one per Go `errs.Err*` sentinel of mebo v1.9.0, plus the few this port adds. */
export const MeboErrorCode = {
  InvalidMagicNumber: 'INVALID_MAGIC_NUMBER',
  InvalidHeaderSize: 'INVALID_HEADER_SIZE',
  InvalidHeaderFlags: 'INVALID_HEADER_FLAGS',
  HeaderOffsetOverflow: 'HEADER_OFFSET_OVERFLOW',
  InvalidMetricCount: 'INVALID_METRIC_COUNT',
  InvalidTimestampPayloadOffset: 'INVALID_TIMESTAMP_PAYLOAD_OFFSET',
  InvalidValuePayloadOffset: 'INVALID_VALUE_PAYLOAD_OFFSET',
  InvalidTagPayloadOffset: 'INVALID_TAG_PAYLOAD_OFFSET',
  InvalidIndexEntrySize: 'INVALID_INDEX_ENTRY_SIZE',
  InvalidIndexOffsets: 'INVALID_INDEX_OFFSETS',
  InvalidReservedBytes: 'INVALID_RESERVED_BYTES',
  IndexEntryOverflow: 'INDEX_ENTRY_OVERFLOW',
  InvalidSharedTimestampTable: 'INVALID_SHARED_TIMESTAMP_TABLE',
  InvalidMetricNamesPayload: 'INVALID_METRIC_NAMES_PAYLOAD',
  InvalidMetricNamesCount: 'INVALID_METRIC_NAMES_COUNT',
  HashMismatch: 'HASH_MISMATCH',
  InvalidALPScheme: 'INVALID_ALP_SCHEME',
  InvalidALPColumn: 'INVALID_ALP_COLUMN',
  DataSizeMismatch: 'DATA_SIZE_MISMATCH',
  InvalidTimestampData: 'INVALID_TIMESTAMP_DATA',
  UnsupportedEncoding: 'UNSUPPORTED_ENCODING',
  UnsupportedCompression: 'UNSUPPORTED_COMPRESSION',
  DecompressedSizeExceedsLimit: 'DECOMPRESSED_SIZE_EXCEEDS_LIMIT',
  InvalidMetricID: 'INVALID_METRIC_ID',
  InvalidMetricName: 'INVALID_METRIC_NAME',
  InvalidNumOfDataPoints: 'INVALID_NUM_OF_DATA_POINTS',
  MetricCountExceeded: 'METRIC_COUNT_EXCEEDED',
  MetricAlreadyStarted: 'METRIC_ALREADY_STARTED',
  NoMetricStarted: 'NO_METRIC_STARTED',
  MetricNotEnded: 'METRIC_NOT_ENDED',
  NoMetricsAdded: 'NO_METRICS_ADDED',
  TooManyDataPoints: 'TOO_MANY_DATA_POINTS',
  NoDataPointsAdded: 'NO_DATA_POINTS_ADDED',
  DataPointCountMismatch: 'DATA_POINT_COUNT_MISMATCH',
  OffsetOutOfRange: 'OFFSET_OUT_OF_RANGE',
  HashCollision: 'HASH_COLLISION',
  MixedIdentifierMode: 'MIXED_IDENTIFIER_MODE',
  BlobSizeExceedsLimit: 'BLOB_SIZE_EXCEEDS_LIMIT',
  EmptyBlobSet: 'EMPTY_BLOB_SET',
  // Added by this port: conditions Go reports through panics, io errors or not at all.
  Truncated: 'TRUNCATED',
  CorruptData: 'CORRUPT_DATA',
  LimitExceeded: 'LIMIT_EXCEEDED',
  InvalidArgument: 'INVALID_ARGUMENT',
  CodecNotLoaded: 'CODEC_NOT_LOADED',
} as const;
export type MeboErrorCode = (typeof MeboErrorCode)[keyof typeof MeboErrorCode];

/** The only error type mebo packages throw on bad input or misuse. */
export class MeboError extends Error {
  override readonly name = 'MeboError';
  constructor(
    readonly code: MeboErrorCode,
    message: string,
    readonly offset?: number,
  ) {
    super(offset === undefined ? message : `${message} (at offset ${offset})`);
  }
}

export function isMeboError(e: unknown): e is MeboError {
  return e instanceof MeboError;
}

/** "needed N bytes, M left" at an offset: the most common decode failure. */
export function truncated(offset: number, needed: number, left: number): MeboError {
  return new MeboError(MeboErrorCode.Truncated, `truncated: needed ${needed} bytes, ${left} left`, offset);
}
