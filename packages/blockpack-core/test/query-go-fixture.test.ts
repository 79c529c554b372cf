/**
 * Search over the Go-written fixture (Go's own range index, KLL buckets and encodings), checked
 * against the naive filter over the OTLP input Go was given.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BlockpackReader } from '../src/reader/reader.js';
import { decodeOtlpProtobuf } from '../src/otlp/normalize.js';
import { toHex } from '../src/shared/bytes.js';
import { readerQuerySource } from '../src/query/source.js';
import type { QuerySource } from '../src/query/source.js';
import { searchTraceQL } from '../src/query/search.js';
import { searchTagValues } from '../src/query/tags.js';
import { parseTraceQL } from '../src/query/traceql/parser.js';
import { naiveSearch } from './query-fixtures.js';
import type { ModelSpan, ModelValue } from './query-fixtures.js';

/** Attributes Go does not keep as typed columns (arrays, a name with two types) or that are bytes. */
const SKIP = new Set(['tags', 'mixed', 'blob.url', 'peer.id']);

let spans: ModelSpan[];
let source: QuerySource;

beforeAll(async () => {
  const dir = join(__dirname, 'fixtures');
  source = readerQuerySource(await BlockpackReader.open(new Uint8Array(readFileSync(join(dir, 'go-written.blockpack')))));
  const input = decodeOtlpProtobuf(new Uint8Array(readFileSync(join(dir, 'go-written-input.pb'))));
  spans = [];
  for (const rs of input.resourceSpans) {
    for (const ss of rs.scopeSpans) {
      for (const s of ss.spans) {
        const attrs = new Map<string, ModelValue>();
        const put = (prefix: string, list: typeof s.attributes): void => {
          for (const kv of list) {
            if (SKIP.has(kv.key)) continue;
            const v = kv.value;
            if ('stringValue' in v) attrs.set(prefix + kv.key, v.stringValue);
            else if ('intValue' in v) attrs.set(prefix + kv.key, v.intValue);
            else if ('doubleValue' in v) attrs.set(prefix + kv.key, v.doubleValue);
            else if ('boolValue' in v) attrs.set(prefix + kv.key, v.boolValue);
          }
        };
        put('resource.', rs.resource.attributes);
        put('span.', s.attributes);
        put('scope.', ss.scope.attributes);
        spans.push({
          traceId: toHex(s.traceId),
          spanId: toHex(s.spanId),
          parentId: toHex(s.parentSpanId),
          name: s.name,
          kind: s.kind,
          status: s.status.code,
          statusMessage: s.status.message,
          start: s.startTimeUnixNano,
          end: s.endTimeUnixNano,
          service: String(attrs.get('resource.service.name') ?? ''),
          attrs,
        });
      }
    }
  }
});

const QUERIES = [
  '{}',
  '{ resource.service.name = "frontend" }',
  '{ resource.service.name = "auth" || resource.service.name = "search" }',
  '{ resource.service.name > "f" }',
  '{ resource.service.name = "zzz" }',
  '{ resource.service.name = "a" }',
  '{ span.http.method = "POST" && span.http.status_code = 500 }',
  '{ span.http.status_code >= 404 }',
  '{ span.http.status_code < 200 }',
  '{ span.http.status_code = 201 }',
  '{ span.http.response_content_length > 50000 }',
  '{ span.http.response_content_length <= 3270 }',
  '{ span.http.route =~ "/frontend/.*" }',
  '{ span.http.url =~ "https://auth\\\\..*" }',
  '{ .user.id = "user-2825" }',
  '{ span.session_id = "9e3779b1-0001-4007-800d-000000610001" }',
  '{ span.session_id =~ "9e37.*" }',
  '{ span.sampling.ratio = 0.25 }',
  '{ span.sampling.ratio > 0.3 }',
  '{ span.cache.hit = true }',
  '{ span.cache.hit != true }',
  '{ span.db.system = "redis" && resource.cloud.region = "eu-west-1" }',
  '{ resource.telemetry.sdk.language = "nodejs" }',
  '{ resource.telemetry.sdk.language = "go" }',
  '{ status = error }',
  '{ status != error && kind = server }',
  '{ kind = client }',
  '{ duration > 10ms }',
  '{ duration < 100us }',
  '{ name =~ ".*orders.*" }',
  '{ statusMessage != nil }',
  '{ span:parentID = nil }',
  '{ resource.service.name = "frontend" } >> { status = error }',
  '{ kind = server } > { kind = client }',
  '{ span.db.system = "redis" } && { span.http.status_code = 404 }',
  '{ span.db.system != nil } ~ { span.db.system != nil }',
];

describe('search over a Go-written file', () => {
  let nonEmpty = 0;
  afterAll(() => {
    // The list must exercise matches, not only empty results.
    expect(nonEmpty).toBeGreaterThan(25);
  });
  it.each(QUERIES)('%s', async (q) => {
    const r = await searchTraceQL(source, q, { limit: 100_000, spansPerSpanset: 100_000 });
    const got = new Map(r.traces.map((t) => [t.traceId, new Set(t.spanSets[0].spans.map((s) => s.spanId))]));
    expect(got).toEqual(naiveSearch(spans, parseTraceQL(q)));
    if (got.size > 0) nonEmpty++;
  });

  it('reads the UUID and Go-encoded columns for tag values', async () => {
    const ids = await searchTagValues(source, 'span.session_id', { limit: 10_000 });
    expect(ids.length).toBe(new Set(spans.map((s) => s.attrs.get('span.session_id'))).size);
    expect(ids.every((v) => v.type === 'string' && /^[0-9a-f-]{36}$/.test(v.value))).toBe(true);
  });
});
