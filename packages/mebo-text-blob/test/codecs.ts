import { loadDefaultCodecs } from '@mebo/compress';
import type { CodecRegistry } from '@mebo/compress';

let loaded: Promise<CodecRegistry> | undefined;

/** mebo's four codecs, zstd's wasm loaded once per test file. */
export function testCodecs(): Promise<CodecRegistry> {
  loaded ??= loadDefaultCodecs();
  return loaded;
}
