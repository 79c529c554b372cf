import { MeboError } from '@mebo/format';
import { expectOnly } from '@mebo-internal/test-kit';
import { chimpValueCodec, deltaPackedTimestampCodec, deltaTimestampCodec, gorillaValueCodec } from '../src/encoding/index.js';
import { Mulberry, decodeEmbedded, encodeColumn, firstBitDiff, firstNumberDiff, fuzzColumns, tsShape, valueShape } from './encoding-support.js';
import type { AnyCodec } from './encoding-support.js';

/**
 * The column decoders read unchecked while a worst-case value still fits (Gorilla, Chimp) or run a
 * Number-only loop while timestamps stay inside ±2^52 (Delta, DeltaPacked), and hand over to a
 * checked general loop otherwise. These tests use columns long enough to run both loops and cross
 * between them: round trips, every truncation, a value range crossing ±2^52, and fuzzing.
 */
const CODECS: [string, AnyCodec, 'ts' | 'val'][] = [
  ['delta', deltaTimestampCodec, 'ts'],
  ['delta-packed', deltaPackedTimestampCodec, 'ts'],
  ['gorilla', gorillaValueCodec, 'val'],
  ['chimp', chimpValueCodec, 'val'],
];

const shape = (kind: 'ts' | 'val', r: Mulberry, k: number, n: number): Float64Array => (kind === 'ts' ? tsShape(r, k, n) : valueShape(r, k, n));
const diff = (kind: 'ts' | 'val', a: Float64Array, b: Float64Array): number => (kind === 'ts' ? firstNumberDiff(a, b, a.length) : firstBitDiff(a, b, a.length));

describe.each(CODECS)('%s fast and general loops', (_name, codec, kind) => {
  it('round-trips long columns of every shape', () => {
    const r = new Mulberry(9001);
    for (let k = 0; k < (kind === 'ts' ? 10 : 14); k++) {
      for (const n of [17, 130, 301, 1000]) {
        const col = shape(kind, r, k, n);
        for (const le of [true, false]) {
          const out = new Float64Array(n);
          decodeEmbedded(codec, encodeColumn(codec, col, le), n, le, 0xff, 3, out);
          expect([k, n, diff(kind, col, out)]).toEqual([k, n, -1]);
        }
      }
    }
  });

  it('rejects every truncation of a 300-point column with MeboError', () => {
    const r = new Mulberry(9002);
    for (const k of kind === 'ts' ? [1, 3, 8] : [1, 4, 9]) {
      const col = shape(kind, r, k, 300);
      const bytes = encodeColumn(codec, col, true);
      for (let cut = 0; cut < bytes.length; cut++) {
        const err = expectOnly(MeboError, `shape ${k} cut ${cut}`, () => codec.decode(bytes.subarray(0, cut), 0, cut, 300, true, new Float64Array(300)));
        expect(err).toBeInstanceOf(MeboError);
      }
    }
  });

  it('fuzz: 800 mutated long columns decode or throw MeboError, independent of the bytes around them', () => {
    const r = new Mulberry(9003);
    const bases: { bytes: Uint8Array; n: number; le: boolean }[] = [];
    for (let k = 0; k < (kind === 'ts' ? 10 : 14); k++) {
      for (const n of [40, 150, 400]) bases.push({ bytes: encodeColumn(codec, shape(kind, r, k, n), k % 2 === 0), n, le: k % 2 === 0 });
    }
    const res = fuzzColumns(codec, bases, 800, 9004);
    expect(res.rejected).toBeGreaterThan(0);
  });
});

describe.each(CODECS.filter(([, , kind]) => kind === 'ts'))('%s across ±2^52', (_name, codec) => {
  const cross = (t0: number, step: number, jitter: number, n: number): Float64Array => {
    const r = new Mulberry(77);
    const out = new Float64Array(n);
    let t = t0;
    for (let i = 0; i < n; i++) {
      out[i] = t;
      t += step + (jitter > 0 ? r.int(2 * jitter + 1) - jitter : 0);
    }
    return out;
  };
  it.each([
    ['up through 2^52', 2 ** 52 - 60_000_000, 1_000_000, 1000],
    ['down through -2^52', -(2 ** 52) + 60_000_000, -1_000_000, 1000],
    ['down from above 2^52', 2 ** 52 + 60_000_000, -1_000_000, 0],
    ['small steps at 2^52', 2 ** 52 - 100, 1, 3],
    ['near MAX_SAFE_INTEGER', Number.MAX_SAFE_INTEGER - 130_000, 1000, 0],
  ])('%s', (_label, t0, step, jitter) => {
    const col = cross(t0, step, jitter, 130);
    for (const le of [true, false]) {
      const out = new Float64Array(col.length);
      decodeEmbedded(codec, encodeColumn(codec, col, le), col.length, le, 0xff, 1, out);
      expect(firstNumberDiff(col, out, col.length)).toBe(-1);
    }
  });
});
