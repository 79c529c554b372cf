import fc from 'fast-check';
import { CACHE_MAX_LEN, readUtf8 } from '../src/utf8.js';

// The reference: what readUtf8 must return for any bytes (U+FFFD for invalid sequences, a leading
// U+FEFF kept).
const reference = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

/** `bytes` copied at `at` inside a larger buffer, read through a view with a non-zero byteOffset. */
function readAt(bytes: Uint8Array, at = 3): string {
  const outer = new Uint8Array(bytes.length + at + 11).fill(0xee);
  outer.set(bytes, at + 5);
  const src = outer.subarray(5); // byteOffset 5: views and positions must agree
  const view = new DataView(src.buffer, src.byteOffset, src.byteLength);
  return readUtf8(src, view, at, bytes.length);
}

const ascii = (n: number, seed: number) => Uint8Array.from({ length: n }, (_, i) => 0x20 + ((i * 7 + seed) % 95));

describe('readUtf8 fast paths', () => {
  it('matches TextDecoder for ASCII values of every length 0..255, read three times (miss, miss that caches, hit)', () => {
    for (let n = 0; n <= 255; n++) {
      const b = ascii(n, n);
      const want = reference.decode(b);
      expect(readAt(b)).toBe(want);
      expect(readAt(b, 17)).toBe(want);
      expect(readAt(b, 2)).toBe(want);
    }
  });

  it('leaves the ASCII path at a byte ≥ 0x80 anywhere in the value (0x7f stays ASCII)', () => {
    for (const n of [1, 2, 3, 4, 5, 7, 8, 9, 13, 31, 32, 33, CACHE_MAX_LEN - 1, CACHE_MAX_LEN, CACHE_MAX_LEN + 1, 100, 255]) {
      for (let i = 0; i < n; i++) {
        for (const hi of [0x7f, 0x80, 0xc3, 0xff]) {
          const b = ascii(n, i);
          b[i] = hi;
          const want = reference.decode(b);
          expect(readAt(b)).toBe(want);
          expect(readAt(b)).toBe(want);
        }
      }
    }
  });

  it('keeps a leading BOM and multi-byte characters, cached or not', () => {
    const enc = new TextEncoder();
    for (const s of ['\uFEFF', '\uFEFFx', '\uFEFFINFO', '°C', '✓', '中', 'é', 'naïve café', '\uFEFF'.repeat(20), '日本語のログ'.repeat(5)]) {
      const b = enc.encode(s);
      for (let k = 0; k < 3; k++) expect(readAt(b)).toBe(s);
    }
  });

  it('maps invalid UTF-8 as TextDecoder does, also from the short-value and main caches', () => {
    const cases = [[0x80], [0xff], [0xc3], [0xe2, 0x9c], [0xed, 0xa0, 0x80], [0xf0, 0x9f, 0x98], [0xc0, 0xaf, 0x41, 0x42], [0x41, 0xe2, 0x28, 0xa1, 0x42]];
    for (const c of cases) {
      const b = Uint8Array.from(c);
      for (let k = 0; k < 3; k++) expect(readAt(b)).toBe(reference.decode(b));
    }
  });

  it('every 1- and 2-byte value, and sampled 3-byte values, match (short-value cache keys are exact)', () => {
    const wrong: number[][] = [];
    const check = (v: Uint8Array) => {
      if (readAt(v) !== reference.decode(v)) wrong.push([...v]);
    };
    for (let a = 0; a < 256; a++) {
      check(Uint8Array.of(a));
      for (let b = 0; b < 256; b++) check(Uint8Array.of(a, b));
    }
    let x = 12345;
    for (let k = 0; k < 20000; k++) {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      check(Uint8Array.of(x & 0xff, (x >>> 8) & 0xff, (x >>> 16) & 0xff));
    }
    expect(wrong).toEqual([]);
  });

  it('values sharing a cache slot (same length, same first and last four bytes) never return each other', () => {
    for (const n of [9, 12, 25, CACHE_MAX_LEN]) {
      const a = ascii(n, 1);
      const b = a.slice();
      b[4] ^= 0x01; // differs only in the middle: same slot, different bytes
      const c = a.slice();
      c[n - 5] = 0xc3; // same slot, non-ASCII in the middle
      for (let k = 0; k < 4; k++) {
        for (const v of [a, b, a, c, b, c]) expect(readAt(v)).toBe(reference.decode(v));
      }
    }
  });

  it('a value seen once between reads of a repeated value in the same slot: both read correctly, before and after admission', () => {
    const hot = ascii(20, 5);
    const once = hot.slice();
    once[9] ^= 0x04; // same slot as hot
    for (let k = 0; k < 3; k++) expect(readAt(hot)).toBe(reference.decode(hot));
    expect(readAt(once)).toBe(reference.decode(once));
    expect(readAt(hot)).toBe(reference.decode(hot));
    for (let k = 0; k < 3; k++) expect(readAt(once)).toBe(reference.decode(once)); // admitted on its second sighting
    expect(readAt(hot)).toBe(reference.decode(hot));
  });

  it('re-reads bytes changed in place (hits are decided by content, not position)', () => {
    const src = new Uint8Array(64);
    const view = new DataView(src.buffer);
    src.set(new TextEncoder().encode('200 OK and more'), 10);
    for (let k = 0; k < 3; k++) expect(readUtf8(src, view, 10, 15)).toBe('200 OK and more'); // now cached
    src[12] = 0x31;
    expect(readUtf8(src, view, 10, 15)).toBe('201 OK and more');
    src[12] = 0xe2;
    expect(readUtf8(src, view, 10, 15)).toBe(reference.decode(src.subarray(10, 25)));
  });

  it('values longer than the cache limit decode correctly every time', () => {
    for (const n of [CACHE_MAX_LEN + 1, 64, 200, 255, 1000, 70000]) {
      const a = ascii(n, 3);
      const b = a.slice();
      b[n >> 1] ^= 0x02;
      for (const v of [a, a, a, b, b, b, a]) expect(readAt(v)).toBe(reference.decode(v));
    }
  });

  it('matches TextDecoder on arbitrary bytes and repeats (seeded)', () => {
    const value = fc.oneof(
      fc.uint8Array({ maxLength: 80 }),
      fc.uint8Array({ minLength: 1, maxLength: 6, min: 0x20, max: 0x7e }),
      fc.constantFrom(...['INFO', 'WARN', '200 OK', 'v1.9.0', '\uFEFFINFO', 'é'].map((s) => new TextEncoder().encode(s))),
    );
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 30 }), fc.nat({ max: 9 }), (values, at) => {
        for (let round = 0; round < 2; round++) for (const v of values) expect(readAt(v, at)).toBe(reference.decode(v));
      }),
      { seed: 20261126, numRuns: 400 },
    );
  });
});
