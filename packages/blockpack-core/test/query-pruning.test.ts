import { BlockpackReader } from '../src/reader/reader.js';
import { memorySource } from '../src/reader/source.js';
import type { RandomAccessSource } from '../src/reader/source.js';
import { writeBlockpack } from '../src/writer/writer.js';
import { readerQuerySource } from '../src/query/source.js';
import { searchTraceQL } from '../src/query/search.js';
import { parseTraceQL } from '../src/query/traceql/parser.js';
import { Col, ColumnType } from '../src/shared/constants.js';
import { columnValue } from '../src/reader/column.js';
import { makeSpans, naiveSearch, toOtlp, BASE_NS } from './query-fixtures.js';
import type { ModelSpan } from './query-fixtures.js';

/** A random-access source that records every read. */
function counting(bytes: Uint8Array): RandomAccessSource & { reads: [number, number][] } {
  const inner = memorySource(bytes);
  const reads: [number, number][] = [];
  return {
    size: inner.size,
    reads,
    read(offset: number, length: number) {
      reads.push([offset, length]);
      return inner.read(offset, length);
    },
  };
}

let spans: ModelSpan[];
let bytes: Uint8Array;
/** The same spans in time order: blocks narrow in time. */
let timeOrdered: Uint8Array;
/** Per block: the set of service names and the start range, read once without counting. */
let blockServices: Set<string>[];
let blockStatusCodes: Set<bigint>[];

beforeAll(async () => {
  spans = makeSpans(9, 120);
  // Small batches clustered by service and status code: blocks are narrow in both, so any sound
  // bucketing of the range index keeps them apart.
  const code = (x: ModelSpan): number => Number(x.attrs.get('span.http.status_code') ?? -1);
  const clustered = [...spans].sort((x, y) => (x.service < y.service ? -1 : x.service > y.service ? 1 : code(x) - code(y)));
  const chunks: object[] = [];
  for (let i = 0; i < clustered.length; i += 16) chunks.push(toOtlp(clustered.slice(i, i + 16)));
  bytes = await writeBlockpack(chunks, { blockSpans: 8, batchSpans: 16 });
  const timeChunks: object[] = [];
  for (let i = 0; i < spans.length; i += 16) timeChunks.push(toOtlp(spans.slice(i, i + 16)));
  timeOrdered = await writeBlockpack(timeChunks, { blockSpans: 8, batchSpans: 16 });
  const r = await BlockpackReader.open(bytes);
  blockServices = [];
  blockStatusCodes = [];
  for (let b = 0; b < r.blockCount; b++) {
    const block = await r.readBlock(b);
    const svc = block.column(Col.ServiceName, ColumnType.String)!;
    const codes = block.column('span.http.status_code', ColumnType.Int64);
    const s = new Set<string>();
    const c = new Set<bigint>();
    for (let row = 0; row < block.spanCount; row++) {
      s.add(columnValue(svc, row) as string);
      const v = codes === undefined ? undefined : columnValue(codes, row);
      if (typeof v === 'bigint') c.add(v);
    }
    blockServices.push(s);
    blockStatusCodes.push(c);
  }
});

async function run(q: string, opts: Parameters<typeof searchTraceQL>[2] = {}, file = bytes) {
  const src = counting(file);
  const reader = await BlockpackReader.open(src);
  const openReads = src.reads.length;
  const res = await searchTraceQL(readerQuerySource(reader), q, { limit: 10_000, spansPerSpanset: 10_000, ...opts });
  const touched = new Set<number>();
  for (const [off, len] of src.reads.slice(openReads)) {
    reader.blocks.forEach((b) => {
      if (off < b.offset + b.length && b.offset < off + len) touched.add(b.id);
    });
  }
  return { res, touched, reader };
}

describe('block pruning', () => {
  it('writes many blocks', () => {
    expect(blockServices.length).toBeGreaterThan(20);
  });

  it('an equality on a string column reads only blocks that hold the value', async () => {
    const { res, touched } = await run('{ resource.service.name = "auth" }');
    const holders = blockServices.flatMap((s, b) => (s.has('auth') ? [b] : []));
    expect(holders.length).toBeGreaterThan(0);
    expect(holders.length).toBeLessThan(blockServices.length);
    // The scan reads exactly the holders (trace summaries may read the traces' other blocks after).
    for (const b of holders) expect(touched.has(b)).toBe(true);
    expect(res.metrics.inspectedBlocks).toBeGreaterThanOrEqual(holders.length);
    expect(res.metrics.inspectedBytes).toBeGreaterThan(0);
    // Min/max statistics can at best drop the blocks whose service range excludes "auth".
    const excluded = blockServices.filter((s) => [...s].sort()[0] > 'auth' || [...s].sort()[s.size - 1] < 'auth').length;
    expect(excluded).toBeGreaterThan(0);
    expect(res.metrics.prunedBlocks).toBeGreaterThanOrEqual(excluded);
    expect(new Set(res.traces.map((t) => t.traceId))).toEqual(new Set(naiveSearch(spans, parseTraceQL('{ resource.service.name = "auth" }')).keys()));
  });

  it('a value outside every block reads no block at all', async () => {
    for (const q of [
      '{ resource.service.name = "nope" }',
      '{ span.http.status_code > 1000 }',
      '{ span.http.status_code < 0 }',
      '{ span.user = "zed" && span.user = "zed" }',
      '{ false }',
      '{ resource.service.name = "nope" } && { status = error }',
      '{ resource.service.name = "nope" } >> { status = error }',
      '{ status = error } > { resource.service.name = "nope" }',
      '{ trace:rootService = "api" && resource.service.name = "nope" }',
    ]) {
      const { res, touched } = await run(q);
      expect({ q, touched: [...touched], traces: res.traces.length }).toEqual({ q, touched: [], traces: 0 });
    }
  });

  it('a numeric equality reads only blocks whose statistics admit it', async () => {
    const { touched, res } = await run('{ span.http.status_code = 503 }');
    const holders = blockStatusCodes.flatMap((s, b) => (s.has(503n) ? [b] : []));
    for (const b of holders) expect(touched.has(b)).toBe(true);
    expect(res.metrics.prunedBlocks).toBeGreaterThan(0);
    expect(new Set(res.traces.map((t) => t.traceId))).toEqual(new Set(naiveSearch(spans, parseTraceQL('{ span.http.status_code = 503 }')).keys()));
  });

  it('a time window skips blocks outside it', async () => {
    const startNs = BASE_NS + 30n * 1_000_000_000n;
    const endNs = BASE_NS + 40n * 1_000_000_000n;
    const { res, reader } = await run('{ status = error }', { startNs, endNs }, timeOrdered);
    const outside = reader.blocks.filter((b) => b.maxStart < startNs || b.minStart > endNs).length;
    expect(outside).toBeGreaterThan(0);
    expect(res.metrics.prunedBlocks).toBe(outside);
    expect(new Set(res.traces.map((t) => t.traceId))).toEqual(new Set(naiveSearch(spans, parseTraceQL('{ status = error }'), startNs, endNs).keys()));
  });

  it('a trace id query reads only that trace\'s blocks', async () => {
    const id = spans[50].traceId;
    const { res, touched, reader } = await run(`{ trace:id = "${id}" }`);
    expect(res.traces.map((t) => t.traceId)).toEqual([id]);
    expect([...touched].sort()).toEqual([...reader.blocksForTrace(id)].sort());
  });

  it('|| unions and && intersects the candidate blocks', async () => {
    const a = blockServices.flatMap((s, b) => (s.has('auth') ? [b] : []));
    const d = blockServices.flatMap((s, b) => (s.has('db') ? [b] : []));
    const one = await run('{ resource.service.name = "auth" }');
    const or = await run('{ resource.service.name = "auth" || resource.service.name = "db" }');
    for (const b of new Set([...a, ...d])) expect(or.touched.has(b)).toBe(true);
    expect(or.res.metrics.prunedBlocks).toBeLessThan(one.res.metrics.prunedBlocks);
    const and = await run('{ resource.service.name = "auth" && resource.service.name = "db" }');
    expect(and.res.metrics.prunedBlocks).toBeGreaterThan(one.res.metrics.prunedBlocks);
    expect(and.res.traces).toHaveLength(0);
  });
});
