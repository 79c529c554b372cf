import { decompress as fzstdDecompress, Decompress } from 'fzstd';
import { ZstdCodec as ZstdLib } from 'zstd-codec';
import type { ZstdBinding } from 'zstd-codec';
import { scanZstdFrames, zstdDecompress } from '../src/index.js';
import { metricPayload, textPayload } from '../test/corpus.js';

async function main(): Promise<void> {
  const lib = await new Promise<ZstdBinding>((resolve) => ZstdLib.run(resolve));
  const simple = new lib.Simple();
  for (const [label, input] of [['metric 1M', metricPayload(1, 1 << 20)], ['metric 16K', metricPayload(2, 16384)], ['text 64K', textPayload(3, 65536)], ['text 200', textPayload(4, 200)]] as const) {
    const frame = simple.compress(input, 3)!;
    const fns: Record<string, () => unknown> = {
      ours: () => zstdDecompress(frame),
      walk: () => scanZstdFrames(frame, 1 << 27),
      fzstdOne: () => fzstdDecompress(frame),
      fzstdStream: () => { let n = 0; new Decompress((c) => { n += c.length; }).push(frame, true); return n; },
      simple: () => simple.decompress(frame),
    };
    const best: Record<string, number> = {};
    for (let round = 0; round < 5; round++) {
      for (const [k, f] of Object.entries(fns)) {
        const reps = Math.max(3, Math.floor(2e6 / input.length));
        const t0 = process.hrtime.bigint();
        for (let i = 0; i < reps; i++) f();
        const ns = Number(process.hrtime.bigint() - t0) / reps;
        best[k] = Math.min(best[k] ?? Infinity, ns);
      }
    }
    console.log(label, Object.entries(best).map(([k, ns]) => `${k} ${(input.length / ns * 1e3).toFixed(0)}MB/s ${(ns / 1000).toFixed(1)}us`).join(' | '));
  }
}
void main();
