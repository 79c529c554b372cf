// Encoding
export { NumericEncoder, MAX_METRIC_COUNT, maxDataPoints } from './numeric-encoder.js';
export { encodeNumericBlob } from './encode.js';
export type { NumericMetricInput } from './encode.js';
export { NumericPresets, NUMERIC_ENCODER_DEFAULTS, NUMERIC_DECODER_DEFAULTS, DEFAULT_MAX_DECOMPRESSED_BYTES } from './options.js';
export type { NumericEncoderOptions, NumericDecoderOptions, NumericLayout } from './options.js';
// Decoding and reading
export { NumericDecoder, decodeNumericBlob } from './numeric-decoder.js';
export { NumericBlob } from './numeric-blob.js';
export type { NumericPoint, NumericColumnsOut } from './numeric-blob.js';
export { MaterializedNumericBlob } from './materialized.js';
// Blob sets
export { NumericBlobSet, streamNumericSeries } from './numeric-blob-set.js';
export type { NumericBlobInput, NumericBlobSource } from './numeric-blob-set.js';
// Compression hook (the shape of @mebo/compress's registry)
export type { PayloadCodec, PayloadCodecs } from './compression.js';
// Column codecs
export { timestampCodec, valueCodec } from './encoding/index.js';
export type { TimestampCodec, ValueCodec } from './encoding/index.js';
