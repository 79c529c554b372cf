import type { CodecRegistry } from '@mebo/compress';
import { MeboError } from '@mebo/format';
import { SeededRandom, expectOnly, mutate } from '@mebo-internal/test-kit';
import { decodeTextBlob } from '../src/index.js';
import type { TextBlob } from '../src/index.js';
import { loadManifests } from './manifest.js';
import { testCodecs } from './codecs.js';

let codecs: CodecRegistry;
beforeAll(async () => {
  codecs = await testCodecs();
});

/** Decode, then touch every reader: corrupt rows only surface when points are read. */
function readAll(blob: TextBlob): number {
  let n = 0;
  for (const m of blob.metrics()) {
    m.forEach((_ts, v, t) => void (n += v.length + t.length));
    n += (m.valueAt(m.length - 1) ?? '').length + (m.tagAt(m.length >> 1) ?? '').length + (m.timestampAt(0) ?? 0 ? 1 : 0);
  }
  for (const name of blob.metricNames().slice(0, 3)) n += blob.metric(name)?.length ?? 0;
  return n;
}

const seeds = loadManifests()
  .filter((g) => g.blob.length <= 4096)
  .map((g) => g.blob);
const CASES = Number(process.env.FUZZ_CASES ?? 6000);

describe('fuzz over the Go goldens', () => {
  it(`only MeboError escapes across ${CASES} seeded mutations, and decoding still works afterwards`, () => {
    const rng = new SeededRandom(Number(process.env.FUZZ_SEED ?? 0x7e47));
    const valid = seeds[0];
    const expected = readAll(decodeTextBlob(valid, { codecs }));
    let rejected = 0;
    for (let i = 0; i < CASES; i++) {
      const seed = seeds[rng.int(seeds.length)];
      const input = mutate(seed, rng);
      const err = expectOnly(MeboError, `case ${i}`, () => {
        const blob = decodeTextBlob(input, { codecs, offsetCache: i % 2 === 0, maxDecompressedBytes: 1 << 20 });
        readAll(blob);
      });
      if (err) rejected++;
      if (i % 1000 === 999) expect(readAll(decodeTextBlob(valid, { codecs }))).toBe(expected);
    }
    expect(readAll(decodeTextBlob(valid, { codecs }))).toBe(expected);
    expect(rejected).toBeGreaterThan(CASES / 10);
    console.log(`fuzz: ${CASES} mutations of ${seeds.length} goldens, ${rejected} rejected with MeboError, rest decoded`);
  });
});
