import { SeededRandom, expectOnly, mutate } from '../src/index.js';

describe('test-kit', () => {
  it('is reproducible from a seed', () => {
    const a = new SeededRandom(42).bytes(16);
    const b = new SeededRandom(42).bytes(16);
    expect(a).toEqual(b);
    expect(new SeededRandom(43).bytes(16)).not.toEqual(a);
  });
  it('mutates a copy, never the source', () => {
    const src = new Uint8Array(64).fill(7);
    const rng = new SeededRandom(1);
    for (let i = 0; i < 200; i++) mutate(src, rng);
    expect(src.every((b) => b === 7)).toBe(true);
    expect(mutate(src, rng, 'bitflip')).not.toEqual(src);
    expect(mutate(src, rng, 'extend').length).toBeGreaterThan(64);
  });
  it('expectOnly lets the allowed error through and rejects others', () => {
    class Mine extends Error {}
    expect(expectOnly(Mine, 'a', () => { throw new Mine('x'); })).toBeInstanceOf(Mine);
    expect(() => expectOnly(Mine, 'b', () => { throw new RangeError('y'); })).toThrow(/b: foreign error escaped: RangeError: y/);
  });
});
