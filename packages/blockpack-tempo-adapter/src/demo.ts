import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeTrace } from './convert/otlp-proto.js';
import { toHex } from './convert/ids.js';
import type { Span, Trace } from './convert/model.js';
import { startServer } from './http/server.js';
import { silentLogger } from './store/logger.js';

export interface DemoOptions {
  /** Traces to write. Default 50. */
  readonly traces?: number;
  /** Seed of the generated ids and values. Default 1. */
  readonly seed?: number;
  /** Data folder; a temporary one (removed afterwards) when omitted. */
  readonly dataDir?: string;
}

export interface DemoResult {
  readonly tracesWritten: number;
  readonly spansWritten: number;
  /** The trace looked up through GET /api/v2/traces/{id}, and how many spans came back. */
  readonly lookup: { readonly traceId: string; readonly spans: number };
  /** The TraceQL search run through GET /api/search, and the trace ids it returned. */
  readonly search: { readonly query: string; readonly traceIds: readonly string[] };
  /** Backend blocks written (the head block is completed before the queries). */
  readonly blocks: number;
}

function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 0x1_0000_0000;
  };
}

/** Seeded traces: a `frontend` root with `checkout` and `payments` children; every 5th trace fails. */
export function seededTraces(count: number, seed = 1, baseTimeNs = 1_760_000_000_000_000_000n): Trace[] {
  const r = rng(seed);
  const id = (n: number) => {
    const b = new Uint8Array(n);
    for (let i = 0; i < n; i++) b[i] = Math.floor(r() * 256);
    b[0] |= 1;
    return b;
  };
  const out: Trace[] = [];
  for (let t = 0; t < count; t++) {
    const traceId = id(16);
    const start = baseTimeNs + BigInt(t) * 1_000_000_000n;
    const failed = t % 5 === 4;
    const mk = (name: string, parent: Uint8Array, kind: number, offsetMs: number, durMs: number, attrs: Span['attributes'], error = false): Span => ({
      traceId,
      spanId: id(8),
      traceState: '',
      parentSpanId: parent,
      flags: 1,
      name,
      kind,
      startTimeUnixNano: start + BigInt(offsetMs) * 1_000_000n,
      endTimeUnixNano: start + BigInt(offsetMs + durMs) * 1_000_000n,
      attributes: attrs,
      droppedAttributesCount: 0,
      events: [],
      droppedEventsCount: 0,
      links: [],
      droppedLinksCount: 0,
      status: { code: error ? 2 : 0, message: error ? 'card declined' : '' },
    });
    const root = mk('GET /checkout', new Uint8Array(0), 2, 0, 120 + Math.floor(r() * 200), [
      { key: 'http.method', value: { stringValue: 'GET' } },
      { key: 'http.status_code', value: { intValue: failed ? 500n : 200n } },
    ]);
    const checkout = mk('PlaceOrder', root.spanId, 3, 5, 80, [{ key: 'order.items', value: { intValue: BigInt(1 + Math.floor(r() * 5)) } }]);
    const pay = mk('Charge', checkout.spanId, 3, 20, 40, [{ key: 'payment.amount', value: { doubleValue: Math.round(r() * 10000) / 100 } }], failed);
    const res = (service: string, spans: Span[]) => ({
      resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }], droppedAttributesCount: 0 },
      schemaUrl: '',
      scopeSpans: [{ scope: { name: 'demo', version: '1.0.0', attributes: [], droppedAttributesCount: 0 }, spans, schemaUrl: '' }],
    });
    out.push({ resourceSpans: [res('frontend', [root]), res('checkout', [checkout]), res('payments', [pay])] });
  }
  return out;
}

/**
 * The root demo: starts the server on 127.0.0.1 (port 0), posts seeded traces over OTLP/HTTP,
 * completes them to a backend block, looks one trace up and runs one TraceQL search through the
 * Tempo HTTP API, then stops the server.
 */
export async function runTempoDemo(options: DemoOptions = {}): Promise<DemoResult> {
  const count = options.traces ?? 50;
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'blockpack-tempo-demo-')));
  const srv = await startServer({ dataDir, port: 0, logger: silentLogger, cutCheckIntervalMs: 0, completeOnClose: false });
  try {
    const traces = seededTraces(count, options.seed ?? 1);
    let spans = 0;
    for (const t of traces) {
      const res = await fetch(`${srv.url}/v1/traces`, { method: 'POST', headers: { 'Content-Type': 'application/x-protobuf' }, body: encodeTrace(t) });
      if (res.status !== 200) throw new Error(`ingest failed: ${res.status} ${await res.text()}`);
      spans += 3;
    }
    await srv.store.flush();
    const traceId = toHex(traces[Math.floor(count / 2)]!.resourceSpans[0]!.scopeSpans[0]!.spans[0]!.traceId);
    const byId = (await (await fetch(`${srv.url}/api/v2/traces/${traceId}`)).json()) as { trace: { resourceSpans?: { scopeSpans: { spans: unknown[] }[] }[] } };
    const found = (byId.trace.resourceSpans ?? []).reduce((n, rs) => n + rs.scopeSpans.reduce((m, ss) => m + ss.spans.length, 0), 0);
    const query = '{ resource.service.name = "payments" && status = error }';
    const search = (await (await fetch(`${srv.url}/api/search?q=${encodeURIComponent(query)}&limit=100`)).json()) as { traces: { traceID: string }[] };
    return {
      tracesWritten: count,
      spansWritten: spans,
      lookup: { traceId, spans: found },
      search: { query, traceIds: search.traces.map((t) => t.traceID) },
      blocks: (await srv.store.backend.blocks('single-tenant')).length,
    };
  } finally {
    await srv.close();
    if (!options.dataDir) await rm(dataDir, { recursive: true, force: true });
  }
}
