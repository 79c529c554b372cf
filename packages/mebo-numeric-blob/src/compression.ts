import { CompressionType, MeboError, MeboErrorCode, compressionName } from '@mebo/format';

/** What the blob layer needs from a compression codec (the shape of @mebo/compress's `Codec`). */
export interface PayloadCodec {
  compress(src: Uint8Array): Uint8Array;
  /** @throws MeboError when the output would exceed `maxOutput` or the input is corrupt. */
  decompress(src: Uint8Array, maxOutput: number): Uint8Array;
}

/** A codec per compression id (the registry `loadDefaultCodecs()` of @mebo/compress returns). */
export interface PayloadCodecs {
  get(type: CompressionType): PayloadCodec;
}

/** None is handled here so callers never need a registry for uncompressed blobs. */
export function compressPayload(codecs: PayloadCodecs | undefined, type: CompressionType, src: Uint8Array): Uint8Array {
  if (type === CompressionType.None || src.length === 0) return src; // Go never emits anything for an empty payload
  return need(codecs, type).compress(src);
}

/** @throws MeboError CODEC_NOT_LOADED, DECOMPRESSED_SIZE_EXCEEDS_LIMIT, or the codec's own error */
export function decompressPayload(codecs: PayloadCodecs | undefined, type: CompressionType, src: Uint8Array, maxOutput: number): Uint8Array {
  if (type === CompressionType.None) return src;
  if (src.length === 0) return src;
  return need(codecs, type).decompress(src, maxOutput);
}

function need(codecs: PayloadCodecs | undefined, type: CompressionType): PayloadCodec {
  if (codecs === undefined) {
    throw new MeboError(MeboErrorCode.CodecNotLoaded, `${compressionName(type)} needs codecs: pass { codecs: await loadDefaultCodecs() }`);
  }
  return codecs.get(type);
}
