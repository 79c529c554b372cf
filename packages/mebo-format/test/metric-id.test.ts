import fc from 'fast-check';
import { createXXHash64 } from 'hash-wasm';
import type { IHasher } from 'hash-wasm';
import { MeboErrorCode, metricIdOf, metricIdInto, xxHash64, xxHash64Into, u64FromHalves, u64ToHalves, u64Hex } from '../src/index.js';
import { codeOf } from './code-of.js';

describe('metric id = xxHash64(UTF-8, seed 0): spec §12.1 vectors', () => {
  it.each([
    ['', 0xef46db3751d8e999n],
    ['test', 0x4fdcca5ddb678139n],
    ['this is a longer test string to hash', 0x69275f7f7ee59dbdn],
    ['another test string', 0x212a22f593810becn],
    ['cpu.usage', 0x194dbe1fe219998an],
    ['cpu', 0x4196f531ce64819bn],
    ['mem', 0x3ccc2a41e28fe415n],
  ])('%j → %s', (name, id) => {
    expect(metricIdOf(name)).toBe(id);
    const out = metricIdInto(name, { hi: 0, lo: 0 });
    expect(u64FromHalves(out.hi, out.lo)).toBe(id);
    expect(xxHash64(new TextEncoder().encode(name))).toBe(id);
  });
  it('hashes the UTF-8 bytes of non-ASCII names', () => {
    const name = 'température.cœur.☃.𝄞';
    expect(metricIdOf(name)).toBe(xxHash64(new TextEncoder().encode(name)));
    // long names take the 32-byte stripe path and grow the scratch buffer
    const long = 'é'.repeat(500);
    expect(metricIdOf(long)).toBe(xxHash64(new TextEncoder().encode(long)));
  });
  it('hashes a sub-range without copying', () => {
    const b = new TextEncoder().encode('xxcpu.usageyy');
    const out = xxHash64Into(b, { hi: 0, lo: 0 }, 2, 11);
    expect(u64FromHalves(out.hi, out.lo)).toBe(0x194dbe1fe219998an);
  });
});

describe('xxHash64 against hash-wasm 4.13.0', () => {
  let hasher: IHasher;
  beforeAll(async () => {
    hasher = await createXXHash64(0, 0);
  });
  const reference = (b: Uint8Array): bigint => {
    hasher.init();
    hasher.update(b);
    return BigInt('0x' + hasher.digest('hex'));
  };
  it('agrees on every length 0–200 (each tail and stripe path)', () => {
    const b = new Uint8Array(200);
    for (let i = 0; i < b.length; i++) b[i] = (i * 131 + 7) & 0xff;
    for (let n = 0; n <= 200; n++) expect(xxHash64(b.subarray(0, n))).toBe(reference(b.subarray(0, n)));
  });
  it('agrees on random byte strings (seeded)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (b) => {
        expect(xxHash64(b)).toBe(reference(b));
      }),
      { seed: 64, numRuns: 2000 },
    );
  });
  it('agrees on random strings through metricIdOf (seeded)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 80 }), (s) => {
        expect(metricIdOf(s)).toBe(reference(new TextEncoder().encode(s)));
      }),
      { seed: 65, numRuns: 1000 },
    );
  });
});

describe('u64 halves at the API edge', () => {
  it('round-trips and formats', () => {
    const out = u64ToHalves(0x8000000000000001n, { hi: 0, lo: 0 });
    expect(out).toEqual({ hi: 0x80000000, lo: 1 });
    expect(u64FromHalves(out.hi, out.lo)).toBe(0x8000000000000001n);
    expect(u64Hex(1, 2)).toBe('0000000100000002');
  });
  it.each([-1n, 1n << 64n])('rejects %s with INVALID_METRIC_ID', (v) => {
    expect(codeOf(() => u64ToHalves(v, { hi: 0, lo: 0 }))).toBe(MeboErrorCode.InvalidMetricID);
  });
});
