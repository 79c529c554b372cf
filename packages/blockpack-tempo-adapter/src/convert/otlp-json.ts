import { TempoError, TempoErrorCode } from '../errors.js';
import { fromHex } from './ids.js';
import { SpanKindName, StatusCodeName } from './model.js';
import type { AnyValue, InstrumentationScope, KeyValue, Resource, ResourceSpans, ScopeSpans, Span, SpanEvent, SpanLink, Trace } from './model.js';

// OTLP/HTTP JSON (the ingest dialect, tempo-api.md §12): lowerCamelCase (snake_case accepted),
// trace/span ids as hex, 64-bit integers as strings or numbers, enums as integers or names,
// bytesValue as base64. Unknown fields are ignored.

const MAX_VALUE_DEPTH = 32;
type Obj = Record<string, unknown>;

function bad(path: string, what: string): never {
  throw new TempoError(TempoErrorCode.MalformedBody, `malformed OTLP JSON at ${path}: ${what}`);
}

function field(o: Obj, camel: string, snake: string): unknown {
  const v = o[camel];
  return v === undefined ? o[snake] : v;
}

function obj(v: unknown, path: string): Obj | undefined {
  if (v == null) return undefined;
  if (typeof v !== 'object' || Array.isArray(v)) bad(path, 'expected an object');
  return v as Obj;
}

function arr(v: unknown, path: string): unknown[] {
  if (v == null) return [];
  if (!Array.isArray(v)) bad(path, 'expected an array');
  return v;
}

function str(v: unknown, path: string): string {
  if (v == null) return '';
  if (typeof v !== 'string') bad(path, 'expected a string');
  return v;
}

function u32(v: unknown, path: string): number {
  if (v == null) return 0;
  const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > 0xffffffff) bad(path, 'expected a uint32');
  return n;
}

function int64(v: unknown, path: string, unsigned: boolean): bigint {
  if (v == null) return 0n;
  let b: bigint;
  if (typeof v === 'string' && /^-?\d{1,20}$/.test(v)) b = BigInt(v);
  else if (typeof v === 'number' && Number.isInteger(v)) b = BigInt(v);
  else bad(path, 'expected an integer (number or decimal string)');
  if (unsigned ? b < 0n || b > 0xffffffffffffffffn : b < -(1n << 63n) || b >= 1n << 63n) bad(path, 'integer out of 64-bit range');
  return b;
}

function hexId(v: unknown, path: string): Uint8Array {
  if (v == null || v === '') return new Uint8Array(0);
  if (typeof v !== 'string') bad(path, 'expected a hex string');
  const b = fromHex(v);
  if (!b) bad(path, 'expected hex');
  return b;
}

function enumValue(v: unknown, names: readonly string[], path: string): number {
  if (v == null) return 0;
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'string') {
    const i = names.indexOf(v);
    if (i >= 0) return i;
  }
  return bad(path, `unknown enum value ${JSON.stringify(v)}`);
}

function anyValue(v: unknown, path: string, depth: number): AnyValue {
  const o = obj(v, path);
  if (!o) return {};
  if (depth > MAX_VALUE_DEPTH) bad(path, `nested deeper than ${MAX_VALUE_DEPTH}`);
  let x: unknown;
  if ((x = field(o, 'stringValue', 'string_value')) !== undefined) return { stringValue: str(x, path) };
  if ((x = field(o, 'boolValue', 'bool_value')) !== undefined) {
    if (typeof x !== 'boolean') bad(path, 'expected a bool');
    return { boolValue: x };
  }
  if ((x = field(o, 'intValue', 'int_value')) !== undefined) return { intValue: int64(x, path, false) };
  if ((x = field(o, 'doubleValue', 'double_value')) !== undefined) {
    if (typeof x === 'number') return { doubleValue: x };
    if (x === 'NaN' || x === 'Infinity' || x === '-Infinity') return { doubleValue: Number(x) };
    bad(path, 'expected a double');
  }
  if ((x = field(o, 'bytesValue', 'bytes_value')) !== undefined) {
    const s = str(x, path);
    if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(s)) bad(path, 'expected base64');
    return { bytesValue: new Uint8Array(Buffer.from(s, 'base64')) };
  }
  if ((x = field(o, 'arrayValue', 'array_value')) !== undefined) {
    const a = obj(x, path);
    return { arrayValue: { values: arr(a?.['values'], path + '.values').map((e, i) => anyValue(e, `${path}.values[${i}]`, depth + 1)) } };
  }
  if ((x = field(o, 'kvlistValue', 'kvlist_value')) !== undefined) {
    const a = obj(x, path);
    return { kvlistValue: { values: keyValues(a?.['values'], path + '.values', depth + 1) } };
  }
  return {};
}

function keyValues(v: unknown, path: string, depth = 0): KeyValue[] {
  return arr(v, path).map((e, i) => {
    const p = `${path}[${i}]`;
    const o = obj(e, p) ?? bad(p, 'null attribute');
    return { key: str(o['key'], p + '.key'), value: anyValue(o['value'], p + '.value', depth) };
  });
}

function resource(v: unknown, path: string): Resource {
  const o = obj(v, path);
  if (!o) return { attributes: [], droppedAttributesCount: 0 };
  return { attributes: keyValues(o['attributes'], path + '.attributes'), droppedAttributesCount: u32(field(o, 'droppedAttributesCount', 'dropped_attributes_count'), path) };
}

function scope(v: unknown, path: string): InstrumentationScope {
  const o = obj(v, path);
  if (!o) return { name: '', version: '', attributes: [], droppedAttributesCount: 0 };
  return {
    name: str(o['name'], path + '.name'),
    version: str(o['version'], path + '.version'),
    attributes: keyValues(o['attributes'], path + '.attributes'),
    droppedAttributesCount: u32(field(o, 'droppedAttributesCount', 'dropped_attributes_count'), path),
  };
}

function event(v: unknown, path: string): SpanEvent {
  const o = obj(v, path) ?? bad(path, 'null event');
  return {
    timeUnixNano: int64(field(o, 'timeUnixNano', 'time_unix_nano'), path + '.timeUnixNano', true),
    name: str(o['name'], path + '.name'),
    attributes: keyValues(o['attributes'], path + '.attributes'),
    droppedAttributesCount: u32(field(o, 'droppedAttributesCount', 'dropped_attributes_count'), path),
  };
}

function link(v: unknown, path: string): SpanLink {
  const o = obj(v, path) ?? bad(path, 'null link');
  return {
    traceId: hexId(field(o, 'traceId', 'trace_id'), path + '.traceId'),
    spanId: hexId(field(o, 'spanId', 'span_id'), path + '.spanId'),
    traceState: str(field(o, 'traceState', 'trace_state'), path + '.traceState'),
    attributes: keyValues(o['attributes'], path + '.attributes'),
    droppedAttributesCount: u32(field(o, 'droppedAttributesCount', 'dropped_attributes_count'), path),
    flags: u32(o['flags'], path + '.flags'),
  };
}

function span(v: unknown, path: string): Span {
  const o = obj(v, path) ?? bad(path, 'null span');
  const st = obj(o['status'], path + '.status');
  return {
    traceId: hexId(field(o, 'traceId', 'trace_id'), path + '.traceId'),
    spanId: hexId(field(o, 'spanId', 'span_id'), path + '.spanId'),
    traceState: str(field(o, 'traceState', 'trace_state'), path + '.traceState'),
    parentSpanId: hexId(field(o, 'parentSpanId', 'parent_span_id'), path + '.parentSpanId'),
    name: str(o['name'], path + '.name'),
    kind: enumValue(o['kind'], SpanKindName, path + '.kind'),
    startTimeUnixNano: int64(field(o, 'startTimeUnixNano', 'start_time_unix_nano'), path + '.startTimeUnixNano', true),
    endTimeUnixNano: int64(field(o, 'endTimeUnixNano', 'end_time_unix_nano'), path + '.endTimeUnixNano', true),
    attributes: keyValues(o['attributes'], path + '.attributes'),
    droppedAttributesCount: u32(field(o, 'droppedAttributesCount', 'dropped_attributes_count'), path),
    events: arr(o['events'], path + '.events').map((e, i) => event(e, `${path}.events[${i}]`)),
    droppedEventsCount: u32(field(o, 'droppedEventsCount', 'dropped_events_count'), path),
    links: arr(o['links'], path + '.links').map((e, i) => link(e, `${path}.links[${i}]`)),
    droppedLinksCount: u32(field(o, 'droppedLinksCount', 'dropped_links_count'), path),
    status: { code: enumValue(st?.['code'], StatusCodeName, path + '.status.code'), message: str(st?.['message'], path + '.status.message') },
    flags: u32(o['flags'], path + '.flags'),
  };
}

/**
 * Parses an OTLP/HTTP JSON ExportTraceServiceRequest.
 * @throws TempoError MALFORMED_BODY with the JSON path of the first problem
 */
export function parseOtlpJson(text: string): Trace {
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch (e) {
    throw new TempoError(TempoErrorCode.MalformedBody, `malformed JSON: ${(e as Error).message}`);
  }
  const o = obj(root, '$') ?? bad('$', 'expected an object');
  const resourceSpans = arr(field(o, 'resourceSpans', 'resource_spans'), '$.resourceSpans').map((rsv, i): ResourceSpans => {
    const p = `$.resourceSpans[${i}]`;
    const rs = obj(rsv, p) ?? bad(p, 'null resourceSpans');
    return {
      resource: resource(rs['resource'], p + '.resource'),
      schemaUrl: str(field(rs, 'schemaUrl', 'schema_url'), p + '.schemaUrl'),
      scopeSpans: arr(field(rs, 'scopeSpans', 'scope_spans'), p + '.scopeSpans').map((ssv, j): ScopeSpans => {
        const q = `${p}.scopeSpans[${j}]`;
        const ss = obj(ssv, q) ?? bad(q, 'null scopeSpans');
        return {
          scope: scope(ss['scope'], q + '.scope'),
          schemaUrl: str(field(ss, 'schemaUrl', 'schema_url'), q + '.schemaUrl'),
          spans: arr(ss['spans'], q + '.spans').map((sv, k) => span(sv, `${q}.spans[${k}]`)),
        };
      }),
    };
  });
  return { resourceSpans };
}
