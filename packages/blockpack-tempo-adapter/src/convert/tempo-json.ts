import { toBase64 } from './ids.js';
import { SpanKindName, StatusCodeName } from './model.js';
import type { AnyValue, KeyValue, Span, Trace } from './model.js';

// Model → Tempo query JSON: protobuf-JSON as Tempo's gogo jsonpb writes it (tempo-api.md §12):
// lowerCamelCase keys, bytes as base64, 64-bit integers as decimal strings, enums by name, zero
// values omitted (a set oneof member is always written). Grafana safety rules of §14.4: every
// ResourceSpans carries a resource with ≥ 1 attribute, every ScopeSpans a scope, every span a status.

type Json = Record<string, unknown>;

function doubleJson(v: number): number | string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return 'Infinity';
  if (v === -Infinity) return '-Infinity';
  return v;
}

export function anyValueToJson(v: AnyValue): Json {
  if ('stringValue' in v) return { stringValue: v.stringValue };
  if ('boolValue' in v) return { boolValue: v.boolValue };
  if ('intValue' in v) return { intValue: v.intValue.toString() };
  if ('doubleValue' in v) return { doubleValue: doubleJson(v.doubleValue) };
  if ('bytesValue' in v) return { bytesValue: toBase64(v.bytesValue) };
  if ('arrayValue' in v) return { arrayValue: v.arrayValue.values.length ? { values: v.arrayValue.values.map(anyValueToJson) } : {} };
  if ('kvlistValue' in v) return { kvlistValue: v.kvlistValue.values.length ? { values: keyValuesToJson(v.kvlistValue.values) } : {} };
  return {};
}

export function keyValuesToJson(list: readonly KeyValue[]): Json[] {
  return list.map((kv) => {
    const o: Json = {};
    if (kv.key) o['key'] = kv.key;
    o['value'] = anyValueToJson(kv.value);
    return o;
  });
}

function put(o: Json, key: string, v: unknown): void {
  if (v === '' || v === 0 || v === false || v === undefined || v === null) return;
  if (Array.isArray(v) && v.length === 0) return;
  o[key] = v;
}

function id(b: Uint8Array): string | undefined {
  return b.length ? toBase64(b) : undefined;
}

function u64(v: bigint): string | undefined {
  return v === 0n ? undefined : v.toString();
}

function spanToJson(s: Span): Json {
  const o: Json = {};
  put(o, 'traceId', id(s.traceId));
  put(o, 'spanId', id(s.spanId));
  put(o, 'traceState', s.traceState);
  put(o, 'parentSpanId', id(s.parentSpanId));
  put(o, 'name', s.name);
  put(o, 'kind', s.kind ? (SpanKindName[s.kind] ?? s.kind) : undefined);
  put(o, 'startTimeUnixNano', u64(s.startTimeUnixNano));
  put(o, 'endTimeUnixNano', u64(s.endTimeUnixNano));
  put(o, 'attributes', keyValuesToJson(s.attributes));
  put(o, 'droppedAttributesCount', s.droppedAttributesCount);
  put(
    o,
    'events',
    s.events.map((e) => {
      const j: Json = {};
      put(j, 'timeUnixNano', u64(e.timeUnixNano));
      put(j, 'name', e.name);
      put(j, 'attributes', keyValuesToJson(e.attributes));
      put(j, 'droppedAttributesCount', e.droppedAttributesCount);
      return j;
    }),
  );
  put(o, 'droppedEventsCount', s.droppedEventsCount);
  put(
    o,
    'links',
    s.links.map((l) => {
      const j: Json = {};
      put(j, 'traceId', id(l.traceId));
      put(j, 'spanId', id(l.spanId));
      put(j, 'traceState', l.traceState);
      put(j, 'attributes', keyValuesToJson(l.attributes));
      put(j, 'droppedAttributesCount', l.droppedAttributesCount);
      put(j, 'flags', l.flags);
      return j;
    }),
  );
  put(o, 'droppedLinksCount', s.droppedLinksCount);
  const st: Json = {};
  put(st, 'message', s.status.message);
  put(st, 'code', s.status.code ? (StatusCodeName[s.status.code] ?? s.status.code) : undefined);
  o['status'] = st;
  put(o, 'flags', s.flags);
  return o;
}

/** A trace as Tempo's query JSON `{"resourceSpans":[…]}`; an empty trace is `{}`. */
export function traceToJson(trace: Trace): Json {
  const out: Json = {};
  put(
    out,
    'resourceSpans',
    trace.resourceSpans.map((rs) => {
      const o: Json = {};
      const attrs: readonly KeyValue[] = rs.resource.attributes.length ? rs.resource.attributes : [{ key: 'service.name', value: { stringValue: '' } }];
      const res: Json = { attributes: keyValuesToJson(attrs) };
      put(res, 'droppedAttributesCount', rs.resource.droppedAttributesCount);
      o['resource'] = res;
      put(
        o,
        'scopeSpans',
        rs.scopeSpans.map((ss) => {
          const j: Json = {};
          const sc: Json = {};
          put(sc, 'name', ss.scope.name);
          put(sc, 'version', ss.scope.version);
          put(sc, 'attributes', keyValuesToJson(ss.scope.attributes));
          put(sc, 'droppedAttributesCount', ss.scope.droppedAttributesCount);
          j['scope'] = sc;
          put(j, 'spans', ss.spans.map(spanToJson));
          put(j, 'schemaUrl', ss.schemaUrl);
          return j;
        }),
      );
      put(o, 'schemaUrl', rs.schemaUrl);
      return o;
    }),
  );
  return out;
}
