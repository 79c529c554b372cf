// Errors
export { MeboError, MeboErrorCode, isMeboError, truncated } from './errors.js';
// Format constants
export { EncodingType, CompressionType, encodingName, compressionName } from './types.js';
