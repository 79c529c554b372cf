// Codec interfaces and lookup by encoding type
export { timestampCodec, valueCodec } from './codec.js';
export type { TimestampCodec, ValueCodec } from './codec.js';
