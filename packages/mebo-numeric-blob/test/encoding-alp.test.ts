import { EncodingType, MeboError, MeboErrorCode } from '@mebo/format';
import { alpValueCodec, validateAlpColumn, valueCodec } from '../src/encoding/index.js';
import { alpEdgeColumns, alpGoldenColumn, codecSuite, firstBitDiff, fromBits, fromHex, hex, writer, xxh64 } from './encoding-support.js';

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

describe('ALP small columns (spec §5.4.9)', () => {
  const cases: [string, number[], string, string][] = [
    ['main, width 7', [10.5, 10.25, 10.75, 11.0], '00 02 00 07 00 00 00 00 01 04 00 00 00 00 00 00 19 80 6c 09', '00 02 00 07 00 00 00 00 00 00 00 00 00 00 04 01 19 80 6c 09'],
    [
      'main with a −0 exception',
      [0.1, 0.2, 0.3, -0.0],
      '00 02 01 02 01 00 00 00 01 00 00 00 00 00 00 00 24 03 00 00 00 00 00 00 00 00 00 00 80',
      '00 02 01 02 00 00 00 01 00 00 00 00 00 00 00 01 24 00 00 00 03 80 00 00 00 00 00 00 00',
    ],
    ['raw (one point)', [1.0], '02 00 00 00 00 00 00 f0 3f', '02 3f f0 00 00 00 00 00 00'],
    ['main, width 0', [123.45, 123.45, 123.45, 123.45], '00 02 00 00 00 00 00 00 39 30 00 00 00 00 00 00', '00 02 00 00 00 00 00 00 00 00 00 00 00 00 30 39'],
  ];
  it.each(cases)('%s', (_name, values, le, be) => {
    const col = Float64Array.from(values);
    expect(hex(roundTrip(col, true))).toBe(le);
    expect(hex(roundTrip(col, false))).toBe(be);
  });

  it('keeps −0 and NaN payloads through the exception lists', () => {
    const col = fromBits([
      [0x40240000, 0],
      [0x80000000, 0],
      [0x7ff12345, 0x6789abcd],
      [0x40240000, 0],
      [0xfff80000, 1],
    ]);
    roundTrip(col, true);
    roundTrip(col, false);
  });

  it('is reachable through valueCodec(ALP)', () => {
    expect(valueCodec(EncodingType.ALP)).toBe(alpValueCodec);
  });
});

describe('ALP validation on open (spec §5.4.8)', () => {
  const code = (h: string, n: number): string | undefined => {
    const b = fromHex(h);
    try {
      validateAlpColumn(b, 0, b.length, n, true);
      alpValueCodec.decode(b, 0, b.length, n, true, new Float64Array(n));
      return undefined;
    } catch (e) {
      if (e instanceof MeboError) return e.code;
      throw e;
    }
  };
  it('accepts the examples', () => {
    expect(code('00 02 00 07 00 00 00 00 01 04 00 00 00 00 00 00 19 80 6c 09', 4)).toBeUndefined();
  });
  it('rejects an unknown scheme', () => {
    expect(code('03 00 00 00', 1)).toBe(MeboErrorCode.InvalidALPScheme);
    expect(code('ff', 1)).toBe(MeboErrorCode.InvalidALPScheme);
  });
  it('rejects short main, RD and raw columns', () => {
    expect(code('00 02 00 07 00 00 00 00 01 04 00 00 00 00 00 00 19 80 6c', 4)).toBe(MeboErrorCode.InvalidALPColumn);
    expect(code('00 02 00 07 00 00 00 00 01 04 00 00 00 00 00', 4)).toBe(MeboErrorCode.InvalidALPColumn);
    expect(code('00 02 00 00 01 00 00 00 39 30 00 00 00 00 00 00', 2)).toBe(MeboErrorCode.InvalidALPColumn); // 1 exception, no record
    expect(code('01 31 01 02 00 00 00 00 2c 20', 2)).toBe(MeboErrorCode.InvalidALPColumn);
    expect(code('02 00 00 00 00 00 00 f0', 1)).toBe(MeboErrorCode.InvalidALPColumn);
  });
  it('rejects RD dictionaries above 8 entries and code widths above 3', () => {
    expect(code('01 31 01 09 00 00 00 00' + ' 00'.repeat(18 + 16), 1)).toBe(MeboErrorCode.InvalidALPColumn);
    expect(code('01 31 04 01 00 00 00 00' + ' 00'.repeat(2 + 16), 1)).toBe(MeboErrorCode.InvalidALPColumn);
  });
  it('rejects what Go leaves unchecked: e or f above 18, width or rbw above 64, exception positions ≥ count', () => {
    expect(code('00 13 00 00 00 00 00 00 39 30 00 00 00 00 00 00', 1)).toBe(MeboErrorCode.InvalidALPColumn);
    expect(code('00 02 00 41 00 00 00 00 39 30 00 00 00 00 00 00' + ' 00'.repeat(40), 1)).toBe(MeboErrorCode.InvalidALPColumn);
    expect(code('01 41 01 01 00 00 00 00 00 00' + ' 00'.repeat(40), 1)).toBe(MeboErrorCode.InvalidALPColumn);
    expect(code('00 02 00 00 01 00 00 00 39 30 00 00 00 00 00 00 05 00 00 00 00 00 00 00 00 00 f0 3f', 2)).toBe(MeboErrorCode.InvalidALPColumn);
  });
  it('decodes a hand-made RD column with an exception (no Go golden covers one)', () => {
    // rbw 63, codeBits 1, dict [0], 1 exception: position 1 takes left part 1 (the sign bit).
    const right = 0x3ff0000000000000n; // bits(1.0), the low 63 bits
    const packed = right | (right << 63n);
    const rights = Array.from({ length: 16 }, (_, i) => Number((packed >> BigInt(8 * i)) & 0xffn));
    const col = Uint8Array.from([0x01, 63, 1, 1, 1, 0, 0, 0, 0, 0, 0x00, ...rights, 1, 0, 0, 0, 1, 0]);
    const out = new Float64Array(2);
    alpValueCodec.decode(col, 0, col.length, 2, true, out);
    expect(Array.from(out)).toEqual([1, -1]);
  });
});

describe('ALP shared suite', () => {
  codecSuite(alpValueCodec, 'val', 707);
});

describe('ALP encoder state', () => {
  it('gives the same bytes whatever column was encoded before (the search hint never changes the choice)', () => {
    const cols = [...alpEdgeColumns(12, 99), ...Object.values(datasets())];
    const alone = cols.map((c) => {
      alpValueCodec.encode(Float64Array.of(0.5), 1, writer()); // reset the hint to a trivial column
      return hex(enc(c));
    });
    for (const prime of cols) {
      cols.forEach((c, i) => {
        enc(prime);
        expect(hex(enc(c))).toBe(alone[i]);
      });
    }
  });
});
