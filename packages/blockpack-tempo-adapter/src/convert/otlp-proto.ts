import { TempoError, TempoErrorCode } from '../errors.js';
import { pb } from '../proto/schema.js';
import type { AnyValue, InstrumentationScope, KeyValue, Resource, ResourceSpans, ScopeSpans, Span, SpanEvent, SpanLink, Trace } from './model.js';

// Wire (protobuf) ⇄ model. Encoding is @blockpack/core's encoder (same bytes as this file's former
// copy). Decoding stays here, on protobufjs: its notion of a malformed body is what the ingest
// endpoint answers 400 to (invalid UTF-8 and field number 0 rejected, groups skipped, nesting capped
// at 32), and core's direct wire decoder draws those lines elsewhere. protobufjs decodes 64-bit fields
// as Long; this is the one edge where they become bigint.

/** Nesting deeper than this in AnyValue arrays/kvlists is rejected (hostile input). */
const MAX_VALUE_DEPTH = 32;

/* eslint-disable @typescript-eslint/no-explicit-any -- protobufjs messages are untyped objects */

function u64(v: any): bigint {
  if (v == null) return 0n;
  if (typeof v === 'number') return BigInt(v);
  return (BigInt(v.high >>> 0) << 32n) | BigInt(v.low >>> 0);
}

function bytes(v: any): Uint8Array {
  return v instanceof Uint8Array ? v : new Uint8Array(0);
}

function anyValue(v: any, depth: number): AnyValue {
  if (v == null) return {};
  if (depth > MAX_VALUE_DEPTH) throw new TempoError(TempoErrorCode.MalformedBody, `attribute value nested deeper than ${MAX_VALUE_DEPTH}`);
  switch (v.value) {
    case 'string_value':
      return { stringValue: v.string_value };
    case 'bool_value':
      return { boolValue: v.bool_value };
    case 'int_value':
      return { intValue: BigInt.asIntN(64, u64(v.int_value)) };
    case 'double_value':
      return { doubleValue: v.double_value };
    case 'bytes_value':
      return { bytesValue: bytes(v.bytes_value) };
    case 'array_value':
      return { arrayValue: { values: (v.array_value?.values ?? []).map((x: any) => anyValue(x, depth + 1)) } };
    case 'kvlist_value':
      return { kvlistValue: { values: keyValues(v.kvlist_value?.values, depth + 1) } };
    default:
      return {};
  }
}

function keyValues(list: any[] | undefined, depth = 0): KeyValue[] {
  if (!list || list.length === 0) return [];
  return list.map((kv) => ({ key: kv.key ?? '', value: anyValue(kv.value, depth) }));
}

function resource(r: any): Resource {
  if (r == null) return { attributes: [], droppedAttributesCount: 0 };
  return { attributes: keyValues(r.attributes), droppedAttributesCount: r.dropped_attributes_count ?? 0 };
}

function scope(s: any): InstrumentationScope {
  if (s == null) return { name: '', version: '', attributes: [], droppedAttributesCount: 0 };
  return { name: s.name ?? '', version: s.version ?? '', attributes: keyValues(s.attributes), droppedAttributesCount: s.dropped_attributes_count ?? 0 };
}

function event(e: any): SpanEvent {
  return { timeUnixNano: u64(e.time_unix_nano), name: e.name ?? '', attributes: keyValues(e.attributes), droppedAttributesCount: e.dropped_attributes_count ?? 0 };
}

function link(l: any): SpanLink {
  return {
    traceId: bytes(l.trace_id),
    spanId: bytes(l.span_id),
    traceState: l.trace_state ?? '',
    attributes: keyValues(l.attributes),
    droppedAttributesCount: l.dropped_attributes_count ?? 0,
    flags: l.flags >>> 0,
  };
}

function span(s: any): Span {
  return {
    traceId: bytes(s.trace_id),
    spanId: bytes(s.span_id),
    traceState: s.trace_state ?? '',
    parentSpanId: bytes(s.parent_span_id),
    name: s.name ?? '',
    kind: s.kind ?? 0,
    startTimeUnixNano: u64(s.start_time_unix_nano),
    endTimeUnixNano: u64(s.end_time_unix_nano),
    attributes: keyValues(s.attributes),
    droppedAttributesCount: s.dropped_attributes_count ?? 0,
    events: (s.events ?? []).map(event),
    droppedEventsCount: s.dropped_events_count ?? 0,
    links: (s.links ?? []).map(link),
    droppedLinksCount: s.dropped_links_count ?? 0,
    status: { code: s.status?.code ?? 0, message: s.status?.message ?? '' },
    flags: s.flags >>> 0,
  };
}

/**
 * Decodes OTLP TracesData / ExportTraceServiceRequest / tempopb.Trace bytes.
 * @throws TempoError MALFORMED_BODY when the bytes are not a valid message
 */
export function decodeTrace(buf: Uint8Array): Trace {
  let msg: any;
  try {
    msg = pb.TracesData.decode(buf);
  } catch (e) {
    throw new TempoError(TempoErrorCode.MalformedBody, `malformed protobuf: ${(e as Error).message}`);
  }
  const resourceSpans: ResourceSpans[] = (msg.resource_spans ?? []).map(
    (rs: any): ResourceSpans => ({
      resource: resource(rs.resource),
      schemaUrl: rs.schema_url ?? '',
      scopeSpans: (rs.scope_spans ?? []).map((ss: any): ScopeSpans => ({ scope: scope(ss.scope), schemaUrl: ss.schema_url ?? '', spans: (ss.spans ?? []).map(span) })),
    }),
  );
  return { resourceSpans };
}

/** Encodes a trace as OTLP TracesData bytes (≡ tempopb.Trace). */
export { encodeOtlpProtobuf as encodeTrace } from '@blockpack/core';
