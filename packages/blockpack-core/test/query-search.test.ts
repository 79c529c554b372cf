import type { Block } from '../src/reader/block.js';
import { BlockpackReader } from '../src/reader/reader.js';
import { writeBlockpack } from '../src/writer/writer.js';
import { readerQuerySource } from '../src/query/source.js';
import type { QuerySource } from '../src/query/source.js';
import { searchTraceQL } from '../src/query/search.js';
import { mergeSearchResults } from '../src/query/merge.js';
import type { SearchResult } from '../src/query/search.js';
import { parseTraceQL } from '../src/query/traceql/parser.js';
import { BlockpackError } from '../src/shared/errors.js';
import { makeSpans, naiveSearch, toOtlp, BASE_NS } from './query-fixtures.js';
import type { ModelSpan } from './query-fixtures.js';

let spans: ModelSpan[];
let source: QuerySource;

beforeAll(async () => {
  spans = makeSpans(1, 100);
  const bytes = await writeBlockpack([toOtlp(spans)], { blockSpans: 16 });
  // Blocks stay parsed across the many queries below (each query alone would decode them again).
  const base = readerQuerySource(await BlockpackReader.open(bytes));
  const parsed = new Map<number, Promise<Block>>();
  source = { ...base, readBlock: (b) => parsed.get(b) ?? parsed.set(b, base.readBlock(b)).get(b)! };
});

async function search(q: string, opts: Parameters<typeof searchTraceQL>[2] = {}): Promise<SearchResult> {
  return searchTraceQL(source, q, { limit: 100_000, spansPerSpanset: 100_000, ...opts });
}

/** Engine result as trace → span ids, for comparison with the naive filter. */
function asMap(r: SearchResult): Map<string, Set<string>> {
  return new Map(r.traces.map((t) => [t.traceId, new Set(t.spanSets[0].spans.map((s) => s.spanId))]));
}

async function expectNaive(q: string): Promise<SearchResult> {
  const r = await search(q);
  const want = naiveSearch(spans, parseTraceQL(q));
  expect(asMap(r)).toEqual(want);
  for (const t of r.traces) expect(t.spanSets[0].matched).toBe(want.get(t.traceId)!.size);
  return r;
}

describe('TraceQL search over a written file', () => {
  it('the corpus spans many blocks', () => {
    expect(source.blockCount).toBeGreaterThan(20);
  });

  const cases = [
    '{}',
    '{ true }',
    '{ false }',
    // strings: scopes, operators, regex
    '{ resource.service.name = "api" }',
    '{ resource.service.name != "api" }',
    '{ .service.name = "db" }',
    '{ span.user = "bob" }',
    '{ span.user = "" }',
    '{ span.user != "bob" }',
    '{ span.user > "b" }',
    '{ span.user <= "bob" }',
    '{ span.user =~ "b.*" }',
    '{ span.user =~ "(?i)b.*" }',
    '{ span.user !~ "a.*|c.*" }',
    '{ span.user =~ "o" }',
    '{ name = "GET /" }',
    '{ name =~ ".*🐢" }',
    '{ name > "get" }',
    '{ name != "query" && name != "get" }',
    '{ statusMessage = "boom" }',
    '{ .env = "prod" }',
    '{ span.env = "prod" }',
    '{ resource.env = "prod" && span.env = "staging" }',
    // ints, floats, mixed
    '{ span.http.status_code = 500 }',
    '{ span.http.status_code >= 500 }',
    '{ span.http.status_code < 300 }',
    '{ span.http.status_code != 200 }',
    '{ span.http.status_code = 500.0 }',
    '{ span.http.status_code > 200.5 }',
    '{ span.ratio > 0.2 }',
    '{ span.ratio = -3 }',
    '{ span.ratio <= 1.25 }',
    '{ span.multi = 3 }',
    '{ span.multi = "3" }',
    '{ span.multi > 4 }',
    '{ span.multi = 3.5 }',
    '{ span.big = 9007199254740993 }',
    '{ span.big > 9007199254740993 }',
    // bools
    '{ span.flag = true }',
    '{ span.flag != true }',
    '{ span.flag }',
    // nil
    '{ span.user = nil }',
    '{ span.user != nil }',
    '{ .ratio }',
    '{ span.nothing }',
    '{ span.nothing = nil }',
    // status / kind / duration
    '{ status = error }',
    '{ status = ok }',
    '{ status = unset }',
    '{ status != error }',
    '{ kind = server }',
    '{ kind = client || kind = consumer }',
    '{ kind != internal }',
    '{ kind = unspecified }',
    '{ duration > 2ms }',
    '{ duration <= 1ms }',
    '{ duration >= 3000000 }',
    '{ span:duration < 1.5ms }',
    // ids
    '{ span:parentID = nil }',
    '{ span:parentID != nil }',
    // boolean structure
    '{ span.http.status_code = 500 && resource.service.name = "api" }',
    '{ span.http.status_code = 500 || resource.service.name = "api" }',
    '{ (span.user = "bob" || span.user = "alice") && status = error }',
    '{ !(span.user = "bob") }',
    '{ !(span.user != nil) }',
    '{ instrumentation:name = "test-lib" }',
    '{ instrumentation.lib.attr = "x" }',
    // spanset operators
    '{ resource.service.name = "api" } && { resource.service.name = "db" }',
    '{ resource.service.name = "api" } || { status = error }',
    '{ span.user = "alice" } && { span.user = "bob" } || { span.ratio = 100 }',
    // structural
    '{ resource.service.name = "frontend" } > { resource.service.name = "api" }',
    '{ resource.service.name = "frontend" } >> { status = error }',
    '{ status = error } < { kind = server }',
    '{ span:parentID = nil } << { status = error }',
    '{ kind = client } ~ { kind = server }',
    '{ kind = client } !> { kind = server }',
    '{ kind = client } !>> { kind = server }',
    '{ kind = client } !~ { kind = server }',
    '{ kind = client } !< { kind = server }',
    '{ kind = client } !<< { kind = server }',
  ];
  it.each(cases)('%s matches the naive filter', async (q) => {
    await expectNaive(q);
  });

  it('finds a trace and a span by id', async () => {
    const s = spans[37];
    const r = await expectNaive(`{ trace:id = "${s.traceId}" }`);
    expect(r.traces.map((t) => t.traceId)).toEqual([s.traceId]);
    const r2 = await expectNaive(`{ span:id = "${s.spanId}" }`);
    expect(r2.traces[0].spanSets[0].spans.map((x) => x.spanId)).toEqual([s.spanId]);
    await expectNaive(`{ span:id != "${s.spanId}" && trace:id = "${s.traceId}" }`);
  });

  it('accepts a trace id with leading zeros trimmed', async () => {
    const s = spans.find((x) => x.traceId.startsWith('0'))!;
    const trimmed = s.traceId.replace(/^0+/, '');
    const r = await search(`{ trace:id = "${trimmed}" }`);
    expect(r.traces.map((t) => t.traceId)).toEqual([s.traceId]);
  });

  it('fills trace summaries from the whole trace', async () => {
    const r = await search('{ status = error && span:parentID != nil }');
    expect(r.traces.length).toBeGreaterThan(5);
    for (const t of r.traces) {
      const all = spans.filter((s) => s.traceId === t.traceId);
      const root = all.find((s) => s.parentId === '')!;
      expect(t.rootServiceName).toBe(root.service);
      expect(t.rootTraceName).toBe(root.name);
      const min = all.reduce((m, s) => (s.start < m ? s.start : m), all[0].start);
      const max = all.reduce((m, s) => (s.end > m ? s.end : m), all[0].end);
      expect(t.startTimeUnixNano).toBe(min);
      expect(t.durationNanos).toBe(max - min);
    }
  });

  it('orders traces newest first and applies limit and spans-per-spanset', async () => {
    const all = await search('{}');
    const starts = all.traces.map((t) => t.startTimeUnixNano);
    expect([...starts].sort((a, b) => (a < b ? 1 : a > b ? -1 : 0))).toEqual(starts);
    const r = await searchTraceQL(source, '{}', { limit: 5, spansPerSpanset: 2, mostRecent: true });
    expect(r.traces).toHaveLength(5);
    expect(r.traces.map((t) => t.traceId)).toEqual(all.traces.slice(0, 5).map((t) => t.traceId));
    for (const t of r.traces) {
      expect(t.spanSets[0].spans.length).toBeLessThanOrEqual(2);
      expect(t.spanSets[0].matched).toBe(spans.filter((s) => s.traceId === t.traceId).length);
    }
    const hinted = await searchTraceQL(source, '{} with(most_recent=true)', { limit: 5 });
    expect(hinted.traces.map((t) => t.traceId)).toEqual(r.traces.map((t) => t.traceId));
    const early = await searchTraceQL(source, '{}', { limit: 3 });
    expect(early.traces).toHaveLength(3);
    expect(early.metrics.inspectedBlocks).toBeLessThan(source.blockCount);
  });

  it('returns the traces that start last, whatever their matched spans', async () => {
    const q = '{ span:parentID != nil && status = error }';
    const want = [...naiveSearch(spans, parseTraceQL(q)).keys()]
      .map((t) => ({ t, start: spans.filter((x) => x.traceId === t).reduce((m, x) => (x.start < m ? x.start : m), 1n << 64n) }))
      .sort((a, b) => (a.start < b.start ? 1 : a.start > b.start ? -1 : 0))
      .slice(0, 4)
      .map((x) => x.t);
    const r = await searchTraceQL(source, q, { limit: 4, mostRecent: true });
    expect(r.traces.map((t) => t.traceId)).toEqual(want);
  });

  it('returns the attributes the query names', async () => {
    const r = await search('{ span.http.status_code = 500 && status = error } | select(resource.service.name, kind)');
    expect(r.traces.length).toBeGreaterThan(0);
    const span = r.traces[0].spanSets[0].spans[0];
    const keys = span.attributes.map((a) => a.key);
    expect(keys).toEqual(expect.arrayContaining(['http.status_code', 'status', 'service.name', 'kind']));
    expect(span.attributes.find((a) => a.key === 'status')!.value).toBe('error');
    expect(span.attributes.find((a) => a.key === 'http.status_code')!.value).toBe(500n);
  });

  it('filters by a start/end window', async () => {
    const startNs = BASE_NS + 40n * 1_000_000_000n;
    const endNs = BASE_NS + 60n * 1_000_000_000n;
    const q = '{ status = error }';
    const r = await search(q, { startNs, endNs });
    expect(asMap(r)).toEqual(naiveSearch(spans, parseTraceQL(q), startNs, endNs));
  });

  it('evaluates trace-level intrinsics', async () => {
    const byTrace = new Map<string, ModelSpan[]>();
    for (const s of spans) byTrace.set(s.traceId, [...(byTrace.get(s.traceId) ?? []), s]);
    const root = (t: string): ModelSpan => byTrace.get(t)!.find((s) => s.parentId === '')!;
    const r1 = await search('{ trace:rootService = "api" && status = error }');
    const want1 = [...byTrace.keys()].filter((t) => root(t).service === 'api' && byTrace.get(t)!.some((s) => s.status === 2));
    expect(r1.traces.map((t) => t.traceId).sort()).toEqual(want1.sort());
    const r2 = await search('{ rootName = "query" }');
    expect(r2.traces.map((t) => t.traceId).sort()).toEqual([...byTrace.keys()].filter((t) => root(t).name === 'query').sort());
    const dur = (t: string): bigint => {
      const l = byTrace.get(t)!;
      const mn = l.reduce((m, s) => (s.start < m ? s.start : m), l[0].start);
      const mx = l.reduce((m, s) => (s.end > m ? s.end : m), l[0].end);
      return mx - mn;
    };
    const r3 = await search('{ traceDuration > 4ms }');
    expect(r3.traces.map((t) => t.traceId).sort()).toEqual([...byTrace.keys()].filter((t) => dur(t) > 4_000_000n).sort());
  });

  it('runs aggregate, by() and coalesce() pipelines', async () => {
    const byTrace = new Map<string, ModelSpan[]>();
    for (const sp of spans) byTrace.set(sp.traceId, [...(byTrace.get(sp.traceId) ?? []), sp]);
    const ids = (pred: (l: ModelSpan[]) => boolean): string[] => [...byTrace].filter(([, l]) => pred(l)).map(([t]) => t).sort();
    const got = async (q: string): Promise<string[]> => (await search(q)).traces.map((t) => t.traceId).sort();
    expect(await got('{ } | count() > 5')).toEqual(ids((l) => l.length > 5));
    expect(await got('{ status = error } | count() >= 2')).toEqual(ids((l) => l.filter((x) => x.status === 2).length >= 2));
    const dur = (x: ModelSpan): number => Number(x.end - x.start);
    expect(await got('{ } | avg(duration) > 2ms')).toEqual(ids((l) => l.reduce((a, x) => a + dur(x), 0) / l.length > 2e6));
    expect(await got('{ } | max(duration) <= 1ms')).toEqual(ids((l) => Math.max(...l.map(dur)) <= 1e6));
    const codes = (l: ModelSpan[]): number[] => l.flatMap((x) => (x.attrs.has('span.http.status_code') ? [Number(x.attrs.get('span.http.status_code'))] : []));
    expect(await got('{ } | min(span.http.status_code) >= 404')).toEqual(ids((l) => codes(l).length > 0 && Math.min(...codes(l)) >= 404));
    expect(await got('{ } | sum(span.http.status_code) = 0')).toEqual([]);

    const by = await search('{ } | by(resource.service.name)');
    for (const t of by.traces) {
      const l = byTrace.get(t.traceId)!;
      const services = [...new Set(l.map((x) => x.service))].sort();
      expect(t.spanSets.map((ss) => ss.attributes[0].value).sort()).toEqual(services);
      for (const ss of t.spanSets) {
        expect(ss.attributes[0].key).toBe('resource.service.name');
        expect(ss.matched).toBe(l.filter((x) => x.service === ss.attributes[0].value).length);
      }
    }
    const byCount = await search('{ } | by(resource.service.name) | count() > 1');
    for (const t of byCount.traces) for (const ss of t.spanSets) expect(ss.matched).toBeGreaterThan(1);
    expect(byCount.traces.map((t) => t.traceId).sort()).toEqual(
      ids((l) => [...new Set(l.map((x) => x.service))].some((svc) => l.filter((x) => x.service === svc).length > 1)),
    );
    const merged = await search('{ } | by(resource.service.name) | coalesce()');
    for (const t of merged.traces) {
      expect(t.spanSets).toHaveLength(1);
      expect(t.spanSets[0].matched).toBe(byTrace.get(t.traceId)!.length);
    }
  });

  it('merges per-file results like one file', async () => {
    // Spans of each trace split over two files.
    const a = spans.filter((_, i) => i % 2 === 0);
    const b = spans.filter((_, i) => i % 2 === 1);
    const fa = readerQuerySource(await BlockpackReader.open(await writeBlockpack([toOtlp(a)], { blockSpans: 32 })));
    const fb = readerQuerySource(await BlockpackReader.open(await writeBlockpack([toOtlp(b)], { blockSpans: 32 })));
    const opts = { limit: 100_000, spansPerSpanset: 100_000 };
    // Match-all queries: every file reports every trace it holds, so summaries merge exactly.
    // (With selective filters a file reports only its matching traces; the caller then looks
    // roots up across files.)
    for (const [q, summaries] of [['{ status = error }', false], ['{}', true], ['{ } | by(resource.service.name)', true]] as const) {
      const whole = await search(q);
      const merged = mergeSearchResults([await searchTraceQL(fa, q, opts), await searchTraceQL(fb, q, opts)], opts);
      const norm = (r: SearchResult) =>
        r.traces.map((t) => ({
          traceId: t.traceId,
          ...(summaries ? { root: [t.rootServiceName, t.rootTraceName], start: t.startTimeUnixNano, duration: t.durationNanos } : {}),
          spanSets: t.spanSets
            .map((ss) => ({ ...ss, spans: ss.spans.map((x) => x.spanId).sort() }))
            .sort((x, y) => (JSON.stringify(x.attributes) < JSON.stringify(y.attributes) ? -1 : 1)),
        })).sort((x, y) => (x.traceId < y.traceId ? -1 : 1));
      expect(norm(merged)).toEqual(norm(whole));
    }
    const capped = mergeSearchResults([await searchTraceQL(fa, '{}', opts), await searchTraceQL(fb, '{}', opts)], { limit: 3, spansPerSpanset: 2 });
    expect(capped.traces).toHaveLength(3);
    expect(capped.traces.every((t) => t.spanSets[0].spans.length <= 2)).toBe(true);
  });

  it('rejects bad options and unsupported trace-level use', async () => {
    await expect(searchTraceQL(source, '{}', { limit: 0 })).rejects.toThrow(BlockpackError);
    await expect(searchTraceQL(source, '{}', { startNs: 5n, endNs: 1n })).rejects.toThrow(BlockpackError);
    await expect(searchTraceQL(source, '{ rootName = "x" || .a = 1 }')).rejects.toMatchObject({ code: 'UNSUPPORTED_QUERY' });
    await expect(searchTraceQL(source, '{ .a = ')).rejects.toMatchObject({ code: 'INVALID_QUERY', offset: 7 });
  });
});
