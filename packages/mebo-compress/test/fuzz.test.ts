import { MeboError } from '@mebo/format';
import { expectOnly, mutate, SeededRandom } from '@mebo-internal/test-kit';
import { loadDefaultCodecs, ZstdCodec } from '../src/index.js';
import type { Codec, CodecRegistry } from '../src/index.js';
import { GOLDEN_CODEC_TYPE, goldenCases, readGolden } from './golden-files.js';
import { metricPayload, runsPayload, textPayload } from './corpus.js';

// The fuzz contract: truncated, bit-flipped, spliced or extended payloads either decode (to
// anything, within the bound) or throw MeboError. Nothing else may escape, nothing may hang.
const CASES_PER_SEED = 120;
const MAX_OUTPUT = 1 << 20;

let registry: CodecRegistry;
beforeAll(async () => {
  registry = await loadDefaultCodecs();
});

/** Valid encodings to corrupt: Go's small golden vectors plus our own output. */
function seeds(codec: Codec): Uint8Array[] {
  const fromGo = goldenCases()
    .filter((c) => GOLDEN_CODEC_TYPE[c.codec] === codec.type && c.compressedSize > 0 && c.compressedSize < 40_000)
    .map((c) => readGolden(c.bin));
  const writer = codec.name === 'zstd' ? registry.get(codec.type) : codec;
  const ours = [textPayload(31, 3000), metricPayload(32, 4096), runsPayload(33, 50_000, 5000)].map((x) => writer.compress(x));
  return [...fromGo, ...ours];
}

/** 'zstd-js' is a zstd codec that was never loaded: every frame goes through fzstd, none through libzstd. */
function codecNamed(name: string): Codec {
  if (name === 'zstd-js') return new ZstdCodec();
  return registry.types().map((t) => registry.get(t)).find((c) => c.name === name)!;
}

describe.each([['zstd'], ['zstd-js'], ['s2'], ['lz4'], ['none']])('%s under corruption', (name) => {
  it(`throws only MeboError (≥ 1000 seeded mutations)`, () => {
    const codec = codecNamed(name);
    const inputs = seeds(codec);
    const rng = new SeededRandom(0xc0ffee + codec.type);
    let cases = 0;
    let rejected = 0;
    const perSeed = Math.max(CASES_PER_SEED, Math.ceil(1000 / inputs.length));
    for (let i = 0; i < inputs.length; i++) {
      for (let k = 0; k < perSeed; k++) {
        const bad = mutate(inputs[i], rng);
        const err = expectOnly(MeboError, `${name} seed ${i} case ${k}`, () => {
          const out = codec.decompress(bad, MAX_OUTPUT);
          if (out.length > MAX_OUTPUT) throw new Error(`output ${out.length} above the bound`);
        });
        if (err) rejected++;
        cases++;
      }
    }
    expect(cases).toBeGreaterThanOrEqual(1000);
    if (name !== 'none') expect(rejected).toBeGreaterThan(cases / 10);
  });

  it('throws only MeboError on random bytes', () => {
    const codec = codecNamed(name);
    const rng = new SeededRandom(99 + codec.type);
    for (let k = 0; k < 500; k++) {
      const junk = rng.bytes(1 + rng.int(200));
      expectOnly(MeboError, `${name} junk ${k}`, () => codec.decompress(junk, MAX_OUTPUT));
    }
  });
});

describe('zstd compressed blocks of random content', () => {
  it('reach the block decoder and throw only MeboError', () => {
    const codec = registry.get(2);
    const rng = new SeededRandom(4242);
    for (let k = 0; k < 1000; k++) {
      const body = rng.bytes(1 + rng.int(300));
      const withSize = rng.int(2) === 0;
      // magic, header (single segment + 2-byte content size, or window descriptor only), one last compressed block
      const header = withSize ? [0x28, 0xb5, 0x2f, 0xfd, 0x60, rng.int(256), rng.int(4)] : [0x28, 0xb5, 0x2f, 0xfd, 0x00, 0x50];
      const bh = (body.length << 3) | (2 << 1) | 1;
      const frame = Uint8Array.from([...header, bh & 0xff, (bh >> 8) & 0xff, bh >> 16, ...body]);
      expectOnly(MeboError, `zstd random block ${k}`, () => codec.decompress(frame, MAX_OUTPUT));
    }
  });
});
