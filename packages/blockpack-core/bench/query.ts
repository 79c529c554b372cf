/**
 * TraceQL search benchmark: spans scanned per second for a few filter shapes over a seeded
 * synthetic file (100k or 1M spans). Exported for `bench/index.ts`; nothing runs on import.
 */
import { BlockpackReader, SyntheticTraceGenerator, readerQuerySource, searchTagValues, searchTraceQL, writeBlockpack } from '../src/index.js';
import type { OtlpTraces } from '../src/index.js';

export interface QueryBenchOptions {
  /** Spans in the synthetic file. Default 100,000. */
  spans: number;
  /** Timed runs per query (the median is reported). Default 3. */
  runs: number;
  /** Seed of the synthetic data. Default 1. */
  seed: number;
  /** Print a table to stdout. Default true. */
  print: boolean;
  /** A blockpack file already written (e.g. by bench/index.ts); `spans` and `seed` are then ignored. */
  file: Uint8Array | undefined;
}

export interface QueryBenchRow {
  name: string;
  query: string;
  /** Median wall time of one search, ms (fresh reader each run: block IO and decoding included). */
  ms: number;
  /** Rows in the blocks the search read. */
  spansScanned: number;
  blocksRead: number;
  blocksTotal: number;
  /** Scanned rows per second. */
  spansPerSec: number;
  /** File rows per second: what pruning buys over a full scan. */
  fileSpansPerSec: number;
  traces: number;
}

/** [name, query, mostRecent]: most-recent runs scan every candidate block (scan throughput). */
const QUERIES: [string, string, boolean][] = [
  ['match-all, first 20', '{}', false],
  ['int equality, first 20', '{ span.http.status_code = 500 }', false],
  ['int equality, newest 20', '{ span.http.status_code = 500 }', true],
  ['service && method, newest 20', '{ resource.service.name = "checkout" && span.http.method = "POST" }', true],
  ['regex on route, newest 20', '{ span.http.route =~ ".*/orders/.*" }', true],
  ['duration range, newest 20', '{ duration > 100ms }', true],
  ['status || kind, newest 20', '{ status = error || kind = consumer }', true],
  ['spanset &&, newest 20', '{ resource.service.name = "payment" } && { resource.service.name = "email" }', true],
  ['structural >>, newest 20', '{ resource.service.name = "frontend" } >> { status = error }', true],
  ['trace-level rootService, newest 20', '{ trace:rootService = "frontend" && status = error }', true],
];

async function buildFile(spans: number, seed: number): Promise<{ bytes: Uint8Array; writeMs: number }> {
  const gen = new SyntheticTraceGenerator({ seed });
  const inputs: OtlpTraces[] = [];
  let n = 0;
  while (n < spans) {
    const batch = gen.next(100);
    for (const rs of batch.resourceSpans) for (const ss of rs.scopeSpans) n += ss.spans.length;
    inputs.push(batch);
  }
  const t0 = performance.now();
  const bytes = await writeBlockpack(inputs);
  return { bytes, writeMs: performance.now() - t0 };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Runs the search benchmark and returns one row per query shape. */
export async function runQueryBench(options: Readonly<Partial<QueryBenchOptions>> = {}): Promise<QueryBenchRow[]> {
  const opts: QueryBenchOptions = { spans: 100_000, runs: 3, seed: 1, print: true, file: undefined, ...options };
  const { bytes, writeMs } = opts.file !== undefined ? { bytes: opts.file, writeMs: 0 } : await buildFile(opts.spans, opts.seed);
  const probe = await BlockpackReader.open(bytes);
  const total = probe.spanCount;
  if (opts.print) {
    console.log(`query bench: ${total} spans, ${probe.blockCount} blocks, ${(bytes.length / 1e6).toFixed(1)} MB (written in ${(writeMs / 1000).toFixed(1)} s)`);
  }
  const rows: QueryBenchRow[] = [];
  for (const [name, query, mostRecent] of QUERIES) {
    const times: number[] = [];
    let last: Awaited<ReturnType<typeof searchTraceQL>> | undefined;
    await searchTraceQL(readerQuerySource(await BlockpackReader.open(bytes)), query, { limit: 20, mostRecent }); // warm-up
    for (let i = 0; i < opts.runs; i++) {
      const reader = await BlockpackReader.open(bytes);
      const t0 = performance.now();
      last = await searchTraceQL(readerQuerySource(reader), query, { limit: 20, mostRecent });
      times.push(performance.now() - t0);
    }
    const ms = median(times);
    const m = last!.metrics;
    rows.push({
      name,
      query,
      ms,
      spansScanned: m.inspectedSpans,
      blocksRead: m.inspectedBlocks,
      blocksTotal: m.totalBlocks,
      spansPerSec: m.inspectedSpans / (ms / 1000),
      fileSpansPerSec: total / (ms / 1000),
      traces: last!.traces.length,
    });
  }
  // Tag values of a high-cardinality attribute (dictionary path, no filter).
  {
    const times: number[] = [];
    let count = 0;
    for (let i = 0; i < opts.runs; i++) {
      const reader = await BlockpackReader.open(bytes);
      const t0 = performance.now();
      count = (await searchTagValues(readerQuerySource(reader), 'span.user.id', { limit: 100_000 })).length;
      times.push(performance.now() - t0);
    }
    const ms = median(times);
    rows.push({
      name: `tag values span.user.id (${count})`,
      query: '',
      ms,
      spansScanned: total,
      blocksRead: probe.blockCount,
      blocksTotal: probe.blockCount,
      spansPerSec: total / (ms / 1000),
      fileSpansPerSec: total / (ms / 1000),
      traces: 0,
    });
  }
  if (opts.print) {
    const base = rows.find((r) => r.name.startsWith('regex'))!.ms;
    console.log('| query | ms | blocks read | spans scanned | M spans/s scanned | M file spans/s | speed vs regex scan |');
    console.log('|---|---:|---:|---:|---:|---:|---:|');
    for (const r of rows) {
      console.log(
        `| ${r.name} | ${r.ms.toFixed(1)} | ${r.blocksRead}/${r.blocksTotal} | ${r.spansScanned} | ${(r.spansPerSec / 1e6).toFixed(2)} | ${(r.fileSpansPerSec / 1e6).toFixed(2)} | ${(base / r.ms).toFixed(2)}× |`,
      );
    }
  }
  return rows;
}
