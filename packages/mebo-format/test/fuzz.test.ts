import { SeededRandom, expectOnly, mutate } from '@mebo-internal/test-kit';
import { MeboError, decodeNumericHeader, decodeNumericIndex, decodeMetricNames, decodeSharedTimestampTable, decodeTextHeader, metricIdOf } from '../src/index.js';
import { walkNumeric, walkText } from './sections.js';
import { example, textBlob, v2Blob } from './seeds.js';

/**
 * The fuzz contract: seeded mutations of valid blobs (bit flips, truncation, spliced spans, byte
 * stamps, extensions) walk header → names → index → shared table. Only MeboError may escape,
 * and nothing may hang or allocate beyond the input's size.
 */
const NUMERIC_SEEDS = [example(false), example(true), v2Blob(false), v2Blob(true), v2Blob(false, true), v2Blob(true, true)];
const TEXT_SEEDS = [textBlob(false), textBlob(true)];

function run(seeds: Uint8Array[], cases: number, seed: number, walk: (b: Uint8Array) => unknown): { ok: number; rejected: Map<string, number> } {
  const rng = new SeededRandom(seed);
  let ok = 0;
  const rejected = new Map<string, number>();
  for (let i = 0; i < cases; i++) {
    const src = seeds[rng.int(seeds.length)];
    let bytes = mutate(src, rng);
    if (rng.int(4) === 0) bytes = mutate(bytes, rng); // sometimes a second mutation
    const err = expectOnly(MeboError, `seed ${seed} case ${i}`, () => walk(bytes));
    if (err) {
      const code = (err as MeboError).code;
      rejected.set(code, (rejected.get(code) ?? 0) + 1);
    } else ok++;
  }
  return { ok, rejected };
}

describe('fuzz: only MeboError escapes', () => {
  it('numeric sections: 3,000 mutated blobs', () => {
    const { ok, rejected } = run(NUMERIC_SEEDS, 3000, 0xfeed, walkNumeric);
    // Both outcomes must occur, and several distinct rejection codes, or the fuzzer is not biting.
    expect(ok).toBeGreaterThan(50);
    expect(rejected.size).toBeGreaterThanOrEqual(8);
  });
  it('text sections: 2,000 mutated blobs', () => {
    const { ok, rejected } = run(TEXT_SEEDS, 2000, 0xbeef, walkText);
    expect(ok).toBeGreaterThan(50);
    expect(rejected.size).toBeGreaterThanOrEqual(5);
  });
  it('section decoders on random bytes at random offsets: 2,000 cases', () => {
    const rng = new SeededRandom(99);
    for (let i = 0; i < 2000; i++) {
      const b = rng.bytes(rng.int(96));
      const be = rng.int(2) === 1;
      const off = rng.int(b.length + 2);
      expectOnly(MeboError, `random ${i} header`, () => decodeNumericHeader(b));
      expectOnly(MeboError, `random ${i} text header`, () => decodeTextHeader(b));
      expectOnly(MeboError, `random ${i} names`, () => decodeMetricNames(b, off, be));
      expectOnly(MeboError, `random ${i} shared`, () => decodeSharedTimestampTable(b, be, rng.int(70000)));
      expectOnly(MeboError, `random ${i} index`, () =>
        decodeNumericIndex(b, {
          offset: off,
          metricCount: rng.int(8),
          entrySize: rng.int(2) ? 16 : 32,
          bigEndian: be,
          timestampPayloadLength: rng.int(200),
          valuePayloadLength: rng.int(200),
          tagPayloadLength: rng.int(200),
        }),
      );
    }
  });
  it('metric ids still hash correctly after arbitrary strings', () => {
    const rng = new SeededRandom(7);
    for (let i = 0; i < 200; i++) metricIdOf(String.fromCharCode(...Array.from(rng.bytes(rng.int(300)), (x) => x * 257)));
    expect(metricIdOf('cpu.usage')).toBe(0x194dbe1fe219998an);
  });
});
