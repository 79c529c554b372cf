import { BasicTracerProvider, BatchSpanProcessor, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { SpanKind, SpanStatusCode, context, trace as otelTrace } from '@opentelemetry/api';
import { legacyTagsToTraceQL, pb, silentLogger, startServer } from '../src/index.js';
import type { RunningServer } from '../src/index.js';
import { http, tempDir } from './helpers.js';

// Traces exported by the OpenTelemetry JS SDK are found through /api/search (TraceQL and legacy
// tags) and the tag endpoints, while in the head block and after completion to a backend block.

interface SearchBody {
  traces: {
    traceID: string;
    rootServiceName: string;
    rootTraceName?: string;
    startTimeUnixNano: string;
    durationMs?: number;
    spanSet: { spans: { spanID: string; attributes?: { key: string; value: Record<string, unknown> }[] }[]; matched: number };
    spanSets: { spans: { spanID: string }[]; matched: number }[];
    serviceStats: Record<string, { spanCount: number; errorCount?: number }>;
  }[];
  metrics: Record<string, unknown>;
}

describe('search and tags over SDK-exported traces', () => {
  let srv: RunningServer;
  let tmp: ReturnType<typeof tempDir>;
  let spans: ReadableSpan[];
  let traceId: string;
  const now = Math.floor(Date.now() / 1000);
  const win = `start=${now - 3600}&end=${now + 3600}`;

  beforeAll(async () => {
    tmp = tempDir();
    srv = await startServer({ dataDir: tmp.dir, port: 0, logger: silentLogger, cutCheckIntervalMs: 0 });
    const memory = new InMemorySpanExporter();
    const provider = new BasicTracerProvider({
      resource: resourceFromAttributes({ 'service.name': 'shop-search' }),
      spanProcessors: [new SimpleSpanProcessor(memory), new BatchSpanProcessor(new OTLPTraceExporter({ url: `${srv.url}/v1/traces` }))],
    });
    const tracer = provider.getTracer('search-test', '0.1.0');
    const root = tracer.startSpan('GET /search', { kind: SpanKind.SERVER, attributes: { label: 'Needle-In-Haystack', 'http.status_code': 200 } });
    const ctx = otelTrace.setSpan(context.active(), root);
    const child = tracer.startSpan('lookup', { kind: SpanKind.CLIENT, attributes: { 'db.system': 'blockpack' } }, ctx);
    child.setStatus({ code: SpanStatusCode.ERROR, message: 'timeout' });
    child.end();
    root.end();
    // A second, unrelated trace of another service.
    const other = provider.getTracer('other').startSpan('noise', { kind: SpanKind.INTERNAL, attributes: { label: 'hay' } });
    other.end();
    await provider.forceFlush();
    spans = [...memory.getFinishedSpans()];
    await provider.shutdown();
    traceId = root.spanContext().traceId;
  });
  afterAll(async () => {
    await srv.close();
    tmp.cleanup();
  });

  async function search(params: string): Promise<SearchBody> {
    const r = await http(`${srv.url}/api/search?${params}&${win}`);
    expect(r.status).toBe(200);
    return JSON.parse(r.text) as SearchBody;
  }

  const phases = ['head block', 'backend block'] as const;
  describe.each(phases)('in the %s', (phase) => {
    beforeAll(async () => {
      if (phase === 'backend block') {
        await srv.store.flush();
        expect((await srv.store.backend.blocks('single-tenant')).length).toBe(1);
      }
    });

    it('finds the trace by TraceQL with trace-level fields from the whole trace', async () => {
      const body = await search(`q=${encodeURIComponent('{ span.db.system = "blockpack" && status = error }')}`);
      expect(body.traces).toHaveLength(1);
      const t = body.traces[0]!;
      expect(t.traceID.padStart(32, '0')).toBe(traceId);
      expect(t.rootServiceName).toBe('shop-search');
      expect(t.rootTraceName).toBe('GET /search');
      const rootSpan = spans.find((s) => s.name === 'GET /search')!;
      expect(t.startTimeUnixNano).toBe((BigInt(rootSpan.startTime[0]) * 1_000_000_000n + BigInt(rootSpan.startTime[1])).toString());
      expect(t.spanSets).toHaveLength(1);
      expect(t.spanSets[0]!.matched).toBe(1);
      expect(t.spanSets[0]!.spans[0]!.spanID).toBe(spans.find((s) => s.name === 'lookup')!.spanContext().spanId);
      expect(t.spanSet).toEqual(t.spanSets[0]);
      expect(t.serviceStats).toEqual({ 'shop-search': { spanCount: 2, errorCount: 1 } });
      expect(body.metrics['totalBlocks']).toBe(1);
    });

    it('answers structural and unscoped queries, and {}', async () => {
      expect((await search(`q=${encodeURIComponent('{ kind = server } > { kind = client }')}`)).traces.map((t) => t.traceID.padStart(32, '0'))).toEqual([traceId]);
      expect((await search(`q=${encodeURIComponent('{ .label =~ "Needle.*" }')}`)).traces).toHaveLength(1);
      expect((await search(`q=${encodeURIComponent('{}')}&limit=10`)).traces).toHaveLength(2);
      expect((await search(`q=${encodeURIComponent('{ .label = "absent" }')}`)).traces).toHaveLength(0);
    });

    it('finds it by legacy tag search (case-insensitive literal substring)', async () => {
      const body = await search(`tags=${encodeURIComponent('label=needle-in')}`);
      expect(body.traces.map((t) => t.traceID.padStart(32, '0'))).toEqual([traceId]);
      // Regex metacharacters are literals here, never a pattern.
      expect((await search(`tags=${encodeURIComponent('label=.*')}`)).traces).toHaveLength(0);
      const both = await search(`tags=${encodeURIComponent('service.name=shop-search')}&maxDuration=1h`);
      expect(both.traces).toHaveLength(2);
      expect(both.traces.map((t) => t.spanSets[0]!.matched).sort()).toEqual([1, 2]);
      expect((await search(`tags=${encodeURIComponent('service.name=shop-search')}&minDuration=1h`)).traces).toHaveLength(0);
    });

    it('lists tag names (v2 scoped, v1 unscoped) and tag values', async () => {
      const v2 = JSON.parse((await http(`${srv.url}/api/v2/search/tags?${win}`)).text) as { scopes: { name: string; tags: string[] }[] };
      const byScope = Object.fromEntries(v2.scopes.map((s) => [s.name, s.tags]));
      expect(byScope['span']).toEqual(expect.arrayContaining(['db.system', 'http.status_code', 'label']));
      expect(byScope['resource']).toEqual(expect.arrayContaining(['service.name']));
      expect(byScope['intrinsic']).toEqual(expect.arrayContaining(['name', 'status', 'kind', 'duration']));
      for (const tags of Object.values(byScope)) for (const t of tags) expect(t.startsWith('otlp:')).toBe(false);
      const v1 = JSON.parse((await http(`${srv.url}/api/search/tags?${win}`)).text) as { tagNames: string[] };
      expect(v1.tagNames).toEqual(expect.arrayContaining(['db.system', 'service.name']));
      expect(v1.tagNames).not.toContain('name');

      const vals = JSON.parse((await http(`${srv.url}/api/v2/search/tag/resource.service.name/values?${win}`)).text) as { tagValues: { type: string; value: string }[] };
      expect(vals.tagValues).toContainEqual({ type: 'string', value: 'shop-search' });
      const codes = JSON.parse((await http(`${srv.url}/api/v2/search/tag/span.http.status_code/values?${win}`)).text) as { tagValues: { type: string; value: string }[] };
      expect(codes.tagValues).toEqual([{ type: 'int', value: '200' }]);
      // Grafana double-encodes the tag name; `q` narrows the values.
      const narrowed = JSON.parse(
        (await http(`${srv.url}/api/v2/search/tag/${encodeURIComponent(encodeURIComponent('.label'))}/values?q=${encodeURIComponent('{ kind = internal }')}&${win}`)).text,
      ) as { tagValues: { value: string }[] };
      expect(narrowed.tagValues.map((v) => v.value)).toEqual(['hay']);
      const status = JSON.parse((await http(`${srv.url}/api/v2/search/tag/status/values`)).text) as { tagValues: { type: string }[] };
      expect(status.tagValues.every((v) => v.type === 'keyword')).toBe(true);
      const v1vals = JSON.parse((await http(`${srv.url}/api/search/tag/label/values?${win}`)).text) as { tagValues: string[] };
      expect(v1vals.tagValues.sort()).toEqual(['Needle-In-Haystack', 'hay']);
      for (const intrinsic of ['name', 'duration', 'statusMessage', 'trace:id', 'event:name', 'rootServiceName']) {
        expect((await http(`${srv.url}/api/v2/search/tag/${intrinsic}/values?${win}`)).status).toBe(200);
      }
    });
  });

  it('answers search and tag endpoints in protobuf when Accept asks for it', async () => {
    const q = `q=${encodeURIComponent('{ span.db.system = "blockpack" }')}&${win}`;
    const json = JSON.parse((await http(`${srv.url}/api/search?${q}`)).text) as SearchBody;
    const r = await http(`${srv.url}/api/search?${q}`, { headers: { Accept: 'application/protobuf' } });
    expect(r.headers['content-type']).toBe('application/protobuf');
    const msg = pb.SearchResponse.toObject(pb.SearchResponse.decode(r.body), { longs: String }) as {
      traces: { traceID: string; rootServiceName: string; startTimeUnixNano: string; spanSets: { matched: number; spans: { spanID: string; attributes: { key: string }[] }[] }[]; serviceStats: Record<string, { spanCount: number }> }[];
    };
    expect(msg.traces).toHaveLength(1);
    const [a, b] = [msg.traces[0]!, json.traces[0]!];
    expect([a.traceID, a.rootServiceName, a.startTimeUnixNano]).toEqual([b.traceID, b.rootServiceName, b.startTimeUnixNano]);
    expect(a.spanSets[0]!.matched).toBe(b.spanSets[0]!.matched);
    expect(a.spanSets[0]!.spans[0]!.spanID).toBe(b.spanSets[0]!.spans[0]!.spanID);
    expect(a.serviceStats['shop-search']!.spanCount).toBe(2);
    const tags = pb.SearchTagsV2Response.decode((await http(`${srv.url}/api/v2/search/tags?${win}`, { headers: { Accept: 'application/protobuf' } })).body) as unknown as { scopes: { name: string; tags: string[] }[] };
    expect(tags.scopes.find((x) => x.name === 'resource')!.tags).toContain('service.name');
    const vals = pb.SearchTagValuesV2Response.decode(
      (await http(`${srv.url}/api/v2/search/tag/resource.service.name/values?${win}`, { headers: { Accept: 'application/protobuf' } })).body,
    ) as unknown as { tagValues: { type: string; value: string }[] };
    expect(vals.tagValues).toContainEqual(expect.objectContaining({ type: 'string', value: 'shop-search' }));
  });

  it('answers 400 to bad queries and parameters', async () => {
    expect((await http(`${srv.url}/api/search?q=${encodeURIComponent('{ span.x = }')}`)).status).toBe(400);
    expect((await http(`${srv.url}/api/search?q=${encodeURIComponent('{ resource.service.name = article }')}`)).status).toBe(400);
    expect((await http(`${srv.url}/api/search?q=${encodeURIComponent('{}')}&tags=a%3Db`)).status).toBe(400);
    expect((await http(`${srv.url}/api/search?limit=abc`)).status).toBe(400);
    expect((await http(`${srv.url}/api/v2/search/tags?scope=bogus`)).status).toBe(400);
    expect((await http(`${srv.url}/api/v2/search/tag/app.user.id/values`)).status).toBe(400);
    expect((await http(`${srv.url}/api/v2/search/tag/${encodeURIComponent('{}')}/values`)).status).toBe(400);
  });

  it('translates legacy tags to an escaped TraceQL filter', () => {
    expect(legacyTagsToTraceQL('')).toBe('{}');
    expect(legacyTagsToTraceQL('http.method=GET')).toBe('{ .http.method =~ ".*[gG][eE][tT].*" }');
    expect(legacyTagsToTraceQL('name="a b" x=1.5')).toBe('{ name =~ ".*[aA] [bB].*" && .x =~ ".*1\\\\.5.*" }');
    expect(() => legacyTagsToTraceQL('=oops')).toThrow(/invalid tags/);
  });
});
