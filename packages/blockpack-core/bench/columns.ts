/**
 * Where the bytes go: per-column totals (bytes/span) and encoding kinds of a synthetic file.
 *
 *   npx tsx bench/columns.ts [spans=100000] [blockSpans=2000]
 */
import { BlockpackReader, BlockpackWriter, MemorySink, SyntheticTraceGenerator, encodeOtlpProtobuf, loadZstd } from '../src/index.js';

async function main(): Promise<void> {
  const target = Number(process.argv[2] ?? 100_000);
  const blockSpans = Number(process.argv[3] ?? 2000);
  const zstd = await loadZstd();
  const gen = new SyntheticTraceGenerator({ seed: 1 });
  const sink = new MemorySink();
  const w = await BlockpackWriter.create(sink, { zstd, blockSpans });
  while (gen.spanCount < target) await w.add(encodeOtlpProtobuf(gen.next(200)));
  const sum = await w.finish();
  const file = sink.bytes();
  const r = await BlockpackReader.open(file, { zstd });
  const by = new Map<string, { bytes: number; kinds: Map<number, number> }>();
  let blockBytes = 0;
  let dirBytes = 0;
  for (const b of r.blocks) {
    const blk = await r.readBlock(b.id);
    blockBytes += b.length;
    let colBytes = 0;
    for (const c of blk.columns) {
      const e = by.get(c.name) ?? { bytes: 0, kinds: new Map<number, number>() };
      by.set(c.name, e);
      e.bytes += c.length;
      colBytes += c.length;
      const kind = file[b.offset + c.offset + 1];
      e.kinds.set(kind, (e.kinds.get(kind) ?? 0) + 1);
    }
    dirBytes += b.length - colBytes;
  }
  const n = sum.spans;
  console.log(`${n} spans, ${sum.blocks} blocks, ${(file.length / n).toFixed(2)} B/span; blocks ${(blockBytes / n).toFixed(2)}, header+dir ${(dirBytes / n).toFixed(2)}, metadata etc ${((file.length - blockBytes) / n).toFixed(2)}`);
  for (const [name, e] of [...by].sort((a, b) => b[1].bytes - a[1].bytes)) {
    console.log(`${(e.bytes / n).toFixed(2).padStart(7)}  ${name}  kinds ${[...e.kinds].map(([k, c]) => `${k}:${c}`).join(' ')}`);
  }
}

void main();
