// The OTLP trace model the adapter works in is @blockpack/core's canonical model (OtlpTraces & co.),
// under the adapter's Tempo-flavoured names: every field filled with its default, 64-bit integers as
// bigint, ids and bytes as Uint8Array, enums as OTLP numbers. tempopb.Trace ≡ OTLP TracesData
// (tempo-api.md §14.1), so this one model serves ingest, the WAL, storage and the query API.

export type {
  OtlpAnyValue as AnyValue,
  OtlpKeyValue as KeyValue,
  OtlpResource as Resource,
  OtlpScope as InstrumentationScope,
  OtlpStatus as SpanStatus,
  OtlpEvent as SpanEvent,
  OtlpLink as SpanLink,
  OtlpSpan as Span,
  OtlpScopeSpans as ScopeSpans,
  OtlpResourceSpans as ResourceSpans,
  /** tempopb.Trace, OTLP TracesData and ExportTraceServiceRequest: the same message. */
  OtlpTraces as Trace,
} from '@blockpack/core';
import type { OtlpKeyValue, OtlpTraces } from '@blockpack/core';

export const SpanKindName = ['SPAN_KIND_UNSPECIFIED', 'SPAN_KIND_INTERNAL', 'SPAN_KIND_SERVER', 'SPAN_KIND_CLIENT', 'SPAN_KIND_PRODUCER', 'SPAN_KIND_CONSUMER'] as const;
export const StatusCodeName = ['STATUS_CODE_UNSET', 'STATUS_CODE_OK', 'STATUS_CODE_ERROR'] as const;
/** Text used by TraceQL and in search results. */
export const SpanKindText = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'] as const;
export const StatusText = ['unset', 'ok', 'error'] as const;

/** Counts spans of a trace. */
export function countSpans(trace: OtlpTraces): number {
  let n = 0;
  for (const rs of trace.resourceSpans) for (const ss of rs.scopeSpans) n += ss.spans.length;
  return n;
}

/** The string value of a resource attribute, or undefined. */
export function stringAttr(attrs: readonly OtlpKeyValue[], key: string): string | undefined {
  for (const kv of attrs) if (kv.key === key && 'stringValue' in kv.value) return kv.value.stringValue;
  return undefined;
}
