// The OTLP trace model the adapter works in. It has the same shape as @blockpack/core's canonical
// model (OtlpTraces & co.): every field filled with its default, 64-bit integers as bigint, ids and
// bytes as Uint8Array, enums as OTLP numbers. tempopb.Trace ≡ OTLP TracesData (tempo-api.md §14.1),
// so this one model serves ingest, the WAL, storage and the query API.

export type AnyValue =
  | { stringValue: string }
  | { boolValue: boolean }
  | { intValue: bigint }
  | { doubleValue: number }
  | { arrayValue: { values: AnyValue[] } }
  | { kvlistValue: { values: KeyValue[] } }
  | { bytesValue: Uint8Array }
  | Record<string, never>;

export interface KeyValue {
  key: string;
  value: AnyValue;
}

export interface Resource {
  attributes: KeyValue[];
  droppedAttributesCount: number;
}

export interface InstrumentationScope {
  name: string;
  version: string;
  attributes: KeyValue[];
  droppedAttributesCount: number;
}

export interface SpanStatus {
  message: string;
  /** OTLP numbering: 0 unset, 1 ok, 2 error. */
  code: number;
}

export interface SpanEvent {
  timeUnixNano: bigint;
  name: string;
  attributes: KeyValue[];
  droppedAttributesCount: number;
}

export interface SpanLink {
  traceId: Uint8Array;
  spanId: Uint8Array;
  traceState: string;
  attributes: KeyValue[];
  droppedAttributesCount: number;
  flags: number;
}

export interface Span {
  traceId: Uint8Array;
  spanId: Uint8Array;
  traceState: string;
  parentSpanId: Uint8Array;
  flags: number;
  name: string;
  /** OTLP numbering: 0 unspecified, 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  kind: number;
  startTimeUnixNano: bigint;
  endTimeUnixNano: bigint;
  attributes: KeyValue[];
  droppedAttributesCount: number;
  events: SpanEvent[];
  droppedEventsCount: number;
  links: SpanLink[];
  droppedLinksCount: number;
  status: SpanStatus;
}

export interface ScopeSpans {
  scope: InstrumentationScope;
  spans: Span[];
  schemaUrl: string;
}

export interface ResourceSpans {
  resource: Resource;
  scopeSpans: ScopeSpans[];
  schemaUrl: string;
}

/** tempopb.Trace, OTLP TracesData and ExportTraceServiceRequest: the same message. */
export interface Trace {
  resourceSpans: ResourceSpans[];
}

export const SpanKindName = ['SPAN_KIND_UNSPECIFIED', 'SPAN_KIND_INTERNAL', 'SPAN_KIND_SERVER', 'SPAN_KIND_CLIENT', 'SPAN_KIND_PRODUCER', 'SPAN_KIND_CONSUMER'] as const;
export const StatusCodeName = ['STATUS_CODE_UNSET', 'STATUS_CODE_OK', 'STATUS_CODE_ERROR'] as const;
/** Text used by TraceQL and in search results. */
export const SpanKindText = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'] as const;
export const StatusText = ['unset', 'ok', 'error'] as const;

/** Counts spans of a trace. */
export function countSpans(trace: Trace): number {
  let n = 0;
  for (const rs of trace.resourceSpans) for (const ss of rs.scopeSpans) n += ss.spans.length;
  return n;
}

/** The string value of a resource attribute, or undefined. */
export function stringAttr(attrs: readonly KeyValue[], key: string): string | undefined {
  for (const kv of attrs) if (kv.key === key && 'stringValue' in kv.value) return kv.value.stringValue;
  return undefined;
}
