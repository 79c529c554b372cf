import type { IncomingMessage, ServerResponse } from 'node:http';
import { httpStatusOf, isTempoError } from '../errors.js';
import { decodeTrace } from '../convert/otlp-proto.js';
import { parseOtlpJson } from '../convert/otlp-json.js';
import { pb } from '../proto/schema.js';
import type { TempoStore } from '../store/tempo-store.js';
import { readBody } from './body.js';
import type { BodyLimits } from './body.js';
import { send } from './respond.js';

type Format = 'protobuf' | 'json';

function formatOf(req: IncomingMessage): Format | undefined {
  const ct = String(req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (ct === 'application/x-protobuf' || ct === 'application/protobuf') return 'protobuf';
  if (ct === 'application/json') return 'json';
  return undefined;
}

/** Replies in the request's content type: google.rpc.Status for errors, as OTLP/HTTP specifies. */
function sendStatus(req: IncomingMessage, res: ServerResponse, format: Format, status: number, message: string): void {
  if (format === 'protobuf') {
    send(req, res, status, 'application/x-protobuf', pb.RpcStatus.encode({ code: status === 400 ? 3 : status === 413 ? 8 : 13, message }).finish());
  } else {
    send(req, res, status, 'application/json', JSON.stringify({ code: status === 400 ? 3 : status === 413 ? 8 : 13, message }));
  }
}

/**
 * POST /v1/traces (OTLP/HTTP, tempo-api.md §13): protobuf or JSON, optionally gzip/deflate.
 * Replies 200 only after the accepted spans are in the WAL; invalid spans are dropped and reported
 * in partial_success; a malformed body is 400 and stores nothing.
 */
export async function handleIngest(req: IncomingMessage, res: ServerResponse, store: TempoStore, tenant: string, limits: BodyLimits): Promise<void> {
  const format = formatOf(req);
  if (!format) {
    req.resume();
    send(req, res, 415, 'text/plain; charset=utf-8', `unsupported Content-Type ${JSON.stringify(req.headers['content-type'] ?? '')}: use application/x-protobuf or application/json`);
    return;
  }
  try {
    const body = await readBody(req, limits);
    const trace = format === 'protobuf' ? decodeTrace(body) : parseOtlpJson(body.toString('utf8'));
    const r = await store.ingest(tenant, trace, format === 'protobuf' ? body : undefined);
    if (format === 'protobuf') {
      const msg = r.rejectedSpans > 0 ? { partial_success: { rejected_spans: r.rejectedSpans, error_message: r.errorMessage } } : {};
      send(req, res, 200, 'application/x-protobuf', pb.ExportTraceServiceResponse.encode(msg).finish());
    } else {
      const msg = r.rejectedSpans > 0 ? { partialSuccess: { rejectedSpans: String(r.rejectedSpans), errorMessage: r.errorMessage } } : {};
      send(req, res, 200, 'application/json', JSON.stringify(msg));
    }
  } catch (e) {
    if (isTempoError(e)) {
      sendStatus(req, res, format, httpStatusOf(e.code), e.message);
      return;
    }
    throw e;
  }
}

