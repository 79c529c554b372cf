import { BlockpackReader } from '../src/reader/reader.js';
import { writeBlockpack } from '../src/writer/writer.js';
import { readerQuerySource } from '../src/query/source.js';
import type { QuerySource } from '../src/query/source.js';
import { formatGoDuration, searchTagNames, searchTagValues, INTRINSIC_TAGS } from '../src/query/tags.js';
import { parseTraceQL } from '../src/query/traceql/parser.js';
import { BlockpackError } from '../src/shared/errors.js';
import { makeSpans, naiveMatch, toOtlp, BASE_NS } from './query-fixtures.js';
import type { ModelSpan, ModelValue } from './query-fixtures.js';

let spans: ModelSpan[];
let source: QuerySource;

beforeAll(async () => {
  spans = makeSpans(3, 80);
  const chunks: object[] = [];
  for (let i = 0; i < spans.length; i += 20) chunks.push(toOtlp(spans.slice(i, i + 20)));
  source = readerQuerySource(await BlockpackReader.open(await writeBlockpack(chunks, { blockSpans: 10, batchSpans: 20 })));
});

function expectedNames(prefix: string, pred: (s: ModelSpan) => boolean = () => true): string[] {
  const out = new Set<string>();
  for (const s of spans) if (pred(s)) for (const k of s.attrs.keys()) if (k.startsWith(prefix)) out.add(k.slice(prefix.length));
  return [...out].sort();
}

function render(v: ModelValue): { type: string; value: string } {
  if (typeof v === 'string') return { type: 'string', value: v };
  if (typeof v === 'bigint') return { type: 'int', value: v.toString() };
  if (typeof v === 'number') return { type: 'float', value: String(v) };
  return { type: 'bool', value: String(v) };
}

function expectedValues(keys: string[], pred: (s: ModelSpan) => boolean = () => true): string[] {
  const out = new Set<string>();
  for (const s of spans) {
    if (!pred(s)) continue;
    for (const k of keys) {
      const v = s.attrs.get(k);
      if (v !== undefined) out.add(JSON.stringify(render(v)));
    }
  }
  return [...out].sort();
}

const asSet = (vs: readonly { type: string; value: string }[]): string[] => vs.map((v) => JSON.stringify({ type: v.type, value: v.value })).sort();

describe('tag names', () => {
  it('lists span, resource and instrumentation attributes and the intrinsic list', async () => {
    const names = await searchTagNames(source);
    expect(names.span).toEqual(expectedNames('span.'));
    expect(names.resource).toEqual(expectedNames('resource.'));
    expect(names.instrumentation).toEqual(expectedNames('scope.'));
    expect(names.intrinsic).toEqual([...INTRINSIC_TAGS].sort());
    expect(names.span).toContain('flag'); // Bool columns are not in the range index: found in directories
    expect(names.span.every((n) => !n.includes(':'))).toBe(true);
  });

  it('restricts to spans matching a filter, per scope and with a limit', async () => {
    const q = '{ span.http.status_code = 500 && span.flag = true }';
    const root = parseTraceQL(q).root;
    if (root.type !== 'filter') throw new Error('filter expected');
    const pred = (s: ModelSpan): boolean => naiveMatch(root.expr, s);
    const names = await searchTagNames(source, { query: q, scopes: ['span'] });
    expect(names.span).toEqual(expectedNames('span.', pred));
    expect(names.resource).toEqual([]);
    expect(names.intrinsic).toEqual([]);
    const limited = await searchTagNames(source, { limit: 2 });
    expect(limited.span).toHaveLength(2);
    expect(limited.intrinsic).toHaveLength(2);
  });

  it('honours the time window', async () => {
    const none = await searchTagNames(source, { startNs: 1n, endNs: 2n, scopes: ['span', 'resource'] });
    expect(none).toEqual({ span: [], resource: [], instrumentation: [], intrinsic: [] });
  });
});

describe('tag values', () => {
  it('returns typed, deduplicated values for scoped and unscoped tags', async () => {
    expect(asSet(await searchTagValues(source, 'resource.service.name'))).toEqual(expectedValues(['resource.service.name']));
    expect(asSet(await searchTagValues(source, 'span.http.status_code'))).toEqual(expectedValues(['span.http.status_code']));
    expect(asSet(await searchTagValues(source, 'span.multi'))).toEqual(expectedValues(['span.multi']));
    expect(asSet(await searchTagValues(source, 'span.flag'))).toEqual(expectedValues(['span.flag']));
    expect(asSet(await searchTagValues(source, 'span.ratio'))).toEqual(expectedValues(['span.ratio']));
    expect(asSet(await searchTagValues(source, '.env'))).toEqual(expectedValues(['span.env', 'resource.env']));
    expect(asSet(await searchTagValues(source, 'span.nothing'))).toEqual([]);
  });

  it('returns intrinsic values', async () => {
    const names = await searchTagValues(source, 'name');
    expect(asSet(names)).toEqual([...new Set(spans.map((s) => JSON.stringify({ type: 'string', value: s.name })))].sort());
    expect(await searchTagValues(source, 'status')).toEqual([
      { type: 'keyword', value: 'error' }, { type: 'keyword', value: 'ok' }, { type: 'keyword', value: 'unset' },
    ]);
    expect((await searchTagValues(source, 'kind')).map((v) => v.value)).toEqual(['unspecified', 'internal', 'server', 'client', 'producer', 'consumer']);
    const durs = await searchTagValues(source, 'duration');
    expect(durs.every((d) => d.type === 'duration')).toBe(true);
    expect(asSet(durs)).toEqual([...new Set(spans.map((s) => JSON.stringify({ type: 'duration', value: formatGoDuration(s.end - s.start) })))].sort());
    const roots = await searchTagValues(source, 'rootServiceName');
    expect(roots.map((v) => v.value).sort()).toEqual([...new Set(spans.filter((s) => s.parentId === '').map((s) => s.service))].sort());
    expect((await searchTagValues(source, 'span:name')).length).toBe(names.length);
  });

  it('filters by query, limits and the time window', async () => {
    const q = '{ resource.service.name = "api" }';
    const pred = (s: ModelSpan): boolean => s.service === 'api';
    expect(asSet(await searchTagValues(source, 'span.user', { query: q }))).toEqual(expectedValues(['span.user'], pred));
    expect(await searchTagValues(source, 'resource.service.name', { limit: 2 })).toHaveLength(2);
    const startNs = BASE_NS + 10n * 1_000_000_000n;
    const endNs = BASE_NS + 20n * 1_000_000_000n;
    const inWin = (s: ModelSpan): boolean => s.start >= startNs && s.start <= endNs;
    expect(asSet(await searchTagValues(source, 'span.user', { query: '{ span.user != nil }', startNs, endNs }))).toEqual(expectedValues(['span.user'], inWin));
  });

  it('rejects a bad tag or query', async () => {
    await expect(searchTagValues(source, 'span.a = 1')).rejects.toThrow(BlockpackError);
    await expect(searchTagValues(source, '')).rejects.toThrow(BlockpackError);
    await expect(searchTagNames(source, { query: '{ .a = ' })).rejects.toMatchObject({ code: 'INVALID_QUERY' });
    await expect(searchTagNames(source, { limit: -1 })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  it('formats durations like Go', () => {
    expect(formatGoDuration(0n)).toBe('0s');
    expect(formatGoDuration(150n)).toBe('150ns');
    expect(formatGoDuration(1500n)).toBe('1.5µs');
    expect(formatGoDuration(250_000_000n)).toBe('250ms');
    expect(formatGoDuration(1_500_000_000n)).toBe('1.5s');
    expect(formatGoDuration(90_000_000_000n)).toBe('1m30s');
    expect(formatGoDuration(7_200_000_000_000n)).toBe('2h0m0s');
    expect(formatGoDuration(-2_000_000n)).toBe('-2ms');
  });
});
