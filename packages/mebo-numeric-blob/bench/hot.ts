// Hot-path micro benchmark for A/B work on the read and write paths (Delta/DeltaPacked timestamps,
// Gorilla/Chimp values) on mebo's seeded 200 × 200 data: `npx tsx bench/hot.ts [ms]`.
// Process CPU time per point, best of 7 rounds; column rows time the codec alone.
import { ByteWriter, CompressionType, EncodingType } from '@mebo/format';
import { timestampCodec, valueCodec } from '../src/encoding/index.js';
import { NumericDecoder, encodeNumericBlob } from '../src/index.js';
import { goDataset, pointCount } from './datasets.js';
import { cpuMicros } from './timing.js';

const MS = Number(process.argv[2] ?? 200);
const d = goDataset('standard');
const N = pointCount(d);
let sink = 0;

/** Process-CPU ns per point, best of 7 rounds. */
const time = (f: () => void): number => (cpuMicros(f, MS, 7) * 1000) / N;

const rows: [string, number][] = [];
const E = EncodingType;
for (const [tsE, valE] of [
  [E.Delta, E.Gorilla],
  [E.DeltaPacked, E.Chimp],
] as const) {
  const tc = timestampCodec(tsE);
  const vc = valueCodec(valE);
  const w = new ByteWriter(1 << 20, true);
  const encTs = (): void => {
    w.reset();
    for (const c of d.timestamps) tc.encode(c, c.length, w);
  };
  const encVal = (): void => {
    w.reset();
    for (const c of d.values) vc.encode(c, c.length, w);
  };
  const colBytes = (enc: () => void, cols: Float64Array[], codec: typeof tc): [Uint8Array, number[]] => {
    w.reset();
    const ends = [0];
    for (const c of cols) {
      codec.encode(c, c.length, w);
      ends.push(w.pos);
    }
    void enc;
    return [w.finish().slice(), ends];
  };
  const [tsB, tsEnds] = colBytes(encTs, d.timestamps, tc);
  const [valB, valEnds] = colBytes(encVal, d.values, vc);
  const out = new Float64Array(200);
  rows.push([`${tc.encoding === E.Delta ? 'Delta' : 'DeltaPacked'} ts enc`, time(encTs)]);
  rows.push([`${tc.encoding === E.Delta ? 'Delta' : 'DeltaPacked'} ts dec`, time(() => {
    for (let i = 0; i < 200; i++) tc.decode(tsB, tsEnds[i], tsEnds[i + 1], 200, true, out);
    sink += out[0];
  })]);
  rows.push([`${vc.encoding === E.Gorilla ? 'Gorilla' : 'Chimp'} val enc`, time(encVal)]);
  rows.push([`${vc.encoding === E.Gorilla ? 'Gorilla' : 'Chimp'} val dec`, time(() => {
    for (let i = 0; i < 200; i++) vc.decode(valB, valEnds[i], valEnds[i + 1], 200, true, out);
    sink += out[0];
  })]);
  // check round trip
  for (let i = 0; i < 200; i++) {
    vc.decode(valB, valEnds[i], valEnds[i + 1], 200, true, out);
    for (let j = 0; j < 200; j++) if (!Object.is(out[j], d.values[i][j])) throw new Error(`value mismatch ${i} ${j}`);
    tc.decode(tsB, tsEnds[i], tsEnds[i + 1], 200, true, out);
    for (let j = 0; j < 200; j++) if (out[j] !== d.timestamps[i][j]) throw new Error(`ts mismatch ${i} ${j}`);
  }
}

const opts = { timestampEncoding: E.Delta, valueEncoding: E.Gorilla, timestampCompression: CompressionType.None, valueCompression: CompressionType.None } as const;
const input = d.ids.map((id, i) => ({ id, timestamps: d.timestamps[i], values: d.values[i] }));
const blob = encodeNumericBlob(1_704_067_200_000_000, input, opts);
const dec = new NumericDecoder();
const ts = new Float64Array(200);
const vals = new Float64Array(200);
rows.push(['blob enc Delta+Gorilla', time(() => void encodeNumericBlob(1_704_067_200_000_000, input, opts))]);
rows.push(['open+decodeInto Delta+Gorilla', time(() => {
  const b = dec.decode(blob);
  for (const id of d.ids) sink += b.decodeInto(id, { timestamps: ts, values: vals });
})]);
// A callback that adds into a module-level `let` boxes a double per point on V8 11 (Node 20): that
// store alone costs about as much as decoding the point, so both consumers are shown.
rows.push(['open+forEach (sink += v)', time(() => {
  const b = dec.decode(blob);
  for (const id of d.ids) b.forEach(id, (_t, v) => void (sink += v));
})]);
const acc = new Float64Array(1);
rows.push(['open+forEach (acc[0] += v)', time(() => {
  const b = dec.decode(blob);
  for (const id of d.ids) b.forEach(id, (_t, v) => void (acc[0] += v));
})]);
for (const [k, v] of rows) console.log(`${k.padEnd(32)} ${v.toFixed(2)} ns/pt`);
if (sink === 42) console.log(acc[0]);
