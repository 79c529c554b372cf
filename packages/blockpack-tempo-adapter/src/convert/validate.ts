import { isAllZero } from './ids.js';
import type { AnyValue, KeyValue, ResourceSpans, Trace } from './model.js';

// Ingest validation (tempo-api.md §13.3): drop only invalid spans and report them through
// partial_success; truncate over-long attribute values and keys. Schema URLs, scope name/version,
// flags, events and links are kept (no Tempo-style re-batching).

export interface ValidateOptions {
  /** Longest string/bytes attribute value kept, in UTF-16 units / bytes; longer ones are cut. Default 64 KiB. */
  readonly maxAttributeBytes?: number;
}

export interface ValidateResult {
  /** The accepted spans, in their original resource/scope grouping (empty groups removed). */
  readonly trace: Trace;
  readonly acceptedSpans: number;
  readonly rejectedSpans: number;
  /** First reason a span was rejected ('' when none was). */
  readonly errorMessage: string;
  /** Attribute values or keys that were truncated. */
  readonly truncated: number;
}

export const DEFAULT_MAX_ATTRIBUTE_BYTES = 64 * 1024;
/** Column names are limited to 1024 bytes (FMT §8.2); `resource.` is the longest prefix. */
const MAX_KEY_LENGTH = 1015;

function spanProblem(traceId: Uint8Array, spanId: Uint8Array): string {
  if (traceId.length !== 16) return `trace id must be 16 bytes, got ${traceId.length}`;
  if (isAllZero(traceId)) return 'trace id is all zeros';
  if (spanId.length !== 8) return `span id must be 8 bytes, got ${spanId.length}`;
  if (isAllZero(spanId)) return 'span id is all zeros';
  return '';
}

class Truncator {
  count = 0;
  constructor(private readonly max: number) {}

  value(v: AnyValue): AnyValue {
    if ('stringValue' in v && v.stringValue.length > this.max) {
      this.count++;
      return { stringValue: v.stringValue.slice(0, this.max) };
    }
    if ('bytesValue' in v && v.bytesValue.length > this.max) {
      this.count++;
      return { bytesValue: v.bytesValue.subarray(0, this.max) };
    }
    if ('arrayValue' in v) return { arrayValue: { values: v.arrayValue.values.map((x) => this.value(x)) } };
    if ('kvlistValue' in v) return { kvlistValue: { values: this.attrs(v.kvlistValue.values) } };
    return v;
  }

  attrs(list: KeyValue[]): KeyValue[] {
    let changed = false;
    const out = list.map((kv) => {
      const value = this.value(kv.value);
      let key = kv.key;
      if (key.length > MAX_KEY_LENGTH) {
        this.count++;
        key = key.slice(0, MAX_KEY_LENGTH);
      }
      if (value !== kv.value || key !== kv.key) changed = true;
      return value === kv.value && key === kv.key ? kv : { key, value };
    });
    return changed ? out : list;
  }
}

/** Validates and normalises one export request. */
export function validateTrace(trace: Trace, options: ValidateOptions = {}): ValidateResult {
  const t = new Truncator(options.maxAttributeBytes ?? DEFAULT_MAX_ATTRIBUTE_BYTES);
  let accepted = 0;
  let rejected = 0;
  let errorMessage = '';
  const resourceSpans: ResourceSpans[] = [];
  for (const rs of trace.resourceSpans) {
    const scopeSpans = [];
    for (const ss of rs.scopeSpans) {
      const spans = [];
      for (const s of ss.spans) {
        const problem = spanProblem(s.traceId, s.spanId);
        if (problem) {
          rejected++;
          if (!errorMessage) errorMessage = `span rejected: ${problem}`;
          continue;
        }
        s.attributes = t.attrs(s.attributes);
        for (const e of s.events) e.attributes = t.attrs(e.attributes);
        for (const l of s.links) l.attributes = t.attrs(l.attributes);
        spans.push(s);
        accepted++;
      }
      if (spans.length > 0) {
        ss.scope.attributes = t.attrs(ss.scope.attributes);
        scopeSpans.push({ ...ss, spans });
      }
    }
    if (scopeSpans.length > 0) {
      rs.resource.attributes = t.attrs(rs.resource.attributes);
      resourceSpans.push({ ...rs, scopeSpans });
    }
  }
  return { trace: { resourceSpans }, acceptedSpans: accepted, rejectedSpans: rejected, errorMessage, truncated: t.count };
}
