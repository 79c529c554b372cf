import { CompressionType, MeboError, MeboErrorCode, compressionName } from '@mebo/format';

/** The synchronous codec shape this package needs (as @mebo/compress's `Codec`). */
export interface TextCodec {
  compress(src: Uint8Array): Uint8Array;
  /** @throws MeboError when the output would exceed `maxOutput` bytes or the input is corrupt */
  decompress(src: Uint8Array, maxOutput: number): Uint8Array;
}

/** A codec registry, as returned by @mebo/compress's `loadDefaultCodecs()`. */
export interface TextCodecs {
  get(type: CompressionType): TextCodec | undefined;
}

/**
 * The codec for a compression id, or undefined for None.
 * @throws MeboError UNSUPPORTED_COMPRESSION (unknown id), CODEC_NOT_LOADED (no registry or no entry)
 */
export function resolveCodec(codecs: TextCodecs | undefined, type: number): TextCodec | undefined {
  if (type === CompressionType.None) return undefined;
  if (type !== CompressionType.Zstd && type !== CompressionType.S2 && type !== CompressionType.LZ4) {
    throw new MeboError(MeboErrorCode.UnsupportedCompression, `unsupported compression ${compressionName(type)}`);
  }
  const codec = codecs?.get(type as CompressionType);
  if (!codec) {
    throw new MeboError(
      MeboErrorCode.CodecNotLoaded,
      `${compressionName(type)} codec not available: pass { codecs: await loadDefaultCodecs() } from @mebo/compress`,
    );
  }
  return codec;
}
