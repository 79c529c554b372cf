import fc from 'fast-check';
import type { Block } from '../src/reader/block.js';
import { BlockpackReader } from '../src/reader/reader.js';
import { writeBlockpack } from '../src/writer/writer.js';
import { readerQuerySource } from '../src/query/source.js';
import type { QuerySource } from '../src/query/source.js';
import { searchTraceQL } from '../src/query/search.js';
import { parseTraceQL } from '../src/query/traceql/parser.js';
import { makeSpans, naiveSearch, toOtlp } from './query-fixtures.js';
import type { ModelSpan } from './query-fixtures.js';

const STRINGS = ['"alice"', '"bob"', '"Bob"', '""', '"prod"', '"dev"', '"api"', '"db"', '"GET /"', '"query"', '"zzz"', '"b"'];
const REGEXES = ['"b.*"', '".*o.*"', '"alice|carol"', '"(?i)bob"', '"[a-c].*"', '"GET.*"', '""'];
const INTS = ['200', '404', '500', '503', '0', '-1', '3'];
const FLOATS = ['0.5', '1.25', '100.0', '-3.0', '0.1', '3.5', '200.0'];
const DURATIONS = ['1ms', '2ms', '3500us', '0ns', '10ms'];

const stringFields = ['span.user', 'resource.service.name', '.env', 'span.env', 'resource.env', 'name', 'statusMessage', 'span.multi', '.user'];
const numberFields = ['span.http.status_code', 'span.ratio', 'span.multi', '.http.status_code', 'span.big'];
const anyFields = [...stringFields, ...numberFields, 'span.flag', 'span.nothing', 'span:parentID'];

const oneOf = <T>(xs: readonly T[]): fc.Arbitrary<T> => fc.constantFrom(...xs);

const leaf: fc.Arbitrary<string> = fc.oneof(
  fc.tuple(oneOf(stringFields), oneOf(['=', '!=', '>', '<=']), oneOf(STRINGS)).map(([f, o, v]) => `${f} ${o} ${v}`),
  fc.tuple(oneOf(stringFields), oneOf(['=~', '!~']), oneOf(REGEXES)).map(([f, o, v]) => `${f} ${o} ${v}`),
  fc.tuple(oneOf(numberFields), oneOf(['=', '!=', '>', '>=', '<', '<=']), oneOf([...INTS, ...FLOATS])).map(([f, o, v]) => `${f} ${o} ${v}`),
  fc.tuple(oneOf(['span.flag', '.flag']), oneOf(['=', '!=']), oneOf(['true', 'false'])).map(([f, o, v]) => `${f} ${o} ${v}`),
  fc.tuple(oneOf(['status', 'span:status']), oneOf(['=', '!=']), oneOf(['ok', 'error', 'unset'])).map(([f, o, v]) => `${f} ${o} ${v}`),
  fc.tuple(oneOf(['kind', 'span:kind']), oneOf(['=', '!=']), oneOf(['server', 'client', 'internal', 'producer', 'consumer', 'unspecified'])).map(([f, o, v]) => `${f} ${o} ${v}`),
  fc.tuple(oneOf(['duration', 'span:duration']), oneOf(['>', '>=', '<', '<=', '=', '!=']), oneOf(DURATIONS)).map(([f, o, v]) => `${f} ${o} ${v}`),
  fc.tuple(oneOf(anyFields), oneOf(['= nil', '!= nil', ''])).map(([f, o]) => `${f} ${o}`.trim()),
  oneOf(['true', 'false']),
);

const fieldExpr: fc.Arbitrary<string> = fc.letrec<{ e: string }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.tuple(tie('e'), oneOf(['&&', '||']), tie('e')).map(([a, o, b]) => `${a} ${o} ${b}`),
    tie('e').map((a) => `(${a})`),
    tie('e').map((a) => `!(${a})`),
  ),
})).e;

const filter = fieldExpr.map((e) => `{ ${e} }`);
const query: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: filter },
  { weight: 2, arbitrary: fc.tuple(filter, oneOf(['&&', '||']), filter).map(([a, o, b]) => `${a} ${o} ${b}`) },
  { weight: 2, arbitrary: fc.tuple(filter, oneOf(['>', '<', '~', '>>', '<<', '!>', '!<', '!~', '!>>', '!<<']), filter).map(([a, o, b]) => `${a} ${o} ${b}`) },
  { weight: 1, arbitrary: fc.tuple(filter, oneOf(['&&', '||']), filter, oneOf(['&&', '||']), filter).map(([a, o, b, p, c]) => `(${a} ${o} ${b}) ${p} ${c}`) },
);

async function corpus(seed: number, traces: number, blockSpans: number): Promise<{ spans: ModelSpan[]; source: QuerySource }> {
  const spans = makeSpans(seed, traces);
  const base = readerQuerySource(await BlockpackReader.open(await writeBlockpack([toOtlp(spans)], { blockSpans })));
  const parsed = new Map<number, Promise<Block>>();
  return { spans, source: { ...base, readBlock: (b) => parsed.get(b) ?? parsed.set(b, base.readBlock(b)).get(b)! } };
}

describe('search agrees with a naive in-memory filter', () => {
  for (const [seed, traces, blockSpans] of [[11, 60, 12], [12, 40, 64]] as const) {
    it(`on corpus seed ${seed} (${traces} traces, ${blockSpans} spans per block)`, async () => {
      const { spans, source } = await corpus(seed, traces, blockSpans);
      let nonEmpty = 0;
      let partial = 0;
      await fc.assert(
        fc.asyncProperty(query, async (q) => {
          const res = await searchTraceQL(source, q, { limit: 1_000_000, spansPerSpanset: 1_000_000 });
          const got = new Map(res.traces.map((t) => [t.traceId, new Set(t.spanSets[0].spans.map((s) => s.spanId))]));
          expect(got).toEqual(naiveSearch(spans, parseTraceQL(q)));
          if (got.size > 0) nonEmpty++;
          if (got.size > 0 && got.size < traces) partial++;
        }),
        { seed: seed * 1000 + 7, numRuns: 150 },
      );
      // The generated queries must discriminate, not just match everything or nothing.
      expect(nonEmpty).toBeGreaterThan(50);
      expect(partial).toBeGreaterThan(30);
    });
  }
});
