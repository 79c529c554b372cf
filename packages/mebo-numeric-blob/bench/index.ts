// npm run bench  (from packages/mebo-numeric-blob; build @mebo/format and @mebo/compress first)
//
// Encode/decode ns/point and bytes/point per configuration on mebo's seeded 200 × 200 data (spec
// A.4) and a realistic host sample, side by side with Go mebo v1.9.0 on the same data (through
// `go run . bench numeric` in tools/go-interop), raw Float64Array+zstd, JSON+zstd and
// msgpack+zstd; then the 'auto' value-encoding table per data shape. Set BENCH_MS to change the
// time budget per measurement (default 250 ms). Times are process CPU time, best of 5 rounds.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decode as mpDecode, encode as mpEncode } from '@msgpack/msgpack';
import { CompressionType, EncodingType } from '@mebo/format';
import { loadDefaultCodecs } from '@mebo/compress';
import { NumericDecoder, encodeNumericBlob } from '../src/index.js';
import type { NumericEncoderOptions, PayloadCodec } from '../src/index.js';
import { SHAPES, generateSampleMetrics, goDataset, pointCount, shapeDataset } from './datasets.js';
import type { Dataset } from './datasets.js';
import { cpuMicros } from './timing.js';

const BUDGET_MS = Number(process.env.BENCH_MS ?? 250);
const codecs = await loadDefaultCodecs();
const zstd: PayloadCodec = codecs.get(CompressionType.Zstd);
const decoder = new NumericDecoder({ codecs });
const T0 = 1_704_067_200_000_000;
let sink = 0;

/** Process-CPU ns per call, best of 5 rounds (see cpuMicros). */
const time = (f: () => void): number => cpuMicros(f, BUDGET_MS, 5) * 1000;

interface Config {
  readonly label: string;
  readonly go: string; // ts:value:tsComp:valComp:layout[:shared]
  readonly opts: Partial<NumericEncoderOptions>;
  readonly shared?: boolean;
}

const E = EncodingType;
const C = CompressionType;
const cfg = (ts: keyof typeof E, val: keyof typeof E, tc: keyof typeof C = 'None', vc: keyof typeof C = 'None', shared = false): Config => ({
  label: `${shared ? 'shared ' : ''}${ts}+${val}${tc !== 'None' || vc !== 'None' ? ` ${tc}/${vc}` : ''}`,
  go: `${ts}:${val}:${tc}:${vc}:${shared ? 'v2:shared' : 'v1'}`,
  opts: {
    timestampEncoding: E[ts],
    valueEncoding: E[val],
    timestampCompression: C[tc],
    valueCompression: C[vc],
    sharedTimestamps: shared,
    codecs,
  },
  shared,
});
const CONFIGS: Config[] = [
  cfg('Delta', 'Gorilla'),
  cfg('Delta', 'Chimp'),
  cfg('Delta', 'ALP'),
  cfg('DeltaPacked', 'Gorilla'),
  cfg('Raw', 'Raw'),
  cfg('Delta', 'Gorilla', 'Zstd', 'Zstd'),
  cfg('Delta', 'Chimp', 'None', 'None', true),
];

function encode(d: Dataset, opts: Partial<NumericEncoderOptions>): Uint8Array {
  return encodeNumericBlob(T0, d.ids.map((id, i) => ({ id, timestamps: d.timestamps[i], values: d.values[i] })), opts);
}

interface GoResult {
  config: string;
  bytes: number;
  points: number;
  encodeNsPerPoint: number;
  openNs: number;
  iterateNsPerPoint: number;
}

function runGo(d: Dataset, configs: Config[]): Map<string, GoResult> {
  const out = new Map<string, GoResult>();
  if (spawnSync('go', ['version']).status !== 0) {
    console.log('(go not found: Go columns left empty)');
    return out;
  }
  const dir = mkdtempSync(join(tmpdir(), 'numeric-bench-'));
  try {
    const size = 4 + d.ids.reduce((a, _, i) => a + 12 + 16 * d.timestamps[i].length, 0);
    const buf = new Uint8Array(size);
    const v = new DataView(buf.buffer);
    v.setUint32(0, d.ids.length, true);
    let p = 4;
    d.ids.forEach((id, i) => {
      const n = d.timestamps[i].length;
      v.setBigUint64(p, id, true);
      v.setUint32(p + 8, n, true);
      p += 12;
      for (let j = 0; j < n; j++, p += 8) v.setBigInt64(p, BigInt(d.timestamps[i][j]), true);
      for (let j = 0; j < n; j++, p += 8) v.setFloat64(p, d.values[i][j], true);
    });
    const file = join(dir, 'data.bin');
    writeFileSync(file, buf);
    const goDir = join(process.cwd(), '..', '..', 'tools', 'go-interop');
    const stdout = execFileSync('go', ['run', '.', 'bench', 'numeric', file, ...configs.map((c) => c.go)], { cwd: goDir, encoding: 'utf8' });
    for (const line of stdout.trim().split('\n')) {
      const r = JSON.parse(line) as GoResult;
      out.set(r.config, r);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return out;
}

const f1 = (x: number | undefined): string => (x === undefined ? '-' : x.toFixed(1));
const f2 = (x: number | undefined): string => (x === undefined ? '-' : x.toFixed(2));
const f3 = (x: number | undefined): string => (x === undefined ? '-' : x.toFixed(3));

function table(head: string[], rows: string[][]): void {
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]): string => '| ' + r.map((c, i) => (i === 0 ? c.padEnd(w[i]) : c.padStart(w[i]))).join(' | ') + ' |';
  console.log(line(head));
  console.log('|' + w.map((x, i) => (i === 0 ? '-'.repeat(x + 2) : '-'.repeat(x + 1) + ':')).join('|') + '|');
  for (const r of rows) console.log(line(r));
}

function benchDataset(d: Dataset, sharedData: Dataset | undefined): void {
  const n = pointCount(d);
  console.log(`\n## ${d.name}: ${d.ids.length} metrics, ${n} points\n`);
  const configs = CONFIGS.filter((c) => !c.shared || sharedData !== undefined);
  const goStd = runGo(d, configs.filter((c) => !c.shared));
  const goShared = sharedData === undefined ? new Map<string, GoResult>() : runGo(sharedData, configs.filter((c) => c.shared));
  const rows: string[][] = [];
  const maxN = Math.max(...d.timestamps.map((t) => t.length));
  const ts = new Float64Array(maxN);
  const vals = new Float64Array(maxN);
  for (const c of configs) {
    const data = c.shared && sharedData !== undefined ? sharedData : d;
    const blob = encode(data, c.opts);
    const enc = time(() => void encode(data, c.opts)) / n;
    const open = time(() => void decoder.decode(blob));
    const forEach =
      time(() => {
        const b = decoder.decode(blob);
        for (const id of data.ids) b.forEach(id, (_t, v) => void (sink += v));
      }) / n;
    const into =
      time(() => {
        const b = decoder.decode(blob);
        for (const id of data.ids) sink += b.decodeInto(id, { timestamps: ts, values: vals });
      }) / n;
    const go = (c.shared ? goShared : goStd).get(c.go);
    const bpp = blob.length / n;
    rows.push([
      c.label,
      f1(enc),
      f1(go?.encodeNsPerPoint),
      go ? f2(enc / go.encodeNsPerPoint) : '-',
      f1(forEach),
      f1(into),
      f1(go?.iterateNsPerPoint),
      go ? f2(forEach / go.iterateNsPerPoint) : '-',
      f2(open / 1000),
      go ? f2(go.openNs / 1000) : '-',
      f3(bpp),
      go ? (go.bytes === blob.length ? 'same' : f3(go.bytes / n)) : '-',
    ]);
  }
  table(
    ['config', 'TS enc ns/pt', 'Go enc ns/pt', 'enc TS/Go', 'TS forEach ns/pt', 'TS decodeInto ns/pt', 'Go All ns/pt', 'dec TS/Go', 'TS open µs', 'Go open µs', 'TS B/pt', 'Go B/pt'],
    rows,
  );

  // Alternatives on the same points.
  const alt: string[][] = [];
  const raw = (): Uint8Array => {
    const out = new Float64Array(n * 2);
    let p = 0;
    for (let i = 0; i < d.ids.length; i++) {
      out.set(d.timestamps[i], p);
      out.set(d.values[i], p + d.timestamps[i].length);
      p += 2 * d.timestamps[i].length;
    }
    return zstd.compress(new Uint8Array(out.buffer));
  };
  const rawBlob = raw();
  const cap = 1 << 28;
  alt.push([
    'Float64Array + zstd',
    f1(time(() => void raw()) / n),
    f1(time(() => void (sink += new Float64Array(zstd.decompress(rawBlob, cap).slice().buffer)[0])) / n),
    f3(rawBlob.length / n),
  ]);
  const objects = (): { id: number; t: number[]; v: number[] }[] =>
    d.ids.map((id, i) => ({ id: Number(id), t: Array.from(d.timestamps[i]), v: Array.from(d.values[i]) }));
  const utf8 = new TextEncoder();
  const utf8d = new TextDecoder();
  const json = (): Uint8Array => zstd.compress(utf8.encode(JSON.stringify(objects())));
  const jsonBlob = json();
  alt.push([
    'JSON + zstd',
    f1(time(() => void json()) / n),
    f1(time(() => void (sink += (JSON.parse(utf8d.decode(zstd.decompress(jsonBlob, cap))) as unknown[]).length)) / n),
    f3(jsonBlob.length / n),
  ]);
  const mp = (): Uint8Array => zstd.compress(mpEncode(objects()));
  const mpBlob = mp();
  const mpDec = time(() => void (sink += (mpDecode(zstd.decompress(mpBlob, cap)) as unknown[]).length)) / n;
  alt.push(['msgpack + zstd', f1(time(() => void mp()) / n), f1(mpDec), f3(mpBlob.length / n)]);
  const def = encode(d, CONFIGS[0].opts);
  const meboInto =
    time(() => {
      const b = decoder.decode(def);
      for (const id of d.ids) sink += b.decodeInto(id, { timestamps: ts, values: vals });
    }) / n;
  alt.push(['mebo Delta+Gorilla (decodeInto)', '', f1(meboInto), f3(def.length / n)]);
  const pointsNs =
    time(() => {
      const b = decoder.decode(def);
      for (const id of d.ids) for (const p of b.points(id)) sink += p.value;
    }) / n;
  alt.push(['mebo Delta+Gorilla (points())', '', f1(pointsNs), f3(def.length / n)]);
  console.log();
  table(['alternative', 'enc ns/pt', 'dec ns/pt', 'B/pt'], alt);
  console.log(`\nmsgpack+zstd decode / mebo Delta+Gorilla decodeInto = ${(mpDec / meboInto).toFixed(1)}×`);
}

function autoTable(): void {
  console.log(`\n## 'auto' value encoding: bytes/point per data shape (Delta timestamps, 100 metrics × 240 points, uncompressed)\n`);
  const rows: string[][] = [];
  SHAPES.forEach((shape, k) => {
    const d = shapeDataset(shape, 1000 + k);
    const n = pointCount(d);
    const bpp = (valueEncoding: EncodingType | 'auto'): number => encode(d, { timestampEncoding: E.Delta, valueEncoding, valueCompression: C.None }).length / n;
    const auto = encode(d, { timestampEncoding: E.Delta, valueEncoding: 'auto', valueCompression: C.None });
    const picked = decoder.decode(auto).header.valueEncoding;
    const raw = new Float64Array(n * 2);
    let p = 0;
    for (let i = 0; i < d.ids.length; i++) {
      raw.set(d.timestamps[i], p);
      raw.set(d.values[i], p + d.timestamps[i].length);
      p += 2 * d.timestamps[i].length;
    }
    const objects = d.ids.map((id, i) => ({ id: Number(id), t: Array.from(d.timestamps[i]), v: Array.from(d.values[i]) }));
    rows.push([
      shape,
      f3(bpp(E.Raw)),
      f3(bpp(E.Gorilla)),
      f3(bpp(E.Chimp)),
      f3(bpp(E.ALP)),
      `${f3(auto.length / n)} (${Object.entries(E).find(([, v]) => v === picked)?.[0]})`,
      f3(zstd.compress(new Uint8Array(raw.buffer)).length / n),
      f3(zstd.compress(mpEncode(objects)).length / n),
    ]);
  });
  table(['shape', 'Raw', 'Gorilla', 'Chimp', 'ALP', 'auto (picked)', 'Float64Array+zstd', 'msgpack+zstd'], rows);
}

console.log(`# @mebo/numeric-blob benchmark (Node ${process.version}; process CPU time, best of 5 rounds, ${BUDGET_MS} ms per measurement)`);
benchDataset(goDataset('standard'), goDataset('shared'));
benchDataset(generateSampleMetrics(42), undefined);
autoTable();
if (sink === 42) console.log('');
