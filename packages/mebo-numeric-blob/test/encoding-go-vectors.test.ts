import { EncodingType } from '@mebo/format';
import { timestampCodec, valueCodec } from '../src/encoding/index.js';
import { Mulberry, SHAPE_LENGTHS, firstBitDiff, tsShape, valueShape, writer, xxh64 } from './encoding-support.js';

/**
 * Byte identity with Go mebo v1.9.0 over seeded columns: every timestamp shape (10) and value
 * shape (14) of encoding-support.ts at every length of SHAPE_LENGTHS, in both engines. Each
 * expected figure is the XXH64 and total size of the concatenation, per case, of u32 LE length +
 * the column bytes that Go's own encoders (internal/encoding/{timestamp,value}/*, WriteSlice then
 * Bytes) wrote for the same inputs. They were produced by a throwaway Go program inside a copy of the
 * mebo v1.9.0 module (internal packages cannot be imported from outside it); ALP cases cover the
 * main (272), RD (94, 4 with exceptions) and raw (136) schemes.
 */

const GO: Record<string, [string, number]> = {
  'ts.raw.le': ['c2b151deb20ab401', 135960],
  'ts.delta.le': ['f3b6f00252ebed8b', 59716],
  'ts.deltapacked.le': ['cb94820f37e9afea', 67687],
  'val.raw.le': ['e162762a098698d0', 190344],
  'val.gorilla.le': ['e574f7bebad6f744', 148048],
  'val.chimp.le': ['8feaea52f1a1dc21', 134401],
  'val.alp.le': ['2ed9c2c92eebb1c9', 113928],
  'ts.raw.be': ['6c8c8974ab7fa380', 135960],
  'ts.delta.be': ['f3b6f00252ebed8b', 59716],
  'ts.deltapacked.be': ['cb94820f37e9afea', 67687],
  'val.raw.be': ['f026b902b4ac2a95', 190344],
  'val.gorilla.be': ['e574f7bebad6f744', 148048],
  'val.chimp.be': ['8feaea52f1a1dc21', 134401],
  'val.alp.be': ['74c57be591140af3', 113928],
};

const TS = { raw: EncodingType.Raw, delta: EncodingType.Delta, deltapacked: EncodingType.DeltaPacked } as const;
const VAL = { raw: EncodingType.Raw, gorilla: EncodingType.Gorilla, chimp: EncodingType.Chimp, alp: EncodingType.ALP } as const;

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
        expect(Array.from(back)).toEqual(Array.from(ts));
      }
    }
    const all = concat(parts);
    expect([xxh64(all).toString(16).padStart(16, '0'), all.length]).toEqual(GO[`ts.${name}.${eng}`]);
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
    expect([xxh64(all).toString(16).padStart(16, '0'), all.length]).toEqual(GO[`val.${name}.${eng}`]);
  });
});
