import { bytesEqual, toHex } from '../convert/ids.js';
import type { InstrumentationScope, KeyValue, Resource, ResourceSpans, ScopeSpans, Span, Trace } from '../convert/model.js';

// Merges spans from several sources (head blocks, backend blocks) into one trace: resources and
// scopes with identical content are grouped together, and duplicate span ids are dropped (the same
// span can be in a WAL block and in the backend block it was completed to).

function valueKey(v: unknown): string {
  return JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? `${x}n` : x instanceof Uint8Array ? toHex(x) : x));
}

function resourceKey(r: Resource, schemaUrl: string): string {
  return valueKey([r.attributes, r.droppedAttributesCount, schemaUrl]);
}

function scopeKey(s: InstrumentationScope, schemaUrl: string): string {
  return valueKey([s.name, s.version, s.attributes, s.droppedAttributesCount, schemaUrl]);
}

export class TraceBuilder {
  private readonly resources = new Map<string, ResourceSpans>();
  private readonly scopes = new Map<string, ScopeSpans>();
  private readonly seen = new Set<string>();
  spanCount = 0;

  /** Adds every span of `trace` (optionally only those with this trace id) not seen before. */
  addTrace(trace: Trace, traceId?: Uint8Array): void {
    for (const rs of trace.resourceSpans) {
      for (const ss of rs.scopeSpans) {
        for (const span of ss.spans) {
          if (traceId && !bytesEqual(span.traceId, traceId)) continue;
          this.addSpan(rs.resource, rs.schemaUrl, ss.scope, ss.schemaUrl, span);
        }
      }
    }
  }

  addSpan(resource: Resource, resourceSchemaUrl: string, scope: InstrumentationScope, scopeSchemaUrl: string, span: Span): void {
    const id = toHex(span.spanId);
    if (this.seen.has(id)) return;
    this.seen.add(id);
    const rk = resourceKey(resource, resourceSchemaUrl);
    let rs = this.resources.get(rk);
    if (!rs) {
      rs = { resource, scopeSpans: [], schemaUrl: resourceSchemaUrl };
      this.resources.set(rk, rs);
    }
    const sk = rk + '\u0000' + scopeKey(scope, scopeSchemaUrl);
    let ss = this.scopes.get(sk);
    if (!ss) {
      ss = { scope, spans: [], schemaUrl: scopeSchemaUrl };
      this.scopes.set(sk, ss);
      rs.scopeSpans.push(ss);
    }
    ss.spans.push(span);
    this.spanCount++;
  }

  /** The merged trace; spans within a scope are ordered by start time. */
  build(): Trace {
    for (const ss of this.scopes.values()) ss.spans.sort((a, b) => (a.startTimeUnixNano < b.startTimeUnixNano ? -1 : a.startTimeUnixNano > b.startTimeUnixNano ? 1 : 0));
    return { resourceSpans: [...this.resources.values()] };
  }
}

/** Attribute lists compare by content. Exported for tests. */
export function sameAttributes(a: readonly KeyValue[], b: readonly KeyValue[]): boolean {
  return valueKey(a) === valueKey(b);
}
