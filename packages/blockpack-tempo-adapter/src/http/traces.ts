import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseTraceId } from '../convert/ids.js';
import { encodeTrace } from '../convert/otlp-proto.js';
import { traceToJson } from '../convert/tempo-json.js';
import { pb } from '../proto/schema.js';
import type { TempoStore } from '../store/tempo-store.js';
import { TraceBuilder } from '../store/trace-builder.js';
import type { ResourceSpans, ScopeSpans, Span, Trace } from '../convert/model.js';
import { timeWindow } from './params.js';
import { send, sendJson, sendText, wantsProtobuf } from './respond.js';

/** The earliest spans of a trace whose encoding fits in `maxBytes` (binary search on the span count). */
export function truncateTrace(trace: Trace, maxBytes: number): Trace {
  const all: { rs: ResourceSpans; ss: ScopeSpans; span: Span }[] = [];
  for (const rs of trace.resourceSpans) for (const ss of rs.scopeSpans) for (const span of ss.spans) all.push({ rs, ss, span });
  all.sort((a, b) => (a.span.startTimeUnixNano < b.span.startTimeUnixNano ? -1 : a.span.startTimeUnixNano > b.span.startTimeUnixNano ? 1 : 0));
  const take = (n: number): Trace => {
    const b = new TraceBuilder();
    for (const e of all.slice(0, n)) b.addSpan(e.rs.resource, e.rs.schemaUrl, e.ss.scope, e.ss.schemaUrl, e.span);
    return b.build();
  };
  let lo = 0;
  let hi = all.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (encodeTrace(take(mid)).length <= maxBytes) lo = mid;
    else hi = mid - 1;
  }
  return take(lo);
}

/**
 * tempopb.TraceByIDResponse. Field 1 (trace) is written even when empty: Grafana reads
 * `response.trace.resourceSpans` without a guard, and protobuf encoders skip empty proto3 bytes.
 */
export function encodeTraceByIdResponse(traceBytes: Uint8Array, inspectedBytes: number, partialMessage = ''): Uint8Array {
  const rest = pb.TraceByIDResponse.encode({ metrics: { inspectedBytes }, ...(partialMessage ? { status: 1, message: partialMessage } : {}) }).finish();
  const len: number[] = [];
  let n = traceBytes.length;
  while (n > 0x7f) {
    len.push((n & 0x7f) | 0x80);
    n = Math.floor(n / 128);
  }
  len.push(n);
  const out = new Uint8Array(1 + len.length + traceBytes.length + rest.length);
  out[0] = 0x0a;
  out.set(len, 1);
  out.set(traceBytes, 1 + len.length);
  out.set(rest, 1 + len.length + traceBytes.length);
  return out;
}

/**
 * GET /api/traces/{id} (v1) and /api/v2/traces/{id} (tempo-api.md §10.3–10.4).
 * v2: 200 always, an empty trace when not found (protobuf field 1 present with zero length).
 * v1: a bare tempopb.Trace (JSON key `batches`), 404 when not found.
 */
export async function handleTraceById(
  req: IncomingMessage,
  res: ServerResponse,
  store: TempoStore,
  tenant: string,
  idText: string,
  query: URLSearchParams,
  v2: boolean,
  maxBytesPerTrace: number,
): Promise<void> {
  const traceId = parseTraceId(idText);
  const window = timeWindow(query);
  const found = await store.findTrace(tenant, traceId, window);
  const proto = wantsProtobuf(req);
  let bytes = encodeTrace(found.trace);
  let trace = found.trace;
  let partial = '';
  if (bytes.length > maxBytesPerTrace) {
    partial = `Trace exceeds maximum size of ${maxBytesPerTrace} bytes, a partial trace is returned`;
    // v1 has no partial status: Tempo answers 422 there.
    if (!v2) return sendText(req, res, 422, `trace exceeds max size (max bytes: ${maxBytesPerTrace})`);
    trace = truncateTrace(found.trace, maxBytesPerTrace);
    bytes = encodeTrace(trace);
  }
  if (v2) {
    if (proto) {
      send(req, res, 200, 'application/protobuf', encodeTraceByIdResponse(bytes, found.inspectedBytes, partial));
    } else {
      const metrics = found.inspectedBytes > 0 ? { inspectedBytes: String(found.inspectedBytes) } : {};
      sendJson(req, res, 200, { trace: traceToJson(trace), metrics, ...(partial ? { status: 'PARTIAL', message: partial } : {}) });
    }
    return;
  }
  if (found.spanCount === 0) {
    sendText(req, res, 404, 'trace not found');
    return;
  }
  if (proto) {
    send(req, res, 200, 'application/protobuf', bytes);
  } else {
    const j = traceToJson(found.trace);
    sendJson(req, res, 200, { batches: j['resourceSpans'] ?? [] });
  }
}
