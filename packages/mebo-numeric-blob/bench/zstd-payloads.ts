// zstd decoders on the payload sizes a numeric blob holds: `npx tsx bench/zstd-payloads.ts [ms]`
// (build @mebo/format and @mebo/compress first). The Delta timestamp and Gorilla value payloads of
// the seeded 200 × 200 data and the host sample, compressed by @mebo/compress (zstd-codec level 3,
// frames with a content size), then decoded by: @mebo/compress's ZstdCodec (frame walk + libzstd
// one-shot for sized frames ≤ 2 MiB), its frame walk alone, fzstd 0.1.1 one-shot and streaming,
// zstd-codec 0.1.5 Simple and Streaming. Process CPU time per call, best of 7 rounds.
import { ByteWriter, CompressionType, EncodingType } from '@mebo/format';
import { loadDefaultCodecs, scanZstdFrames, zstdDecompress } from '@mebo/compress';
import { Decompress, decompress as fzstdDecompress } from 'fzstd';
import { ZstdCodec } from 'zstd-codec';
import { timestampCodec, valueCodec } from '../src/encoding/index.js';
import { generateSampleMetrics, goDataset } from './datasets.js';
import type { Dataset } from './datasets.js';
import { cpuMicros } from './timing.js';

interface ZstdBinding {
  Simple: new () => { decompress(src: Uint8Array): Uint8Array | null };
  Streaming: new () => { decompress(src: Uint8Array): Uint8Array | null };
}

const MS = Number(process.argv[2] ?? 200);
const binding = await new Promise<ZstdBinding>((resolve) => ZstdCodec.run((z) => resolve(z as ZstdBinding)));
const simple = new binding.Simple();
const streaming = new binding.Streaming();
const codecs = await loadDefaultCodecs();
const zstd = codecs.get(CompressionType.Zstd);
let sink = 0;

/** Process-CPU µs per call, best of 7 rounds. */
const time = (f: () => void): number => cpuMicros(f, MS, 7);

function payload(d: Dataset, kind: 'ts' | 'val'): Uint8Array {
  const w = new ByteWriter(1 << 16, true);
  const c = kind === 'ts' ? timestampCodec(EncodingType.Delta) : valueCodec(EncodingType.Gorilla);
  for (const col of kind === 'ts' ? d.timestamps : d.values) c.encode(col, col.length, w);
  return w.finish();
}

const rows: string[] = [];
for (const d of [goDataset('standard'), generateSampleMetrics(42)]) {
  for (const kind of ['ts', 'val'] as const) {
    const raw = payload(d, kind);
    const comp = zstd.compress(raw);
    const n = raw.length;
    const check = (out: Uint8Array | null): void => {
      if (out === null || out.length !== n || out[n >> 1] !== raw[n >> 1]) throw new Error('zstd mismatch');
      sink += out[0];
    };
    const cases: [string, () => void][] = [
      ['@mebo/compress ZstdCodec (loaded)', () => check(zstd.decompress(comp, 1 << 27))],
      ['@mebo/compress frame walk only', () => void (sink += scanZstdFrames(comp, 1 << 27).frames.length)],
      ['@mebo/compress zstdDecompress (walk + fzstd stream)', () => check(zstdDecompress(comp, 1 << 27))],
      ['fzstd 0.1.1 decompress (one-shot)', () => check(fzstdDecompress(comp))],
      ['fzstd 0.1.1 Decompress (streaming)', () => {
        const parts: Uint8Array[] = [];
        new Decompress((c) => parts.push(c)).push(comp, true);
        const out = parts.length === 1 ? parts[0] : Buffer.concat(parts);
        check(out);
      }],
      ['zstd-codec 0.1.5 Simple.decompress', () => check(simple.decompress(comp))],
      ['zstd-codec 0.1.5 Streaming.decompress', () => check(streaming.decompress(comp))],
    ];
    const base = time(cases[0][1]);
    for (const [label, f] of cases) {
      const us = label === cases[0][0] ? base : time(f);
      rows.push(`| ${d.name} ${kind} | ${n} | ${comp.length} | ${label} | ${us.toFixed(1)} | ${(n / us).toFixed(0)} | ${(us / base).toFixed(2)} |`);
    }
  }
}
console.log(`| payload | raw B | zstd B | decoder | µs/call | MB/s (out) | vs ZstdCodec |`);
console.log(`|---|---:|---:|---|---:|---:|---:|`);
for (const r of rows) console.log(r);
if (sink === 42) console.log('');
