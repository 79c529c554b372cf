import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseTraceId } from '../convert/ids.js';
import { encodeTrace } from '../convert/otlp-proto.js';
import { traceToJson } from '../convert/tempo-json.js';
import { pb } from '../proto/schema.js';
import type { TempoStore } from '../store/tempo-store.js';
import { timeWindow } from './params.js';
import { send, sendJson, sendText, wantsProtobuf } from './respond.js';

/**
 * tempopb.TraceByIDResponse. Field 1 (trace) is written even when empty: Grafana reads
 * `response.trace.resourceSpans` without a guard, and protobuf encoders skip empty proto3 bytes.
 */
export function encodeTraceByIdResponse(traceBytes: Uint8Array, inspectedBytes: number): Uint8Array {
  const rest = pb.TraceByIDResponse.encode({ metrics: { inspectedBytes } }).finish();
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
export async function handleTraceById(req: IncomingMessage, res: ServerResponse, store: TempoStore, tenant: string, idText: string, query: URLSearchParams, v2: boolean): Promise<void> {
  const traceId = parseTraceId(idText);
  const window = timeWindow(query);
  const found = await store.findTrace(tenant, traceId, window);
  const proto = wantsProtobuf(req);
  if (v2) {
    if (proto) {
      send(req, res, 200, 'application/protobuf', encodeTraceByIdResponse(encodeTrace(found.trace), found.inspectedBytes));
    } else {
      const metrics = found.inspectedBytes > 0 ? { inspectedBytes: String(found.inspectedBytes) } : {};
      sendJson(req, res, 200, { trace: traceToJson(found.trace), metrics });
    }
    return;
  }
  if (found.spanCount === 0) {
    sendText(req, res, 404, 'trace not found');
    return;
  }
  if (proto) {
    send(req, res, 200, 'application/protobuf', encodeTrace(found.trace));
  } else {
    const j = traceToJson(found.trace);
    sendJson(req, res, 200, { batches: j['resourceSpans'] ?? [] });
  }
}
