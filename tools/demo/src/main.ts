// npm run demo: encode and decode embedded, seeded samples with every package and print sizes and
// timings. Every round trip is checked; a mismatch exits non-zero.
import { loadDefaultCodecs } from '@mebo/compress';
import { CompressionType, EncodingType } from '@mebo/format';
import { decodeNumericBlob, encodeNumericBlob } from '@mebo/numeric-blob';
import type { NumericEncoderOptions } from '@mebo/numeric-blob';
import { runTextSample } from '@mebo/text-blob';
import { runTempoDemo } from '@blockpack/tempo-adapter';
import { SAMPLE_START, generateSample } from './sample.js';

type Options = Partial<NumericEncoderOptions>;

const codecs = await loadDefaultCodecs();
const sample = generateSample();
const points = sample.reduce((n, m) => n + m.timestamps.length, 0);
console.log(`Numeric sample: ${sample.length} metrics (50 hosts × 4), ${points.toLocaleString('en')} points, 1 day at 15 s\n`);

const configs: [string, Options][] = [
  ['Raw + Raw (baseline)', { timestampEncoding: EncodingType.Raw, valueEncoding: EncodingType.Raw, valueCompression: CompressionType.None }],
  ['Delta + Gorilla (Go default)', { timestampEncoding: EncodingType.Delta, valueEncoding: EncodingType.Gorilla, valueCompression: CompressionType.None }],
  ['Delta + Chimp', { timestampEncoding: EncodingType.Delta, valueEncoding: EncodingType.Chimp, valueCompression: CompressionType.None }],
  ['DeltaPacked + ALP', { timestampEncoding: EncodingType.DeltaPacked, valueEncoding: EncodingType.ALP, valueCompression: CompressionType.None }],
  ['Delta + Gorilla + zstd', { timestampEncoding: EncodingType.Delta, valueEncoding: EncodingType.Gorilla, timestampCompression: CompressionType.Zstd, valueCompression: CompressionType.Zstd }],
  ['Delta + auto + zstd', { timestampEncoding: EncodingType.Delta, valueEncoding: 'auto', timestampCompression: CompressionType.Zstd, valueCompression: CompressionType.Zstd }],
  ['shared ts + ALP + S2', { timestampEncoding: EncodingType.Delta, valueEncoding: EncodingType.ALP, sharedTimestamps: true, valueCompression: CompressionType.S2 }],
  ['Delta + Gorilla + LZ4', { timestampEncoding: EncodingType.Delta, valueEncoding: EncodingType.Gorilla, valueCompression: CompressionType.LZ4 }],
];

const rows: string[][] = [];
let ok = true;
const ts = new Float64Array(5760);
const vs = new Float64Array(5760);
for (const [label, opts] of configs) {
  const options: Options = { layout: 'v2', ...opts, codecs };
  const encodeNs = time(() => encodeNumericBlob(SAMPLE_START, sample, options));
  const bytes = encodeNumericBlob(SAMPLE_START, sample, options);
  let same = true;
  const decodeNs = time(() => {
    const blob = decodeNumericBlob(bytes, { codecs });
    for (const m of sample) blob.decodeInto(blob.idOf(m.name), { timestamps: ts, values: vs });
  });
  const blob = decodeNumericBlob(bytes, { codecs });
  for (const m of sample) {
    const n = blob.decodeInto(blob.idOf(m.name), { timestamps: ts, values: vs });
    if (n !== m.values.length) same = false;
    for (let i = 0; i < n && same; i++) if (ts[i] !== m.timestamps[i] || !Object.is(vs[i], m.values[i])) same = false;
  }
  ok &&= same;
  rows.push([label, bytes.length.toLocaleString('en'), (bytes.length / points).toFixed(3), (encodeNs / points).toFixed(1), (decodeNs / points).toFixed(1), same ? 'yes' : 'NO']);
}
table(['configuration', 'bytes', 'bytes/point', 'encode ns/pt', 'decode ns/pt', 'round trip'], rows);

const text = runTextSample(codecs);
console.log(`\nText sample: ${text.metrics} metrics (status strings, log levels, versions), ${text.points} points`);
table(
  ['compression', 'bytes', 'bytes/point', 'round trip', 'last api.http.status'],
  [
    ['none', String(text.uncompressedBytes), (text.uncompressedBytes / text.points).toFixed(2), text.roundTrip ? 'yes' : 'NO', String(text.lastApiStatus)],
    [text.compression, String(text.bytes), (text.bytes / text.points).toFixed(2), text.roundTrip ? 'yes' : 'NO', String(text.lastApiStatus)],
  ],
);
ok &&= text.roundTrip;

console.log('\nTraces: a Tempo-compatible server on 127.0.0.1, blockpack storage in a temporary folder');
const t0 = performance.now();
const tempo = await runTempoDemo({ traces: 50, seed: 1 });
const traceMs = performance.now() - t0;
table(
  ['step', 'result'],
  [
    ['ingest over OTLP/HTTP', `${tempo.tracesWritten} traces, ${tempo.spansWritten} spans, cut into ${tempo.blocks} block(s)`],
    ['GET /api/v2/traces/{id}', `${tempo.lookup.traceId}: ${tempo.lookup.spans} spans`],
    ['GET /api/search?q=', `${tempo.search.query} -> ${tempo.search.traceIds.length} traces`],
    ['wall time', `${traceMs.toFixed(0)} ms`],
  ],
);
ok &&= tempo.lookup.spans > 0 && tempo.search.traceIds.length > 0;

if (!ok) {
  console.error('\nA round trip did not give back its input.');
  process.exit(1);
}

/** Median wall time of a few runs, in ns (one warm-up run first). */
function time(fn: () => unknown, runs = 3): number {
  fn();
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const s = process.hrtime.bigint();
    fn();
    t.push(Number(process.hrtime.bigint() - s));
  }
  return t.sort((a, b) => a - b)[runs >> 1];
}

function table(head: string[], body: string[][]): void {
  const w = head.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  // Numbers align right, words left.
  const line = (r: string[]) => r.map((c, i) => (i > 0 && /^[\d.,]+$/.test(c) ? c.padStart(w[i]) : c.padEnd(w[i]))).join('  ');
  console.log(line(head));
  console.log(w.map((n) => '-'.repeat(n)).join('  '));
  for (const r of body) console.log(line(r));
}
