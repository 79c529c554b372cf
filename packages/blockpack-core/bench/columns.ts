/**
 * Where the bytes go: per-column totals (bytes/span) and encoding kinds of a synthetic file.
 *
 *   npx tsx bench/columns.ts [spans=100000] [blockSpans] [batchSpans]   (default: the writer's defaults)
 */
import { BlockpackReader, BlockpackWriter, MemorySink, SyntheticTraceGenerator, encodeOtlpProtobuf, loadZstd } from '../src/index.js';

async function main(): Promise<void> {
  const target = Number(process.argv[2] ?? 100_000);
  const blockSpans = process.argv[3] === undefined ? undefined : Number(process.argv[3]);
  const batchSpans = process.argv[4] === undefined ? undefined : Number(process.argv[4]);
  const zstd = await loadZstd();
  const gen = new SyntheticTraceGenerator({ seed: 1 });
  const sink = new MemorySink();
  const w = await BlockpackWriter.create(sink, { zstd, blockSpans, batchSpans });
  const ids: Uint8Array[] = [];
  while (gen.spanCount < target) {
    await w.add(encodeOtlpProtobuf(gen.next(200)));
    ids.push(...gen.lastTraceIds);
  }
  const sum = await w.finish();
  const file = sink.bytes();
  const r = await BlockpackReader.open(file, { zstd });
  const by = new Map<string, { bytes: number; presence: number; kinds: Map<number, number> }>();
  let blockBytes = 0;
  let dirBytes = 0;
  let presenceAll = 0;
  for (const b of r.blocks) {
    const blk = await r.readBlock(b.id);
    blockBytes += b.length;
    let colBytes = 0;
    for (const c of blk.columns) {
      const e = by.get(c.name) ?? { bytes: 0, presence: 0, kinds: new Map<number, number>() };
      by.set(c.name, e);
      e.bytes += c.length;
      colBytes += c.length;
      const at = b.offset + c.offset;
      const kind = file[at + 1];
      const dv = new DataView(file.buffer, file.byteOffset);
      let pp = at + 2;
      if ([1, 2, 6, 7, 12, 13].includes(kind)) pp += 1 + 4 + dv.getUint32(pp + 1, true) + 4;
      else pp += 4;
      const presence = 4 + dv.getUint32(pp, true);
      e.presence += presence;
      presenceAll += presence;
      e.kinds.set(kind, (e.kinds.get(kind) ?? 0) + 1);
    }
    dirBytes += b.length - colBytes;
  }
  const n = sum.spans;
  let pairs = 0;
  for (const id of ids) pairs += r.blocksForTrace(id).length;
  console.log(`${(pairs / ids.length).toFixed(2)} blocks per trace`);
  console.log(`${n} spans, ${sum.blocks} blocks, ${(file.length / n).toFixed(2)} B/span; blocks ${(blockBytes / n).toFixed(2)}, header+dir ${(dirBytes / n).toFixed(2)}, metadata etc ${((file.length - blockBytes) / n).toFixed(2)}, presence sections ${(presenceAll / n).toFixed(2)}`);
  for (const [name, e] of [...by].sort((a, b) => b[1].bytes - a[1].bytes)) {
    console.log(`${(e.bytes / n).toFixed(2).padStart(7)}  ${name}  presence ${(e.presence / n).toFixed(2)}  kinds ${[...e.kinds].map(([k, c]) => `${k}:${c}`).join(' ')}`);
  }
}

void main();
