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
