import fc from 'fast-check';
import { EncodingType, MeboError, MeboErrorCode } from '@mebo/format';
import { alpValueCodec, validateAlpColumn, valueCodec } from '../src/encoding/index.js';
import { alpGoldenColumn, firstBitDiff, fromBits, fromHex, hex, writer, xxh64 } from './encoding-support.js';

/** ALP (spec §5.4): golden hashes of §12.2, the §5.4.9 examples, round trips, validation. */

function enc(values: Float64Array, le = true): Uint8Array {
  const w = writer(le);
  alpValueCodec.encode(values, values.length, w);
  return w.finish();
}

function dec(bytes: Uint8Array, n: number, le = true): Float64Array {
  const out = new Float64Array(n);
  alpValueCodec.decode(bytes, 0, bytes.length, n, le, out);
  return out;
}

function roundTrip(values: Float64Array, le = true): Uint8Array {
  const b = enc(values, le);
  const back = dec(b, values.length, le);
  expect(firstBitDiff(values, back, values.length)).toBe(-1);
  return b;
}

const PI17 = Math.PI * 1e17;

function datasets(): Record<string, Float64Array> {
  const decimal2dp = alpGoldenColumn(1000, 2);
  const fullPrecision = alpGoldenColumn(1000, -1);
  const mixed = decimal2dp.slice();
  for (let i = 0; i < 1000; i++) if ((i + 1) % 97 === 0) mixed[i] = PI17;
  return { decimal2dp, fullPrecision, mixedExceptions: mixed, constant: new Float64Array(1000).fill(123.45) };
}

describe('ALP golden hashes (spec §12.2)', () => {
  const golden: Record<string, [string, string, number, string]> = {
    decimal2dp: ['c642985c2b608526', 'a1b2f948018ababa', 1266, '00 0e 0c 0a 00 00 00 00 2d 25 00 00 00 00 00 00 d6 ad 56 1b 66 6b 81 e5'],
    fullPrecision: ['7a1535f788abf63e', '012f9aeaafd7889e', 6262, '01 31 01 02 00 00 00 00 2c 20 2b 20'],
    mixedExceptions: ['6ce54b0b6aeb51c0', '00a6c863bdfd2940', 1386, '00 0e 0c 0a 0a 00 00 00 2d 25 00 00 00 00 00 00 d6 ad 56 1b 66 6b 81 e5'],
    constant: ['9569360489db2778', 'f24ee91274dbe21e', 16, '00 02 00 00 00 00 00 00 39 30 00 00 00 00 00 00'],
  };
  const data = datasets();
  it('π × 10^17 has the bits the spec names', () => {
    const u = new Uint32Array(Float64Array.of(PI17).buffer);
    expect([u[1].toString(16), u[0].toString(16)]).toEqual(['43917078', 'bfda7a84']);
  });
  for (const [name, [le, be, len, head]] of Object.entries(golden)) {
    it(`${name}: LE and BE columns hash as in Go, and decode bit-exactly`, () => {
      const bLE = roundTrip(data[name], true);
      const bBE = roundTrip(data[name], false);
      expect(bLE.length).toBe(len);
      expect(bBE.length).toBe(len);
      expect(hex(bLE.subarray(0, head.split(' ').length))).toBe(head);
      expect(xxh64(bLE).toString(16).padStart(16, '0')).toBe(le);
      expect(xxh64(bBE).toString(16).padStart(16, '0')).toBe(be);
    });
  }
});
