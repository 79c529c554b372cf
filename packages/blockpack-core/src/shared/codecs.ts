import type { ZstdCodec } from './zstd.js';
import { storeOnlyZstd } from './zstd.js';

let zstdPromise: Promise<ZstdCodec> | undefined;

/**
 * The zstd codec blockpack uses by default, loaded once (the wasm set-up is asynchronous).
 * Readers and writers created through their async factories call this themselves.
 */
export function loadZstd(): Promise<ZstdCodec> {
  zstdPromise ??= Promise.resolve(storeOnlyZstd);
  return zstdPromise;
}
