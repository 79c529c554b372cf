import { CompressionType, MeboError, MeboErrorCode, compressionName } from '@mebo/format';
import { createCodecRegistry, lz4Codec, noneCodec, s2Codec } from '@mebo/compress';
import type { Codec, CodecRegistry } from '@mebo/compress';

/**
 * Used when no registry is passed: the synchronous pure-JS codecs (none, S2, LZ4). Zstd needs its
 * wasm module loaded first, so it always comes from the caller (`await loadDefaultCodecs()`).
 */
const builtin = createCodecRegistry([noneCodec, s2Codec, lz4Codec]);

/**
 * The codec for a compression id, or undefined for None.
 * @throws MeboError UNSUPPORTED_COMPRESSION (unknown id), CODEC_NOT_LOADED (no codec for it)
 */
export function resolveCodec(codecs: CodecRegistry | undefined, type: number): Codec | undefined {
  if (type === CompressionType.None) return undefined;
  if (type !== CompressionType.Zstd && type !== CompressionType.S2 && type !== CompressionType.LZ4) {
    throw new MeboError(MeboErrorCode.UnsupportedCompression, `unsupported compression ${compressionName(type)}`);
  }
  const registry = codecs ?? builtin;
  if (!registry.has(type)) {
    throw new MeboError(
      MeboErrorCode.CodecNotLoaded,
      `${compressionName(type)} codec not available: pass { codecs: await loadDefaultCodecs() } from @mebo/compress`,
    );
  }
  return registry.get(type);
}
