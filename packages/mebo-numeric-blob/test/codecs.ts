import { loadDefaultCodecs } from '@mebo/compress';
import type { PayloadCodecs } from '../src/index.js';

let codecs: PayloadCodecs | undefined;

/** Loads @mebo/compress's default codecs once per test file (zstd needs an async wasm start). */
export async function loadTestCodecs(): Promise<void> {
  codecs ??= await loadDefaultCodecs();
}

export function testCodecs(): PayloadCodecs {
  if (codecs === undefined) throw new Error('call loadTestCodecs() in beforeAll');
  return codecs;
}
