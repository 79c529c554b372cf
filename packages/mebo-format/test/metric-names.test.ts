import fc from 'fast-check';
import { ByteWriter, MeboErrorCode, decodeMetricNames, encodeMetricNames, writeMetricNames, verifyMetricNames, metricIdInto } from '../src/index.js';
import { hex, toHex } from './hex.js';
import { codeOf } from './code-of.js';

function indexOf(names: string[]): { length: number; idHi: number[]; idLo: number[] } {
  const idHi: number[] = [];
  const idLo: number[] = [];
  for (const n of names) {
    const h = metricIdInto(n, { hi: 0, lo: 0 });
    idHi.push(h.hi);
    idLo.push(h.lo);
  }
  return { length: names.length, idHi, idLo };
}

describe('metric names payload: §3.4 example', () => {
  it('LE ["cpu","mem"] = 02 00 | 03 00 63 70 75 | 03 00 6d 65 6d', () => {
    expect(toHex(encodeMetricNames(['cpu', 'mem'], false))).toBe(toHex(hex('02 00 | 03 00 63 70 75 | 03 00 6d 65 6d')));
  });
  it('BE swaps the u16s', () => {
    expect(toHex(encodeMetricNames(['cpu', 'mem'], true))).toBe(toHex(hex('00 02 | 00 03 63 70 75 | 00 03 6d 65 6d')));
  });
  it('decodes with hashes, byte length and verification', () => {
    const b = new Uint8Array(44);
    b.set(hex('02 00 03 00 63 70 75 03 00 6d 65 6d'), 32);
    const d = decodeMetricNames(b, 32, false, 2);
    expect(d.names).toEqual(['cpu', 'mem']);
    expect(d.byteLength).toBe(12);
    expect(d.idHi[0]).toBe(0x4196f531);
    expect(d.idLo[1]).toBe(0xe28fe415);
    expect(() => verifyMetricNames(d, indexOf(['cpu', 'mem']))).not.toThrow();
  });
  it('writes at a ByteWriter position', () => {
    const w = new ByteWriter(1);
    w.u8(9);
    writeMetricNames(w, ['a'], false);
    expect(toHex(w.finish())).toBe('09' + '0100' + '0100' + '61');
  });
});

describe('metric names payload: round trip', () => {
  it.each([false, true])('decode(encode(names)) (bigEndian=%s)', (be) => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'grapheme', maxLength: 40 }), { maxLength: 30 }), (names) => {
        const b = encodeMetricNames(names, be);
        const d = decodeMetricNames(b, 0, be, names.length);
        expect(d.names).toEqual(names);
        expect(d.byteLength).toBe(b.length);
        verifyMetricNames(d, indexOf(names));
      }),
      { seed: be ? 31 : 30, numRuns: 200 },
    );
  });
  it('hashes the raw bytes even when they are not valid UTF-8 (as Go)', () => {
    const b = hex('01 00 02 00 ff fe');
    const d = decodeMetricNames(b, 0, false);
    expect(d.names[0]).toBe('\ufffd\ufffd');
    const h = metricIdInto('\ufffd\ufffd', { hi: 0, lo: 0 });
    expect(d.idHi[0] === h.hi && d.idLo[0] === h.lo).toBe(false);
  });
});

describe('metric names payload: validation, one code per rule', () => {
  it('fewer than 2 bytes → INVALID_METRIC_NAMES_PAYLOAD', () => {
    expect(codeOf(() => decodeMetricNames(hex('02'), 0, false))).toBe(MeboErrorCode.InvalidMetricNamesPayload);
    expect(codeOf(() => decodeMetricNames(hex('0200'), 2, false))).toBe(MeboErrorCode.InvalidMetricNamesPayload);
  });
  it('a count the bytes cannot hold → INVALID_METRIC_NAMES_PAYLOAD before allocating', () => {
    expect(codeOf(() => decodeMetricNames(hex('ff ff 00 00'), 0, false, 65535))).toBe(MeboErrorCode.InvalidMetricNamesPayload);
  });
  it('a truncated length or name → INVALID_METRIC_NAMES_PAYLOAD', () => {
    const full = encodeMetricNames(['cpu', 'mem'], false);
    for (let n = 0; n < full.length; n++) {
      expect(codeOf(() => decodeMetricNames(full.subarray(0, n), 0, false, 2))).toBe(MeboErrorCode.InvalidMetricNamesPayload);
    }
  });
  it('count ≠ metric count → INVALID_METRIC_NAMES_COUNT (after truncation checks, as Go)', () => {
    const full = encodeMetricNames(['cpu', 'mem'], false);
    expect(codeOf(() => decodeMetricNames(full, 0, false, 3))).toBe(MeboErrorCode.InvalidMetricNamesCount);
    expect(codeOf(() => decodeMetricNames(full.subarray(0, 11), 0, false, 3))).toBe(MeboErrorCode.InvalidMetricNamesPayload);
  });
  it('verify: length mismatch → INVALID_METRIC_NAMES_COUNT, wrong id → HASH_MISMATCH', () => {
    const d = decodeMetricNames(encodeMetricNames(['cpu', 'mem'], false), 0, false);
    expect(codeOf(() => verifyMetricNames(d, indexOf(['cpu'])))).toBe(MeboErrorCode.InvalidMetricNamesCount);
    expect(codeOf(() => verifyMetricNames(d, indexOf(['cpu', 'men'])))).toBe(MeboErrorCode.HashMismatch);
    expect(codeOf(() => verifyMetricNames(d, indexOf(['mem', 'cpu'])))).toBe(MeboErrorCode.HashMismatch);
  });
  it('encode: > 65535 names → INVALID_METRIC_NAMES_COUNT, a name > 65535 bytes → INVALID_METRIC_NAME', () => {
    expect(codeOf(() => encodeMetricNames(new Array<string>(65536).fill('a'), false))).toBe(MeboErrorCode.InvalidMetricNamesCount);
    expect(codeOf(() => encodeMetricNames(['é'.repeat(32768)], false))).toBe(MeboErrorCode.InvalidMetricName);
    expect(encodeMetricNames(['a'.repeat(65535)], false).length).toBe(2 + 2 + 65535);
  });
});

describe('metric names payload: byte-order mark', () => {
  it('keeps a leading U+FEFF, so the name still hashes to its id', () => {
    const name = '\uFEFFcpu';
    const decoded = decodeMetricNames(encodeMetricNames([name], false), 0, false);
    expect(decoded.names).toEqual([name]);
  });
});
