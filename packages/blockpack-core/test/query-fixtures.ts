/**
 * Seeded span corpora for the query tests: the same spans as OTLP input for the writer and as a
 * flat model for a naive reference filter.
 */
import { SeededRandom } from '@mebo-internal/test-kit';
import type { OtlpAnyValue } from '../src/otlp/model.js';
import type { FieldExpr, FieldRef, Literal, SpansetExpr, TraceQLQuery } from '../src/query/traceql/ast.js';

export type ModelValue = string | bigint | number | boolean;

export interface ModelSpan {
  traceId: string;
  spanId: string;
  parentId: string;
  name: string;
  kind: number;
  status: number;
  statusMessage: string;
  start: bigint;
  end: bigint;
  service: string;
  /** Scoped attribute columns: `span.x`, `resource.x`, `scope.x` → value. */
  attrs: Map<string, ModelValue>;
}

export const SERVICES = ['frontend', 'api', 'db', 'cache', 'auth'];
export const NAMES = ['GET /', 'POST /api/items', 'query', 'get', 'checkout', 'süß 🐢'];
export const BASE_NS = 1_700_000_000_000_000_000n;

function hex(rng: SeededRandom, bytes: number): string {
  let s = '';
  for (let i = 0; i < bytes; i++) s += rng.int(256).toString(16).padStart(2, '0');
  return s;
}

function pick<T>(rng: SeededRandom, xs: readonly T[]): T {
  return xs[rng.int(xs.length)];
}

/** `traces` traces of 1–8 spans, parent links forming a tree, a mix of attribute types. */
export function makeSpans(seed: number, traces: number): ModelSpan[] {
  const rng = new SeededRandom(seed);
  const out: ModelSpan[] = [];
  for (let t = 0; t < traces; t++) {
    const traceId = hex(rng, 16);
    const n = 1 + rng.int(8);
    const traceStart = BASE_NS + BigInt(t) * 1_000_000_000n + BigInt(rng.int(1_000_000));
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      const spanId = hex(rng, 8);
      const parentId = i === 0 ? '' : ids[rng.int(ids.length)];
      ids.push(spanId);
      const start = traceStart + BigInt(i * 1000 + rng.int(1000));
      const end = start + BigInt(rng.int(5) * 1_000_000 + rng.int(1000));
      const service = pick(rng, SERVICES);
      const attrs = new Map<string, ModelValue>();
      attrs.set('resource.service.name', service);
      attrs.set('resource.env', rng.int(2) === 0 ? 'prod' : 'dev');
      if (rng.int(4) !== 0) attrs.set('span.http.status_code', BigInt(pick(rng, [200, 201, 404, 500, 503])));
      if (rng.int(3) === 0) attrs.set('span.ratio', pick(rng, [0.5, 1.25, -3, 100, 0.1]));
      if (rng.int(3) === 0) attrs.set('span.flag', rng.int(2) === 0);
      if (rng.int(2) === 0) attrs.set('span.user', pick(rng, ['alice', 'bob', 'carol', 'Bob', '']));
      // one name, several types
      const m = rng.int(4);
      if (m === 1) attrs.set('span.multi', BigInt(rng.int(10)));
      if (m === 2) attrs.set('span.multi', String(rng.int(10)));
      if (m === 3) attrs.set('span.multi', rng.int(10) + 0.5);
      if (rng.int(10) === 0) attrs.set('span.big', 9007199254740993n + BigInt(rng.int(3)));
      // same key on span and resource
      if (rng.int(3) === 0) attrs.set('span.env', rng.int(2) === 0 ? 'prod' : 'staging');
      if (rng.int(5) === 0) attrs.set('scope.lib.attr', 'x');
      out.push({
        traceId,
        spanId,
        parentId,
        name: pick(rng, NAMES),
        kind: rng.int(6),
        status: rng.int(3),
        statusMessage: rng.int(4) === 0 ? 'boom' : '',
        start,
        end,
        service,
        attrs,
      });
    }
  }
  return out;
}

function anyValue(v: ModelValue): OtlpAnyValue {
  if (typeof v === 'string') return { stringValue: v };
  if (typeof v === 'bigint') return { intValue: v };
  if (typeof v === 'number') return { doubleValue: v };
  return { boolValue: v };
}

function fromHexString(s: string): Uint8Array {
  const out = new Uint8Array(s.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(s.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** OTLP objects for the writer: one ResourceSpans per span (resource attributes vary per span). */
export function toOtlp(spans: readonly ModelSpan[]): object {
  return {
    resourceSpans: spans.map((s) => {
      const res: { key: string; value: OtlpAnyValue }[] = [];
      const span: { key: string; value: OtlpAnyValue }[] = [];
      const scope: { key: string; value: OtlpAnyValue }[] = [];
      for (const [k, v] of s.attrs) {
        if (k.startsWith('resource.')) res.push({ key: k.slice(9), value: anyValue(v) });
        else if (k.startsWith('span.')) span.push({ key: k.slice(5), value: anyValue(v) });
        else if (k.startsWith('scope.')) scope.push({ key: k.slice(6), value: anyValue(v) });
      }
      return {
        resource: { attributes: res },
        scopeSpans: [{
          scope: { name: 'test-lib', version: '1.0', attributes: scope },
          spans: [{
            traceId: fromHexString(s.traceId),
            spanId: fromHexString(s.spanId),
            parentSpanId: fromHexString(s.parentId),
            name: s.name,
            kind: s.kind,
            startTimeUnixNano: s.start,
            endTimeUnixNano: s.end,
            attributes: span,
            status: { code: s.status, message: s.statusMessage },
          }],
        }],
      };
    }),
  };
}

// ---------------------------------------------------------------------------------------------
// A naive reference evaluator over the model, written straight from the TraceQL semantics.


function valuesOf(s: ModelSpan, f: FieldRef): ModelValue[] {
  if (f.type === 'attribute') {
    const keys = f.scope === 'unscoped' ? [`span.${f.name}`, `resource.${f.name}`]
      : f.scope === 'instrumentation' ? [`scope.${f.name}`] : [`${f.scope}.${f.name}`];
    return keys.map((k) => s.attrs.get(k)).filter((v): v is ModelValue => v !== undefined);
  }
  if (f.type === 'traceIntrinsic') throw new Error('naive: trace intrinsics not modelled');
  switch (f.name) {
    case 'name': return s.name === '' ? [] : [s.name];
    case 'statusMessage': return s.statusMessage === '' ? [] : [s.statusMessage];
    case 'duration': return [s.end > s.start ? s.end - s.start : 0n];
    case 'start': return [s.start];
    case 'end': return [s.end];
    case 'instrumentationName': return ['test-lib'];
    case 'instrumentationVersion': return ['1.0'];
    default: throw new Error(`naive: ${f.name}`);
  }
}

function cmpAny(a: ModelValue, b: number | bigint | string): number {
  if (typeof a === 'string' && typeof b === 'string') {
    const x = [...a].map((c) => c.codePointAt(0)!);
    const y = [...b].map((c) => c.codePointAt(0)!);
    for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] - y[i];
    return x.length - y.length;
  }
  if (typeof a === 'bigint' && (typeof b === 'bigint' || (typeof b === 'number' && Number.isInteger(b)))) {
    const bb = BigInt(b);
    return a < bb ? -1 : a > bb ? 1 : 0;
  }
  const x = Number(a);
  const y = Number(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

function litMatches(v: ModelValue, op: string, lit: Literal): boolean {
  switch (lit.type) {
    case 'string':
      if (typeof v !== 'string') return false;
      if (op === '=~' || op === '!~') {
        const ci = lit.value.startsWith('(?i)');
        const re = new RegExp(`^(?:${ci ? lit.value.slice(4) : lit.value})$`, ci ? 'si' : 's');
        return re.test(v) === (op === '=~');
      }
      break;
    case 'int':
    case 'float':
    case 'duration':
      if (typeof v !== 'bigint' && typeof v !== 'number') return false;
      break;
    case 'bool':
      if (typeof v !== 'boolean') return false;
      if (op === '=') return v === lit.value;
      if (op === '!=') return v !== lit.value;
      return false;
    default:
      return false;
  }
  const c = cmpAny(v, lit.type === 'int' && lit.big !== undefined ? lit.big : (lit.value as number | string));
  switch (op) {
    case '=': return c === 0;
    case '!=': return c !== 0;
    case '>': return c > 0;
    case '>=': return c >= 0;
    case '<': return c < 0;
    case '<=': return c <= 0;
  }
  return false;
}

export function naiveMatch(e: FieldExpr, s: ModelSpan): boolean {
  switch (e.type) {
    case 'const': return e.value;
    case 'and': return naiveMatch(e.left, s) && naiveMatch(e.right, s);
    case 'or': return naiveMatch(e.left, s) || naiveMatch(e.right, s);
    case 'not': return !naiveMatch(e.expr, s);
    case 'exists': {
      const f = e.field;
      let has: boolean;
      if (f.type === 'intrinsic' && (f.name === 'status' || f.name === 'kind')) has = true;
      else if (f.type === 'intrinsic' && (f.name === 'traceId' || f.name === 'spanId')) has = true;
      else if (f.type === 'intrinsic' && f.name === 'parentId') has = s.parentId !== '';
      else has = valuesOf(s, f).length > 0;
      return has === e.exists;
    }
    case 'compare': {
      const f = e.field;
      if (f.type === 'intrinsic' && (f.name === 'status' || f.name === 'kind')) {
        const v = f.name === 'status' ? s.status : s.kind;
        return (v === e.value.value) === (e.op === '=');
      }
      if (f.type === 'intrinsic' && (f.name === 'traceId' || f.name === 'spanId' || f.name === 'parentId')) {
        const v = f.name === 'traceId' ? s.traceId : f.name === 'spanId' ? s.spanId : s.parentId;
        if (v === '') return false;
        const lit = (e.value.value as string).toLowerCase().padStart(f.name === 'traceId' ? 32 : 16, '0');
        if (e.op === '=~' || e.op === '!~') return new RegExp(`^(?:${e.value.value as string})$`, 's').test(v) === (e.op === '=~');
        return (v === lit) === (e.op === '=');
      }
      return valuesOf(s, f).some((v) => litMatches(v, e.op, e.value));
    }
  }
}

function naiveSet(e: SpansetExpr, spans: ModelSpan[], byId: Map<string, ModelSpan>, q: TraceQLQuery, inWindow: (s: ModelSpan) => boolean): Set<string> {
  switch (e.type) {
    case 'filter':
      return new Set(spans.filter((s) => inWindow(s) && naiveMatch(e.expr, s)).map((s) => s.spanId));
    case 'spansetAnd': {
      const l = naiveSet(e.left, spans, byId, q, inWindow);
      const r = naiveSet(e.right, spans, byId, q, inWindow);
      return l.size > 0 && r.size > 0 ? new Set([...l, ...r]) : new Set();
    }
    case 'spansetOr':
      return new Set([...naiveSet(e.left, spans, byId, q, inWindow), ...naiveSet(e.right, spans, byId, q, inWindow)]);
    case 'structural': {
      const l = naiveSet(e.left, spans, byId, q, inWindow);
      const r = naiveSet(e.right, spans, byId, q, inWindow);
      const parent = (id: string): string => byId.get(id)?.parentId ?? '';
      const ancestors = (id: string): string[] => {
        const out: string[] = [];
        for (let p = parent(id); p !== '' && out.length < 100; p = parent(p)) out.push(p);
        return out;
      };
      const rel = (b: string): boolean => {
        switch (e.op.replace(/^[!&]/, '')) {
          case '>': return l.has(parent(b));
          case '<': return [...l].some((a) => parent(a) === b);
          case '~': return parent(b) !== '' && [...l].some((a) => a !== b && parent(a) === parent(b));
          case '>>': return ancestors(b).some((a) => l.has(a));
          case '<<': return [...l].some((a) => ancestors(a).includes(b));
        }
        return false;
      };
      const out = new Set<string>();
      for (const b of r) if (rel(b) !== e.op.startsWith('!')) out.add(b);
      return out;
    }
  }
}

/** Trace id → matched span ids, by brute force over every span. */
export function naiveSearch(spans: ModelSpan[], q: TraceQLQuery, startNs = 0n, endNs = (1n << 64n) - 1n): Map<string, Set<string>> {
  const byTrace = new Map<string, ModelSpan[]>();
  for (const s of spans) byTrace.set(s.traceId, [...(byTrace.get(s.traceId) ?? []), s]);
  const out = new Map<string, Set<string>>();
  const inWindow = (s: ModelSpan): boolean => s.start >= startNs && s.start <= endNs;
  for (const [t, list] of byTrace) {
    const byId = new Map(list.map((s) => [s.spanId, s]));
    const set = naiveSet(q.root, list, byId, q, inWindow);
    if (set.size > 0) out.set(t, set);
  }
  return out;
}
