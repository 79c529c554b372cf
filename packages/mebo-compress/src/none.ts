import { CompressionType } from '@mebo/format';
import { resolveMaxOutput, sizeExceedsLimit } from './codec.js';
import type { Codec } from './codec.js';

/**
 * Identity codec (compression id 0x1). Like Go's NoOpCompressor it returns the input itself,
 * not a copy; decompress still honours the output bound.
 */
export const noneCodec: Codec = Object.freeze({
  type: CompressionType.None,
  name: 'none',
  compress(src: Uint8Array): Uint8Array {
    return src;
  },
  decompress(src: Uint8Array, maxOutput?: number): Uint8Array {
    const limit = resolveMaxOutput(maxOutput);
    if (src.length > limit) throw sizeExceedsLimit('none', src.length, limit);
    return src;
  },
});
