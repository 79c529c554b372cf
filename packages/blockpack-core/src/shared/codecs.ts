import { loadZstdCodec } from '@mebo/compress';
import { BlockpackError, BlockpackErrorCode } from './errors.js';
import type { ZstdCodec } from './zstd.js';

let zstdPromise: Promise<ZstdCodec> | undefined;

/** Wraps a `@mebo/compress` codec: its MeboErrors become BlockpackErrors. */
function adapt(c: { name: string; compress(src: Uint8Array): Uint8Array; decompress(src: Uint8Array, max?: number): Uint8Array }): ZstdCodec {
  return {
    name: c.name,
    compress: (src) => c.compress(src),
    decompress(src: Uint8Array, maxSize: number): Uint8Array {
      try {
        return c.decompress(src, maxSize);
      } catch (e) {
        if (e instanceof BlockpackError) throw e;
        const code = (e as { code?: string }).code;
        throw new BlockpackError(
          code === 'DECOMPRESSED_SIZE_EXCEEDS_LIMIT' ? BlockpackErrorCode.LimitExceeded : BlockpackErrorCode.DecompressFailed,
          `zstd: ${e instanceof Error ? e.message : String(e)}`,
        );
      }
    },
  };
}

/**
 * The zstd codec blockpack uses by default: `@mebo/compress`'s (libzstd level 3 to write, a
 * bounded pure-JS decoder to read), loaded once — its wasm set-up is asynchronous. Readers and
 * writers created through their async factories call this themselves.
 */
export function loadZstd(): Promise<ZstdCodec> {
  zstdPromise ??= loadZstdCodec().then(adapt, (e: unknown) => {
    zstdPromise = undefined;
    throw new BlockpackError(BlockpackErrorCode.CodecNotLoaded, `zstd: ${e instanceof Error ? e.message : String(e)}`);
  });
  return zstdPromise;
}
