import { BlockpackError, BlockpackErrorCode } from '../shared/errors.js';
import { fromHex, toHex } from '../shared/bytes.js';
import type {
  OtlpAnyValue,
  OtlpEvent,
  OtlpKeyValue,
  OtlpLink,
  OtlpResource,
  OtlpResourceSpans,
  OtlpScope,
  OtlpScopeSpans,
  OtlpSpan,
  OtlpStatus,
  OtlpTraces,
} from './model.js';
import { OtlpTypes, SPAN_KIND_VALUES, STATUS_CODE_VALUES } from './proto.js';
import { decodeTracesWire } from './wire.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- input objects are untyped by nature */

const U64_MASK = (1n << 64n) - 1n;

function bad(msg: string): BlockpackError {
  return new BlockpackError(BlockpackErrorCode.InvalidOtlp, msg);
}

function has(o: any, k: string): boolean {
  return o !== null && typeof o === 'object' && Object.prototype.hasOwnProperty.call(o, k) && o[k] !== undefined && o[k] !== null;
}

/** How ids are spelled in the input: raw bytes (protobuf, plain objects) or hex (OTLP JSON). */
type IdForm = 'bytes' | 'hex';

function toId(v: any, form: IdForm, what: string): Uint8Array {
  if (v === undefined || v === null) return new Uint8Array(0);
  if (v instanceof Uint8Array) return v.constructor === Uint8Array ? v : new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
  if (Array.isArray(v) && v.length === 0) return new Uint8Array(0); // protobufjs's default for bytes
  if (typeof v === 'string') {
    if (form === 'hex' || /^[0-9a-fA-F]*$/.test(v)) {
      const b = fromHex(v);
      if (b) return b;
    }
    const b64 = fromBase64(v);
    if (b64) return b64;
    throw bad(`${what}: not hex or base64: ${JSON.stringify(v.slice(0, 40))}`);
  }
  throw bad(`${what}: expected bytes or a hex string`);
}

function fromBase64(s: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(s)) return undefined;
  const b = Buffer.from(s, 'base64');
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}

function toBytes(v: any, what: string): Uint8Array {
  if (v instanceof Uint8Array) return v.constructor === Uint8Array ? v : new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
  if (Array.isArray(v) && v.length === 0) return new Uint8Array(0);
  if (typeof v === 'string') {
    const b = fromBase64(v);
    if (b) return b;
  }
  throw bad(`${what}: expected bytes or base64`);
}

/** bigint from bigint | number | decimal string | Long-like {low, high}. */
export function toBigInt(v: any, signed: boolean, what: string): bigint {
  let r: bigint;
  if (v === undefined || v === null) return 0n;
  if (typeof v === 'bigint') r = v;
  else if (typeof v === 'number') {
    if (!Number.isInteger(v)) throw bad(`${what}: not an integer: ${v}`);
    r = BigInt(v);
  } else if (typeof v === 'string') {
    if (!/^-?\d+$/.test(v)) throw bad(`${what}: not an integer: ${JSON.stringify(v.slice(0, 40))}`);
    r = BigInt(v);
  } else if (typeof v === 'object' && typeof v.low === 'number' && typeof v.high === 'number') {
    r = (BigInt(v.high >>> 0) << 32n) | BigInt(v.low >>> 0);
    return signed ? BigInt.asIntN(64, r) : r;
  } else throw bad(`${what}: expected an integer`);
  if (signed ? r < -(1n << 63n) || r >= 1n << 63n : r < 0n || r > U64_MASK) throw bad(`${what}: out of 64-bit range: ${r}`);
  return r;
}

function toU32(v: any, what: string): number {
  if (v === undefined || v === null) return 0;
  const n = typeof v === 'string' ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > 0xffffffff) throw bad(`${what}: not a uint32: ${String(v)}`);
  return n;
}

function toStr(v: any, what: string): string {
  if (v === undefined || v === null) return '';
  if (typeof v !== 'string') throw bad(`${what}: expected a string`);
  return v;
}

function toEnum(v: any, names: Record<string, number>, what: string): number {
  if (v === undefined || v === null) return 0;
  if (typeof v === 'string') {
    if (Object.hasOwn(names, v)) return names[v];
    if (/^\d+$/.test(v)) return Number(v);
    throw bad(`${what}: unknown value ${JSON.stringify(v)}`);
  }
  if (typeof v === 'number' && Number.isInteger(v) && v >= -0x80000000 && v <= 0x7fffffff) return v;
  throw bad(`${what}: expected an enum number or name`);
}

function toDouble(v: any): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') {
    // OTLP JSON (proto3 JSON mapping) spells non-finite doubles as strings.
    if (v === 'NaN') return NaN;
    if (v === 'Infinity') return Infinity;
    if (v === '-Infinity') return -Infinity;
    const n = Number(v);
    if (!Number.isNaN(n)) return n;
  }
  throw bad('doubleValue: expected a number');
}

const MAX_DEPTH = 64;

export function normalizeAnyValue(v: any, depth = 0): OtlpAnyValue {
  if (depth > MAX_DEPTH) throw bad('AnyValue nested too deeply');
  if (v === undefined || v === null) return {};
  if (typeof v !== 'object') throw bad('AnyValue: expected an object');
  if (has(v, 'stringValue')) return { stringValue: toStr(v.stringValue, 'stringValue') };
  if (has(v, 'boolValue')) return { boolValue: Boolean(v.boolValue) };
  if (has(v, 'intValue')) return { intValue: toBigInt(v.intValue, true, 'intValue') };
  if (has(v, 'doubleValue')) return { doubleValue: toDouble(v.doubleValue) };
  if (has(v, 'arrayValue')) {
    const vals = v.arrayValue.values ?? [];
    if (!Array.isArray(vals)) throw bad('arrayValue.values: expected an array');
    return { arrayValue: { values: vals.map((x: any) => normalizeAnyValue(x, depth + 1)) } };
  }
  if (has(v, 'kvlistValue')) {
    const vals = v.kvlistValue.values ?? [];
    if (!Array.isArray(vals)) throw bad('kvlistValue.values: expected an array');
    return { kvlistValue: { values: vals.map((x: any) => normalizeKeyValue(x, depth + 1)) } };
  }
  if (has(v, 'bytesValue')) return { bytesValue: toBytes(v.bytesValue, 'bytesValue') };
  return {};
}

function normalizeKeyValue(kv: any, depth: number): OtlpKeyValue {
  if (kv === null || typeof kv !== 'object') throw bad('KeyValue: expected an object');
  return { key: toStr(kv.key, 'key'), value: normalizeAnyValue(kv.value, depth) };
}

export function normalizeAttributes(list: any): OtlpKeyValue[] {
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) throw bad('attributes: expected an array');
  const out = new Array<OtlpKeyValue>(list.length);
  for (let i = 0; i < list.length; i++) out[i] = normalizeKeyValue(list[i], 0);
  return out;
}

function arr(v: any, what: string): any[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw bad(`${what}: expected an array`);
  return v;
}

function normalizeStatus(s: any): OtlpStatus {
  if (s === undefined || s === null) return { message: '', code: 0 };
  return { message: toStr(s.message, 'status.message'), code: toEnum(s.code, STATUS_CODE_VALUES, 'status.code') };
}

function normalizeEvent(e: any): OtlpEvent {
  return {
    timeUnixNano: toBigInt(e.timeUnixNano, false, 'event.timeUnixNano'),
    name: toStr(e.name, 'event.name'),
    attributes: normalizeAttributes(e.attributes),
    droppedAttributesCount: toU32(e.droppedAttributesCount, 'event.droppedAttributesCount'),
  };
}

function normalizeLink(l: any, form: IdForm): OtlpLink {
  return {
    traceId: toId(l.traceId, form, 'link.traceId'),
    spanId: toId(l.spanId, form, 'link.spanId'),
    traceState: toStr(l.traceState, 'link.traceState'),
    attributes: normalizeAttributes(l.attributes),
    droppedAttributesCount: toU32(l.droppedAttributesCount, 'link.droppedAttributesCount'),
    flags: toU32(l.flags, 'link.flags'),
  };
}

export function normalizeSpan(s: any, form: IdForm): OtlpSpan {
  if (s === null || typeof s !== 'object') throw bad('Span: expected an object');
  return {
    traceId: toId(s.traceId, form, 'traceId'),
    spanId: toId(s.spanId, form, 'spanId'),
    traceState: toStr(s.traceState, 'traceState'),
    parentSpanId: toId(s.parentSpanId, form, 'parentSpanId'),
    flags: toU32(s.flags, 'flags'),
    name: toStr(s.name, 'name'),
    kind: toEnum(s.kind, SPAN_KIND_VALUES, 'kind'),
    startTimeUnixNano: toBigInt(s.startTimeUnixNano, false, 'startTimeUnixNano'),
    endTimeUnixNano: toBigInt(s.endTimeUnixNano, false, 'endTimeUnixNano'),
    attributes: normalizeAttributes(s.attributes),
    droppedAttributesCount: toU32(s.droppedAttributesCount, 'droppedAttributesCount'),
    events: arr(s.events, 'events').map(normalizeEvent),
    droppedEventsCount: toU32(s.droppedEventsCount, 'droppedEventsCount'),
    links: arr(s.links, 'links').map((l) => normalizeLink(l, form)),
    droppedLinksCount: toU32(s.droppedLinksCount, 'droppedLinksCount'),
    status: normalizeStatus(s.status),
  };
}

export function normalizeResource(r: any): OtlpResource {
  if (r === undefined || r === null) return { attributes: [], droppedAttributesCount: 0 };
  return {
    attributes: normalizeAttributes(r.attributes),
    droppedAttributesCount: toU32(r.droppedAttributesCount, 'resource.droppedAttributesCount'),
  };
}

export function normalizeScope(s: any): OtlpScope {
  if (s === undefined || s === null) return { name: '', version: '', attributes: [], droppedAttributesCount: 0 };
  return {
    name: toStr(s.name, 'scope.name'),
    version: toStr(s.version, 'scope.version'),
    attributes: normalizeAttributes(s.attributes),
    droppedAttributesCount: toU32(s.droppedAttributesCount, 'scope.droppedAttributesCount'),
  };
}

function normalizeWith(input: any, form: IdForm): OtlpTraces {
  if (input === null || typeof input !== 'object') throw bad('traces: expected an object');
  const rss = arr(input.resourceSpans, 'resourceSpans');
  const resourceSpans: OtlpResourceSpans[] = rss.map((rs: any) => {
    if (rs === null || typeof rs !== 'object') throw bad('ResourceSpans: expected an object');
    const scopeSpans: OtlpScopeSpans[] = arr(rs.scopeSpans, 'scopeSpans').map((ss: any) => {
      if (ss === null || typeof ss !== 'object') throw bad('ScopeSpans: expected an object');
      return {
        scope: normalizeScope(ss.scope),
        spans: arr(ss.spans, 'spans').map((s: any) => normalizeSpan(s, form)),
        schemaUrl: toStr(ss.schemaUrl, 'scopeSpans.schemaUrl'),
      };
    });
    return { resource: normalizeResource(rs.resource), scopeSpans, schemaUrl: toStr(rs.schemaUrl, 'resourceSpans.schemaUrl') };
  });
  return { resourceSpans };
}

/**
 * Decodes an OTLP ExportTraceServiceRequest (or TracesData: same wire shape) from protobuf bytes.
 * @throws BlockpackError INVALID_OTLP
 */
export function decodeOtlpProtobuf(bytes: Uint8Array): OtlpTraces {
  return decodeTracesWire(bytes.constructor === Uint8Array ? bytes : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
}

/**
 * Parses OTLP/JSON (text or an already parsed object): ids in hex, 64-bit integers as strings or
 * numbers, enums as numbers or names, bytes values in base64.
 * @throws BlockpackError INVALID_OTLP
 */
export function parseOtlpJson(json: string | object): OtlpTraces {
  let obj: unknown = json;
  if (typeof json === 'string') {
    try {
      obj = JSON.parse(json);
    } catch (e) {
      throw bad(`JSON: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return normalizeWith(obj, 'hex');
}

/**
 * Normalises any accepted input to the canonical model: protobuf bytes, OTLP JSON text, or an
 * object (plain objects with `Uint8Array` ids, OTLP JSON objects with hex ids, protobufjs messages).
 * @throws BlockpackError INVALID_OTLP
 */
export function normalizeTraces(input: Uint8Array | string | object): OtlpTraces {
  if (input instanceof Uint8Array) return decodeOtlpProtobuf(input);
  if (typeof input === 'string') return parseOtlpJson(input);
  return normalizeWith(input, 'bytes');
}

// ---------------------------------------------------------------------------------------------
// Canonical → protobuf / OTLP JSON

function longBits(v: bigint): { low: number; high: number; unsigned: boolean } {
  const u = BigInt.asUintN(64, v);
  return { low: Number(u & 0xffffffffn) | 0, high: Number(u >> 32n) | 0, unsigned: false };
}

function anyToProto(v: OtlpAnyValue): object {
  if ('stringValue' in v) return { stringValue: v.stringValue };
  if ('boolValue' in v) return { boolValue: v.boolValue };
  if ('intValue' in v) return { intValue: longBits(v.intValue) };
  if ('doubleValue' in v) return { doubleValue: v.doubleValue };
  if ('arrayValue' in v) return { arrayValue: { values: v.arrayValue.values.map(anyToProto) } };
  if ('kvlistValue' in v) return { kvlistValue: { values: v.kvlistValue.values.map(kvToProto) } };
  if ('bytesValue' in v) return { bytesValue: v.bytesValue };
  return {};
}

function kvToProto(kv: OtlpKeyValue): object {
  return { key: kv.key, value: anyToProto(kv.value) };
}

export function attributesToProto(list: OtlpKeyValue[]): object[] {
  return list.map(kvToProto);
}

/** One span event in protobufjs form (shared by the OTLP encoder and the writer's span extension blob). */
export function eventToProto(e: OtlpEvent): object {
  return {
    timeUnixNano: longBits(e.timeUnixNano),
    name: e.name,
    attributes: attributesToProto(e.attributes),
    droppedAttributesCount: e.droppedAttributesCount,
  };
}

/** One span link in protobufjs form. */
export function linkToProto(l: OtlpLink): object {
  return {
    traceId: l.traceId,
    spanId: l.spanId,
    traceState: l.traceState,
    attributes: attributesToProto(l.attributes),
    droppedAttributesCount: l.droppedAttributesCount,
    flags: l.flags,
  };
}

export function spanToProto(s: OtlpSpan): object {
  return {
    traceId: s.traceId,
    spanId: s.spanId,
    traceState: s.traceState,
    parentSpanId: s.parentSpanId,
    flags: s.flags,
    name: s.name,
    kind: s.kind,
    startTimeUnixNano: longBits(s.startTimeUnixNano),
    endTimeUnixNano: longBits(s.endTimeUnixNano),
    attributes: attributesToProto(s.attributes),
    droppedAttributesCount: s.droppedAttributesCount,
    events: s.events.map(eventToProto),
    droppedEventsCount: s.droppedEventsCount,
    links: s.links.map(linkToProto),
    droppedLinksCount: s.droppedLinksCount,
    status: { message: s.status.message, code: s.status.code },
  };
}

function tracesToProto(t: OtlpTraces): object {
  return {
    resourceSpans: t.resourceSpans.map((rs) => ({
      resource: { attributes: attributesToProto(rs.resource.attributes), droppedAttributesCount: rs.resource.droppedAttributesCount },
      schemaUrl: rs.schemaUrl,
      scopeSpans: rs.scopeSpans.map((ss) => ({
        scope: {
          name: ss.scope.name,
          version: ss.scope.version,
          attributes: attributesToProto(ss.scope.attributes),
          droppedAttributesCount: ss.scope.droppedAttributesCount,
        },
        schemaUrl: ss.schemaUrl,
        spans: ss.spans.map(spanToProto),
      })),
    })),
  };
}

/** Encodes the canonical model as an OTLP ExportTraceServiceRequest (protobuf). */
export function encodeOtlpProtobuf(t: OtlpTraces): Uint8Array {
  return OtlpTypes.ExportTraceServiceRequest.encode(tracesToProto(t) as never).finish();
}

function anyToJson(v: OtlpAnyValue): object {
  if ('intValue' in v) return { intValue: v.intValue.toString() };
  if ('doubleValue' in v) {
    const d = v.doubleValue;
    return { doubleValue: Number.isFinite(d) ? d : Number.isNaN(d) ? 'NaN' : d > 0 ? 'Infinity' : '-Infinity' };
  }
  if ('arrayValue' in v) return { arrayValue: { values: v.arrayValue.values.map(anyToJson) } };
  if ('kvlistValue' in v) return { kvlistValue: { values: v.kvlistValue.values.map(kvToJson) } };
  if ('bytesValue' in v) return { bytesValue: Buffer.from(v.bytesValue).toString('base64') };
  return { ...v };
}

function kvToJson(kv: OtlpKeyValue): object {
  return { key: kv.key, value: anyToJson(kv.value) };
}

/** The OTLP/JSON form of one attribute value (int64 as a string, bytes as base64). */
export function anyValueToJson(v: OtlpAnyValue): object {
  return anyToJson(v);
}

/** OTLP/JSON object (hex ids, int64 as strings, enums as numbers): `JSON.stringify`-safe. */
export function otlpToJson(t: OtlpTraces): object {
  return {
    resourceSpans: t.resourceSpans.map((rs) => ({
      resource: { attributes: rs.resource.attributes.map(kvToJson), droppedAttributesCount: rs.resource.droppedAttributesCount },
      schemaUrl: rs.schemaUrl,
      scopeSpans: rs.scopeSpans.map((ss) => ({
        scope: {
          name: ss.scope.name,
          version: ss.scope.version,
          attributes: ss.scope.attributes.map(kvToJson),
          droppedAttributesCount: ss.scope.droppedAttributesCount,
        },
        schemaUrl: ss.schemaUrl,
        spans: ss.spans.map((s) => ({
          traceId: toHex(s.traceId),
          spanId: toHex(s.spanId),
          traceState: s.traceState,
          parentSpanId: toHex(s.parentSpanId),
          flags: s.flags,
          name: s.name,
          kind: s.kind,
          startTimeUnixNano: s.startTimeUnixNano.toString(),
          endTimeUnixNano: s.endTimeUnixNano.toString(),
          attributes: s.attributes.map(kvToJson),
          droppedAttributesCount: s.droppedAttributesCount,
          events: s.events.map((e) => ({
            timeUnixNano: e.timeUnixNano.toString(),
            name: e.name,
            attributes: e.attributes.map(kvToJson),
            droppedAttributesCount: e.droppedAttributesCount,
          })),
          droppedEventsCount: s.droppedEventsCount,
          links: s.links.map((l) => ({
            traceId: toHex(l.traceId),
            spanId: toHex(l.spanId),
            traceState: l.traceState,
            attributes: l.attributes.map(kvToJson),
            droppedAttributesCount: l.droppedAttributesCount,
            flags: l.flags,
          })),
          droppedLinksCount: s.droppedLinksCount,
          status: { message: s.status.message, code: s.status.code },
        })),
      })),
    })),
  };
}
