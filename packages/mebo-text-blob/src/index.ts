// Encoding
export { TextEncoder } from './text-encoder.js';
export type { TextEncoderOptions, TextTimestampEncoding } from './text-encoder.js';
// Decoding and reading
export { decodeTextBlob } from './text-decoder.js';
export type { TextDecodeOptions } from './text-decoder.js';
export { TextBlob, TextMetric } from './text-blob.js';
export type { TextPoint, TextPointCallback, TextColumns } from './text-blob.js';
// Metric ids
export type { NameHash } from './metric-key.js';
// Limits
export { MAX_TEXT_BYTES, MAX_POINTS_PER_METRIC, MAX_METRIC_COUNT, DEFAULT_MAX_DECOMPRESSED_BYTES } from './constants.js';
