import { EncodingType } from '@mebo/format';
import { timestampCodec, valueCodec } from '../src/encoding/index.js';
import { createHash } from 'node:crypto';
import { Mulberry, SHAPE_LENGTHS, alpEdgeColumns, firstBitDiff, firstNumberDiff, tsShape, valueShape, writer } from './encoding-support.js';

/**
 * Byte identity with Go mebo v1.9.0 over seeded columns: every timestamp shape (10) and value
 * shape (14) of encoding-support.ts at every length of SHAPE_LENGTHS, in both engines. Each
 * expected figure is the SHA-256 (first 16 hex digits; native, so the suite stays fast) and total size of the concatenation, per case, of u32 LE length +
 * the column bytes that Go's own encoders (internal/encoding/{timestamp,value}/*, WriteSlice then
 * Bytes) wrote for the same inputs. They were produced by a throwaway Go program inside a copy of the
 * mebo v1.9.0 module (internal packages cannot be imported from outside it); ALP cases cover the
 * main (272), RD (94, 4 with exceptions) and raw (136) schemes; the value shapes hold 1,254 XORs
 * with more than 31 leading zeros (Gorilla's clamped window). The same program also confirmed every
 * [example] byte string of spec §4.2, §4.3, §5.2, §5.3 and §5.4.9 (asserted in encoding-examples and
 * encoding-alp).
 */

const GO: Record<string, [string, number]> = {
  'ts.raw.le': ['5d2fc7f16d80e948', 135960],
  'ts.delta.le': ['6fa8385b46dd34c6', 59716],
  'ts.deltapacked.le': ['a4ba7a7c91a6bb3b', 67687],
  'val.raw.le': ['1c14dda5331ea1ec', 190344],
  'val.gorilla.le': ['d7462037d7bf0f80', 148048],
  'val.chimp.le': ['43a98abdadddfbe4', 134401],
  'val.alp.le': ['1dcb61651ce9e7c5', 113928],
  'ts.raw.be': ['81d2564f185c8ed1', 135960],
  'ts.delta.be': ['6fa8385b46dd34c6', 59716],
  'ts.deltapacked.be': ['a4ba7a7c91a6bb3b', 67687],
  'val.raw.be': ['2d5ac8f95182a747', 190344],
  'val.gorilla.be': ['d7462037d7bf0f80', 148048],
  'val.chimp.be': ['43a98abdadddfbe4', 134401],
  'val.alp.be': ['47a29170d36ffa95', 113928],
  // alpEdgeColumns(600): rounding ties, 2^51/2^52/9.2e18 boundaries, ±0, extremes. Go chose main 480,
  // RD 380 (46 of them with exceptions) and raw 340 times over both engines.
  'alp-edge.le': ['2bcfdf44c512f922', 159705],
  'alp-edge.be': ['469ced34c52baeb1', 159705],
};

const TS = { raw: EncodingType.Raw, delta: EncodingType.Delta, deltapacked: EncodingType.DeltaPacked } as const;
const VAL = { raw: EncodingType.Raw, gorilla: EncodingType.Gorilla, chimp: EncodingType.Chimp, alp: EncodingType.ALP } as const;

/** First 16 hex digits of SHA-256. */
function digest(b: Uint8Array): string {
  return createHash('sha256').update(b).digest('hex').slice(0, 16);
}

function concat(parts: Uint8Array[]): Uint8Array {
  const total = parts.reduce((s, p) => s + 4 + p.length, 0);
  const out = new Uint8Array(total);
  let o = 0;
  for (const p of parts) {
    new DataView(out.buffer).setUint32(o, p.length, true);
    out.set(p, o + 4);
    o += 4 + p.length;
  }
  return out;
}

describe.each([true, false])('Go byte identity (littleEndian=%s)', (le) => {
  const eng = le ? 'le' : 'be';
  it.each(Object.entries(TS))('timestamps %s', (name, e) => {
    const codec = timestampCodec(e);
    const parts: Uint8Array[] = [];
    for (let k = 0; k < 10; k++) {
      for (const n of SHAPE_LENGTHS) {
        const ts = tsShape(new Mulberry(1000 * k + n), k, n);
        const w = writer(le);
        codec.encode(ts, n, w);
        const b = w.finish();
        parts.push(b);
        const back = new Float64Array(n);
        codec.decode(b, 0, b.length, n, le, back);
        expect(firstNumberDiff(ts, back, n)).toBe(-1);
      }
    }
    const all = concat(parts);
    expect([digest(all), all.length]).toEqual(GO[`ts.${name}.${eng}`]);
  });

  it.each(Object.entries(VAL))('values %s', (name, e) => {
    const codec = valueCodec(e);
    const parts: Uint8Array[] = [];
    for (let k = 0; k < 14; k++) {
      for (const n of SHAPE_LENGTHS) {
        const v = valueShape(new Mulberry(2000 * k + n), k, n);
        const w = writer(le);
        codec.encode(v, n, w);
        const b = w.finish();
        parts.push(b);
        const back = new Float64Array(n);
        codec.decode(b, 0, b.length, n, le, back);
        expect(firstBitDiff(v, back, n)).toBe(-1);
      }
    }
    const all = concat(parts);
    expect([digest(all), all.length]).toEqual(GO[`val.${name}.${eng}`]);
  });

  it('ALP edge columns', () => {
    const parts: Uint8Array[] = [];
    for (const v of alpEdgeColumns(600)) {
      const w = writer(le);
      valueCodec(EncodingType.ALP).encode(v, v.length, w);
      const b = w.finish();
      parts.push(b);
      const back = new Float64Array(v.length);
      valueCodec(EncodingType.ALP).decode(b, 0, b.length, v.length, le, back);
      expect(firstBitDiff(v, back, v.length)).toBe(-1);
    }
    const all = concat(parts);
    expect([digest(all), all.length]).toEqual(GO[`alp-edge.${eng}`]);
  });
});
