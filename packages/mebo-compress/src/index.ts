// The codec interface and limits
export { DEFAULT_MAX_DECOMPRESSED_SIZE, MAX_OUTPUT_CEILING, isLoadableCodec } from './codec.js';
export type { Codec, LoadableCodec } from './codec.js';
// Registry
export { createCodecRegistry, loadDefaultCodecs } from './registry.js';
export type { CodecRegistry } from './registry.js';
// Codecs
export { noneCodec } from './none.js';
export { ZstdCodec, loadZstdCodec, zstdDecompress, ZSTD_LEVEL, ZSTD_FRAME_INPUT } from './zstd.js';
export { s2Codec, s2Encode, s2Decode, s2DecodedLen, s2MaxEncodedLen } from './s2.js';
export { lz4Codec, lz4CompressBlock, lz4DecompressBlock, lz4CompressBound } from './lz4.js';
// zstd frame inspection
export { scanZstdFrames, ZSTD_BLOCK_MAX, ZSTD_WINDOW_MAX } from './zstd-frame.js';
export type { ZstdFrame, ZstdScan } from './zstd-frame.js';
