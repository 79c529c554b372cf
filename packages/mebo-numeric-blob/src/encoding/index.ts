// Codec interfaces and lookup by encoding type
export { timestampCodec, valueCodec } from './codec.js';
export type { TimestampCodec, ValueCodec } from './codec.js';
// Timestamp codecs
export { rawTimestampCodec } from './timestamp/raw.js';
export { deltaTimestampCodec } from './timestamp/delta.js';
export { deltaPackedTimestampCodec } from './timestamp/delta-packed.js';
// Value codecs
export { rawValueCodec } from './value/raw.js';
export { gorillaValueCodec } from './value/gorilla.js';
export { chimpValueCodec } from './value/chimp.js';
export { alpValueCodec, validateAlpColumn } from './value/alp.js';
