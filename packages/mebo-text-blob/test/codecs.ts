import type { TextCodecs } from '../src/index.js';

/** Codecs for tests: none until @mebo/compress lands (compressed cases are then skipped). */
export function testCodecs(): TextCodecs | undefined {
  return undefined;
}
