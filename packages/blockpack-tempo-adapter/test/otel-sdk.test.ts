import { BasicTracerProvider, BatchSpanProcessor, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { OTLPTraceExporter as ProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { OTLPTraceExporter as JsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { SpanKind, SpanStatusCode, context, trace as otelTrace } from '@opentelemetry/api';
import { decodeTrace, pb, silentLogger, startServer, toHex } from '../src/index.js';
import type { AnyValue, RunningServer, Span, Trace } from '../src/index.js';
import { hrToNs, http, tempDir } from './helpers.js';

// End to end with the real OpenTelemetry JS SDK: spans exported over OTLP/HTTP (protobuf and JSON)
// to a server on 127.0.0.1, then fetched back through the Tempo API and compared field by field.

function attrValue(v: AnyValue): unknown {
  if ('stringValue' in v) return v.stringValue;
  if ('boolValue' in v) return v.boolValue;
  if ('intValue' in v) return Number(v.intValue);
  if ('doubleValue' in v) return v.doubleValue;
  if ('arrayValue' in v) return v.arrayValue.values.map(attrValue);
  return undefined;
}

function attrsToObject(list: readonly { key: string; value: AnyValue }[]): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const kv of list) o[kv.key] = attrValue(kv.value);
  return o;
}

interface Located {
  span: Span;
  resource: Record<string, unknown>;
  scopeName: string;
  scopeVersion: string;
}

function locate(t: Trace): Map<string, Located> {
  const m = new Map<string, Located>();
  for (const rs of t.resourceSpans) for (const ss of rs.scopeSpans) for (const span of ss.spans) m.set(toHex(span.spanId), { span, resource: attrsToObject(rs.resource.attributes), scopeName: ss.scope.name, scopeVersion: ss.scope.version });
  return m;
}

function expectSameSpan(sdk: ReadableSpan, got: Located): void {
  const ctx = sdk.spanContext();
  const s = got.span;
  expect(toHex(s.traceId)).toBe(ctx.traceId);
  expect(toHex(s.spanId)).toBe(ctx.spanId);
  expect(toHex(s.parentSpanId)).toBe(sdk.parentSpanContext?.spanId ?? '');
  expect(s.name).toBe(sdk.name);
  expect(s.kind).toBe(sdk.kind + 1); // SDK enum is OTLP − 1
  expect(s.startTimeUnixNano).toBe(hrToNs(sdk.startTime));
  expect(s.endTimeUnixNano).toBe(hrToNs(sdk.endTime));
  expect(attrsToObject(s.attributes)).toEqual(sdk.attributes);
  expect(s.status.code).toBe(sdk.status.code);
  expect(s.status.message).toBe(sdk.status.message ?? '');
  expect(s.traceState).toBe(ctx.traceState?.serialize() ?? '');
  expect(s.events.map((e) => ({ name: e.name, time: e.timeUnixNano, attributes: attrsToObject(e.attributes) }))).toEqual(
    sdk.events.map((e) => ({ name: e.name, time: hrToNs(e.time), attributes: e.attributes ?? {} })),
  );
  expect(s.links.map((l) => ({ traceId: toHex(l.traceId), spanId: toHex(l.spanId), attributes: attrsToObject(l.attributes) }))).toEqual(
    sdk.links.map((l) => ({ traceId: l.context.traceId, spanId: l.context.spanId, attributes: l.attributes ?? {} })),
  );
  expect(s.droppedAttributesCount).toBe(sdk.droppedAttributesCount);
  expect(got.resource).toEqual(sdk.resource.attributes);
  expect(got.scopeName).toBe(sdk.instrumentationScope.name);
  expect(got.scopeVersion).toBe(sdk.instrumentationScope.version ?? '');
}

/** Creates a small trace: a server root, a client child with an event, an error child with a link. */
function makeTrace(provider: BasicTracerProvider, label: string): void {
  const tracer = provider.getTracer(`scope-${label}`, '1.2.3');
  const root = tracer.startSpan(`GET /checkout/${label}`, { kind: SpanKind.SERVER, attributes: { 'http.method': 'GET', 'http.status_code': 200, label, ratio: 0.25, ok: true, tags: ['a', 'b'] } });
  const ctx = otelTrace.setSpan(context.active(), root);
  const child = tracer.startSpan('charge', { kind: SpanKind.CLIENT, attributes: { 'peer.service': 'payments' } }, ctx);
  child.addEvent('retry', { attempt: 2 });
  child.end();
  const failing = tracer.startSpan('db.query', { kind: SpanKind.INTERNAL, links: [{ context: child.spanContext(), attributes: { why: 'follows' } }] }, ctx);
  failing.setStatus({ code: SpanStatusCode.ERROR, message: 'boom' });
  failing.end();
  root.setStatus({ code: SpanStatusCode.OK });
  root.end();
}

describe('OpenTelemetry JS SDK → server → Tempo API', () => {
  let srv: RunningServer;
  let tmp: ReturnType<typeof tempDir>;

  beforeAll(async () => {
    tmp = tempDir();
    srv = await startServer({ dataDir: tmp.dir, port: 0, logger: silentLogger, cutCheckIntervalMs: 0 });
  });
  afterAll(async () => {
    await srv.close();
    tmp.cleanup();
  });

  async function exportWith(kind: 'proto' | 'json', label: string, headers: Record<string, string> = {}): Promise<ReadableSpan[]> {
    const memory = new InMemorySpanExporter();
    const exporter = kind === 'proto' ? new ProtoExporter({ url: `${srv.url}/v1/traces`, headers }) : new JsonExporter({ url: `${srv.url}/v1/traces`, headers });
    const provider = new BasicTracerProvider({
      resource: resourceFromAttributes({ 'service.name': `shop-${label}`, 'deployment.environment': 'test' }),
      spanProcessors: [new SimpleSpanProcessor(memory), new BatchSpanProcessor(exporter)],
    });
    makeTrace(provider, label);
    await provider.forceFlush();
    const spans = [...memory.getFinishedSpans()];
    await provider.shutdown();
    return spans;
  }

  it.each(['proto', 'json'] as const)('round-trips every field of spans exported over OTLP/%s', async (kind) => {
    const spans = await exportWith(kind, kind);
    expect(spans).toHaveLength(3);
    const traceId = spans[0]!.spanContext().traceId;

    // v2 protobuf, as Grafana asks.
    const r = await http(`${srv.url}/api/v2/traces/${traceId}`, { headers: { Accept: 'application/protobuf' } });
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('application/protobuf');
    const resp = pb.TraceByIDResponse.decode(r.body) as unknown as { trace: Uint8Array };
    const got = locate(decodeTrace(resp.trace));
    expect(got.size).toBe(3);
    for (const s of spans) expectSameSpan(s, got.get(s.spanContext().spanId)!);

    // v1 protobuf is a bare tempopb.Trace.
    const v1 = await http(`${srv.url}/api/traces/${traceId}`, { headers: { Accept: 'application/protobuf' } });
    expect(v1.status).toBe(200);
    const gotV1 = locate(decodeTrace(v1.body));
    for (const s of spans) expectSameSpan(s, gotV1.get(s.spanContext().spanId)!);
  });

  it('keeps every field after the head block is completed to a backend blockpack block', async () => {
    const spans = await exportWith('proto', 'completed');
    const traceId = spans[0]!.spanContext().traceId;
    await srv.store.flush();
    expect(srv.store.wal.blocksOf('single-tenant')).toHaveLength(0);
    expect((await srv.store.backend.blocks('single-tenant')).length).toBeGreaterThan(0);
    const r = await http(`${srv.url}/api/v2/traces/${traceId}`, { headers: { Accept: 'application/protobuf' } });
    const resp = pb.TraceByIDResponse.decode(r.body) as unknown as { trace: Uint8Array; metrics: { inspectedBytes: { low: number } } };
    const got = locate(decodeTrace(resp.trace));
    expect(got.size).toBe(3);
    for (const s of spans) expectSameSpan(s, got.get(s.spanContext().spanId)!);
    expect(resp.metrics.inspectedBytes.low).toBeGreaterThan(0);
  });

  it('answers v2 JSON in Tempo protobuf-JSON dialect and v1 JSON with "batches"', async () => {
    const spans = await exportWith('proto', 'jsonview');
    const traceId = spans[0]!.spanContext().traceId;
    const r = await http(`${srv.url}/api/v2/traces/${traceId}`);
    expect(r.status).toBe(200);
    const body = JSON.parse(r.text);
    const rs = body.trace.resourceSpans;
    expect(rs).toHaveLength(1);
    const jsonSpans = rs[0].scopeSpans.flatMap((ss: { spans: unknown[] }) => ss.spans);
    expect(jsonSpans).toHaveLength(3);
    const root = jsonSpans.find((s: { parentSpanId?: string }) => s.parentSpanId === undefined);
    expect(Buffer.from(root.traceId, 'base64').toString('hex')).toBe(traceId);
    expect(root.kind).toBe('SPAN_KIND_SERVER');
    expect(root.status).toEqual({ code: 'STATUS_CODE_OK' });
    expect(typeof root.startTimeUnixNano).toBe('string');
    expect(root.attributes).toContainEqual({ key: 'http.status_code', value: { intValue: '200' } });
    expect(rs[0].scopeSpans[0].scope).toEqual({ name: 'scope-jsonview', version: '1.2.3' });

    const v1 = await http(`${srv.url}/api/traces/${traceId}`);
    expect(v1.status).toBe(200);
    expect(JSON.parse(v1.text).batches).toHaveLength(1);
  });

  it('follows Tempo not-found rules: v2 → 200 with an empty trace, v1 → 404', async () => {
    const missing = 'abcdef0123456789abcdef0123456789';
    const v2 = await http(`${srv.url}/api/v2/traces/${missing}`, { headers: { Accept: 'application/protobuf' } });
    expect(v2.status).toBe(200);
    // Field 1 (trace) present with zero length: 0x0a 0x00.
    expect(v2.body.subarray(0, 2)).toEqual(Buffer.from([0x0a, 0x00]));
    const v2json = await http(`${srv.url}/api/v2/traces/${missing}`);
    expect(JSON.parse(v2json.text).trace).toEqual({});
    const v1 = await http(`${srv.url}/api/traces/${missing}`);
    expect(v1.status).toBe(404);
  });

  it('keeps tenants apart', async () => {
    const spans = await exportWith('proto', 'tenant-a', { 'X-Scope-OrgID': 'tenant-a' });
    const traceId = spans[0]!.spanContext().traceId;
    const own = await http(`${srv.url}/api/traces/${traceId}`, { headers: { 'X-Scope-OrgID': 'tenant-a' } });
    expect(own.status).toBe(200);
    const other = await http(`${srv.url}/api/traces/${traceId}`, { headers: { 'X-Scope-OrgID': 'tenant-b' } });
    expect(other.status).toBe(404);
    const dflt = await http(`${srv.url}/api/traces/${traceId}`);
    expect(dflt.status).toBe(404);
    // Search and tags are per tenant too.
    const q = `/api/search?q=${encodeURIComponent('{ resource.service.name = "shop-tenant-a" }')}`;
    expect(JSON.parse((await http(`${srv.url}${q}`, { headers: { 'X-Scope-OrgID': 'tenant-a' } })).text).traces).toHaveLength(1);
    expect(JSON.parse((await http(`${srv.url}${q}`, { headers: { 'X-Scope-OrgID': 'tenant-b' } })).text).traces).toHaveLength(0);
    const values = (tenant: string) => http(`${srv.url}/api/v2/search/tag/resource.service.name/values`, { headers: { 'X-Scope-OrgID': tenant } });
    expect(JSON.parse((await values('tenant-a')).text).tagValues).toEqual([{ type: 'string', value: 'shop-tenant-a' }]);
    expect(JSON.parse((await values('tenant-b')).text).tagValues).toEqual([]);
  });
});
