// Encoding
export { TextBlobEncoder, encodeTextBlob } from './text-encoder.js';
export type { TextBlobEncoderOptions, TextTimestampEncoding, TextSeries } from './text-encoder.js';
// Decoding and reading
export { decodeTextBlob } from './text-decoder.js';
export type { TextDecodeOptions } from './text-decoder.js';
export { TextBlob, TextMetric } from './text-blob.js';
export type { TextPoint, TextPointCallback, TextColumns } from './text-blob.js';
// Materialized (eagerly decoded) views
export { MaterializedTextBlob } from './text-materialized.js';
export type { MaterializedTextMetric } from './text-materialized.js';
// Blob sets
export { TextBlobSet, TextSetMetric } from './text-blob-set.js';
// Metric ids
export type { NameHash } from './metric-key.js';
// Embedded sample (demo)
export { SAMPLE_START_TIME, sampleTextSeries, runTextSample } from './sample.js';
export type { TextSampleReport } from './sample.js';
// Limits
export { MAX_TEXT_BYTES, MAX_POINTS_PER_METRIC, MAX_METRIC_COUNT, MAX_ENCODER_METRICS, DEFAULT_MAX_DECOMPRESSED_BYTES } from './constants.js';
