// Profiling helper: `node --cpu-prof --import tsx bench/prof.ts [config]` decodes the seeded
// 200 × 200 data in a loop (Delta+Gorilla by default) for a CPU profile of the read path.
import { EncodingType, CompressionType } from '@mebo/format';
import { NumericDecoder, encodeNumericBlob } from '../src/index.js';
import { goDataset } from './datasets.js';

const d = goDataset('standard');
const val = (process.argv[2] ?? 'Gorilla') as keyof typeof EncodingType;
const blob = encodeNumericBlob(1_700_000_000_000_000, d.ids.map((id, i) => ({ id, timestamps: d.timestamps[i], values: d.values[i] })), {
  timestampEncoding: EncodingType.Delta,
  valueEncoding: EncodingType[val],
  valueCompression: CompressionType.None,
});
const dec = new NumericDecoder();
const ts = new Float64Array(200);
const vals = new Float64Array(200);
let sink = 0;
const t0 = performance.now();
let runs = 0;
while (performance.now() - t0 < 3000) {
  const b = dec.decode(blob);
  for (const id of d.ids) sink += b.decodeInto(id, { timestamps: ts, values: vals });
  runs++;
}
console.log(`${val}: ${(((performance.now() - t0) * 1e6) / runs / 40000).toFixed(1)} ns/pt open+decodeInto (${runs} runs, ${sink})`);
