import { TempoError, TempoErrorCode } from '../errors.js';
import { pb } from '../proto/schema.js';
import type { AnyValue, InstrumentationScope, KeyValue, Resource, ResourceSpans, ScopeSpans, Span, SpanEvent, SpanLink, Trace } from './model.js';

// Wire (protobuf) ⇄ model. protobufjs decodes 64-bit fields as Long; this file is the one edge where
// they become bigint, and where bigint becomes {low, high} for the encoder.

/** Nesting deeper than this in AnyValue arrays/kvlists is rejected (hostile input). */
const MAX_VALUE_DEPTH = 32;

interface LongLike {
  low: number;
  high: number;
}
/* eslint-disable @typescript-eslint/no-explicit-any -- protobufjs messages are untyped objects */

function u64(v: any): bigint {
  if (v == null) return 0n;
  if (typeof v === 'number') return BigInt(v);
  return (BigInt(v.high >>> 0) << 32n) | BigInt(v.low >>> 0);
}

function toLong(v: bigint): LongLike {
  const u = BigInt.asUintN(64, v);
  return { low: Number(u & 0xffffffffn) | 0, high: Number(u >> 32n) | 0 };
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

function encValue(v: AnyValue): any {
  if ('stringValue' in v) return { string_value: v.stringValue };
  if ('boolValue' in v) return { bool_value: v.boolValue };
  if ('intValue' in v) return { int_value: toLong(v.intValue) };
  if ('doubleValue' in v) return { double_value: v.doubleValue };
  if ('bytesValue' in v) return { bytes_value: v.bytesValue };
  if ('arrayValue' in v) return { array_value: { values: v.arrayValue.values.map(encValue) } };
  if ('kvlistValue' in v) return { kvlist_value: { values: encKeyValues(v.kvlistValue.values) } };
  return {};
}

function encKeyValues(list: readonly KeyValue[]): any[] {
  return list.map((kv) => ({ key: kv.key, value: encValue(kv.value) }));
}

function encSpan(s: Span): any {
  return {
    trace_id: s.traceId,
    span_id: s.spanId,
    trace_state: s.traceState,
    parent_span_id: s.parentSpanId,
    name: s.name,
    kind: s.kind,
    start_time_unix_nano: toLong(s.startTimeUnixNano),
    end_time_unix_nano: toLong(s.endTimeUnixNano),
    attributes: encKeyValues(s.attributes),
    dropped_attributes_count: s.droppedAttributesCount,
    events: s.events.map((e) => ({ time_unix_nano: toLong(e.timeUnixNano), name: e.name, attributes: encKeyValues(e.attributes), dropped_attributes_count: e.droppedAttributesCount })),
    dropped_events_count: s.droppedEventsCount,
    links: s.links.map((l) => ({
      trace_id: l.traceId,
      span_id: l.spanId,
      trace_state: l.traceState,
      attributes: encKeyValues(l.attributes),
      dropped_attributes_count: l.droppedAttributesCount,
      flags: l.flags,
    })),
    dropped_links_count: s.droppedLinksCount,
    status: { code: s.status.code, message: s.status.message },
    flags: s.flags,
  };
}

/** Plain object for protobufjs; exported for the Tempo messages that embed OTLP KeyValues. */
export function keyValuesForProto(list: readonly KeyValue[]): any[] {
  return encKeyValues(list);
}

/** Encodes a trace as OTLP TracesData bytes (≡ tempopb.Trace). */
export function encodeTrace(trace: Trace): Uint8Array {
  const obj = {
    resource_spans: trace.resourceSpans.map((rs) => ({
      resource: { attributes: encKeyValues(rs.resource.attributes), dropped_attributes_count: rs.resource.droppedAttributesCount },
      schema_url: rs.schemaUrl,
      scope_spans: rs.scopeSpans.map((ss) => ({
        scope: { name: ss.scope.name, version: ss.scope.version, attributes: encKeyValues(ss.scope.attributes), dropped_attributes_count: ss.scope.droppedAttributesCount },
        schema_url: ss.schemaUrl,
        spans: ss.spans.map(encSpan),
      })),
    })),
  };
  return pb.TracesData.encode(obj).finish();
}
