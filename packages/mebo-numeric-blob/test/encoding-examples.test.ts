import { EncodingType } from '@mebo/format';
import { timestampCodec, valueCodec } from '../src/encoding/index.js';
import { GoRand, alpGoldenColumn, fromHex, hex, writer, xxh64 } from './encoding-support.js';

/** The worked byte examples of spec §4.2, §4.3, §5.2, §5.3, and checks of the test helpers themselves. */

function encTs(e: EncodingType, ts: number[], le = true): string {
  const w = writer(le);
  timestampCodec(e).encode(Float64Array.from(ts), ts.length, w);
  return hex(w.finish());
}

function encVal(e: EncodingType, v: number[], le = true): string {
  const w = writer(le);
  valueCodec(e).encode(Float64Array.from(v), v.length, w);
  return hex(w.finish());
}

function decTs(e: EncodingType, h: string, n: number): number[] {
  const b = fromHex(h);
  const out = new Float64Array(n);
  timestampCodec(e).decode(b, 0, b.length, n, true, out);
  return Array.from(out);
}

function decVal(e: EncodingType, h: string, n: number): number[] {
  const b = fromHex(h);
  const out = new Float64Array(n);
  valueCodec(e).decode(b, 0, b.length, n, true, out);
  return Array.from(out);
}

const TS7 = [1000, 1010, 1020, 1030, 1045, 1055, 1300];

describe('test helpers', () => {
  it('xxh64 matches the spec §12.1 vectors', () => {
    const enc = new TextEncoder();
    expect(xxh64(enc.encode('')).toString(16)).toBe('ef46db3751d8e999');
    expect(xxh64(enc.encode('test')).toString(16)).toBe('4fdcca5ddb678139');
    expect(xxh64(enc.encode('this is a longer test string to hash')).toString(16)).toBe('69275f7f7ee59dbd');
    expect(xxh64(enc.encode('another test string')).toString(16)).toBe('212a22f593810bec');
    expect(xxh64(enc.encode('cpu.usage')).toString(16)).toBe('194dbe1fe219998a');
  });

  it('Go math/rand v1 port matches the Appendix A.1 checkpoints', () => {
    const r1 = new GoRand(1);
    expect(r1.int63()).toBe(5577006791947779410n);
    expect(r1.int63()).toBe(8674665223082153551n);
    const r42 = new GoRand(42);
    expect([r42.float64(), r42.float64(), r42.float64(), r42.float64()]).toEqual([
      0.3730283610466326, 0.06600049679351791, 0.604093851558642, 0.20881870305465913,
    ]);
  });

  it('ALP golden column generator starts from 100', () => {
    const c = alpGoldenColumn(3, 2);
    expect(c.length).toBe(3);
    expect(Math.abs(c[0] - 100)).toBeLessThan(1);
  });
});

describe('timestamp examples (spec §4.2, §4.3)', () => {
  it('Delta', () => {
    expect(encTs(EncodingType.Delta, TS7)).toBe('e8 07 14 00 00 0a 09 d6 03');
    expect(encTs(EncodingType.Delta, [-1, 0])).toBe('ff ff ff ff ff ff ff ff ff 01 02');
    expect(decTs(EncodingType.Delta, 'e8 07 14 00 00 0a 09 d6 03', 7)).toEqual(TS7);
    expect(decTs(EncodingType.Delta, 'ff ff ff ff ff ff ff ff ff 01 02', 2)).toEqual([-1, 0]);
  });

  it('DeltaPacked', () => {
    expect(encTs(EncodingType.DeltaPacked, TS7)).toBe('e8 07 14 00 00 00 0a 09 01 d6 01');
    expect(encTs(EncodingType.DeltaPacked, [100, 110, 120, 130, 140, 150])).toBe('64 14 00 00 00 00 00');
    expect(decTs(EncodingType.DeltaPacked, 'e8 07 14 00 00 00 0a 09 01 d6 01', 7)).toEqual(TS7);
  });

  it('Raw in both engines', () => {
    expect(encTs(EncodingType.Raw, [1, -2])).toBe('01 00 00 00 00 00 00 00 fe ff ff ff ff ff ff ff');
    expect(encTs(EncodingType.Raw, [1, -2], false)).toBe('00 00 00 00 00 00 00 01 ff ff ff ff ff ff ff fe');
  });
});

describe('value examples (spec §5.2, §5.3)', () => {
  it('Gorilla', () => {
    const h = '3f f0 00 00 00 00 00 00 d8 05 84 cf ff ee 02';
    expect(encVal(EncodingType.Gorilla, [1.0, 1.5, 1.5, 2.5, 2.75])).toBe(h);
    expect(decVal(EncodingType.Gorilla, h, 5)).toEqual([1.0, 1.5, 1.5, 2.5, 2.75]);
  });

  it('Chimp', () => {
    expect(encVal(EncodingType.Chimp, [1.0, 1.0, 2.0])).toBe('3f f0 00 00 00 00 00 00 10 63 ff 80');
    const h = '3f f0 00 00 00 00 00 00 50 31 07 3f fe a0 c8';
    expect(encVal(EncodingType.Chimp, [1.0, 1.5, 1.5, 2.5, 2.75])).toBe(h);
    expect(decVal(EncodingType.Chimp, h, 5)).toEqual([1.0, 1.5, 1.5, 2.5, 2.75]);
  });

  it('Raw in both engines', () => {
    expect(encVal(EncodingType.Raw, [1.0])).toBe('00 00 00 00 00 00 f0 3f');
    expect(encVal(EncodingType.Raw, [1.0], false)).toBe('3f f0 00 00 00 00 00 00');
  });
});
