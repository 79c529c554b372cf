import { toHex } from '../shared/bytes.js';
import { Col, ColumnType, RESOURCE_ATTR_PREFIX, SCOPE_ATTR_PREFIX, SPAN_ATTR_PREFIX } from '../shared/constants.js';
import type { Block } from '../reader/block.js';
import type { Column } from '../reader/column.js';
import { invalidSearchArgument } from './errors.js';
import { INTRINSIC_COLUMN, columnNamesOf } from './fields.js';
import { compileFilter } from './predicate.js';
import type { CompiledFilter } from './predicate.js';
import type { QuerySource } from './source.js';
import type { FieldRef } from './traceql/ast.js';
import { KIND_LITERALS, STATUS_LITERALS } from './traceql/ast.js';
import { invalidQuery } from './errors.js';
import { parseTraceQLFilter } from './traceql/parser.js';

export type TagScope = 'span' | 'resource' | 'instrumentation' | 'intrinsic';

export interface TagSearchOptions {
  /** A TraceQL filter (`{ … }`): only spans matching it contribute. Default: every span. */
  query: string;
  /** Maximum names per scope, or values. Default 1,000. */
  limit: number;
  /** Only blocks whose spans may start in [startNs, endNs] are read (ns, inclusive). */
  startNs: bigint;
  endNs: bigint;
}

export interface TagNamesOptions extends TagSearchOptions {
  /** Scopes to list. Default: all four. */
  scopes: readonly TagScope[];
}

/** Tag names by scope, each list sorted and deduplicated. */
export type TagNames = Record<TagScope, string[]>;

/** One tag value as Tempo's v2 API renders it. */
export interface TagValue {
  readonly type: 'string' | 'int' | 'float' | 'bool' | 'duration' | 'keyword';
  readonly value: string;
}

/** The static intrinsic tag list Tempo returns (tempo-api 15.4). */
export const INTRINSIC_TAGS: readonly string[] = [
  'duration', 'name', 'status', 'statusMessage', 'kind', 'rootServiceName', 'rootName', 'traceDuration',
  'event:name', 'event:timeSinceStart', 'link:spanID', 'link:traceID', 'instrumentation:name', 'instrumentation:version',
  'trace:id', 'span:id', 'span:parentID', 'span:status', 'span:statusMessage', 'span:duration', 'span:name', 'span:kind',
  'trace:rootName', 'trace:rootService', 'trace:duration',
];

const DEFAULTS: TagNamesOptions = {
  query: '',
  limit: 1000,
  startNs: 0n,
  endNs: (1n << 64n) - 1n,
  scopes: ['span', 'resource', 'instrumentation', 'intrinsic'],
};

/**
 * Lists attribute names per scope (`span.x` → span `x`, `resource.x` → resource `x`, `scope.x` →
 * instrumentation `x`), from the column directories of the blocks in the window, restricted to
 * columns with a value on a span matching `query` when one is given. Fixed columns (`span:id`,
 * `otlp:*`, …) are never listed; `intrinsic` is Tempo's static list.
 * @throws BlockpackError INVALID_QUERY / UNSUPPORTED_QUERY, INVALID_ARGUMENT
 */
export async function searchTagNames(source: QuerySource, options: Readonly<Partial<TagNamesOptions>> = {}): Promise<TagNames> {
  const opts = checkOptions({ ...DEFAULTS, ...options });
  const filter = compileFilter(parseTraceQLFilter(opts.query));
  const sets: Record<TagScope, Set<string>> = { span: new Set(), resource: new Set(), instrumentation: new Set(), intrinsic: new Set() };
  const wanted = new Set(opts.scopes);
  const matchAll = opts.query.trim() === '' || opts.query.trim() === '{}';
  for (const b of planBlocks(source, filter, opts)) {
    const block = await source.readBlock(b);
    const mask = matchAll ? undefined : matchMask(block, filter, opts);
    if (mask !== undefined && !mask.some((x) => x === 1)) continue;
    for (const info of block.columns) {
      const tag = tagOf(info.name);
      if (tag === undefined || !wanted.has(tag.scope)) continue;
      const set = sets[tag.scope];
      if (set.has(tag.name) || set.size >= opts.limit) continue;
      if (mask !== undefined) {
        const col = block.column(info.name, info.type);
        if (col === undefined || !anyPresent(col, mask)) continue;
      }
      set.add(tag.name);
    }
  }
  if (wanted.has('intrinsic')) for (const t of INTRINSIC_TAGS.slice(0, opts.limit)) sets.intrinsic.add(t);
  const out = {} as TagNames;
  for (const scope of ['span', 'resource', 'instrumentation', 'intrinsic'] as const) out[scope] = [...sets[scope]].sort();
  return out;
}

/**
 * Distinct values of one tag: a TraceQL identifier such as `span.http.method`, `.foo` (span or
 * resource), `resource.service.name`, `name`, `status`, `kind`, `duration`, `span:name`,
 * `rootServiceName`. Values come from every column with that name, whatever its type, on spans
 * matching `query` (all spans by default). `status` and `kind` give Tempo's static keyword lists.
 * @throws BlockpackError INVALID_QUERY when the tag is not an identifier, INVALID_ARGUMENT
 */
export async function searchTagValues(
  source: QuerySource,
  tag: string,
  options: Readonly<Partial<TagSearchOptions>> = {},
): Promise<TagValue[]> {
  const opts = checkOptions({ ...DEFAULTS, ...options });
  const field = parseTag(tag);
  if (field.type === 'intrinsic' && (field.name === 'status' || field.name === 'kind')) {
    const table = field.name === 'status' ? STATUS_LITERALS : KIND_LITERALS;
    const order = field.name === 'status' ? ['error', 'ok', 'unset'] : Object.keys(table);
    return order.slice(0, opts.limit).map((value) => ({ type: 'keyword', value }));
  }
  const filter = compileFilter(parseTraceQLFilter(opts.query));
  const matchAll = opts.query.trim() === '' || opts.query.trim() === '{}';
  const seen = new Set<string>();
  const out: TagValue[] = [];
  const add = (v: TagValue): boolean => {
    const key = `${v.type}\u0000${v.value}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(v);
    }
    return out.length >= opts.limit;
  };
  const { columns, render, rootOnly } = valueSource(field);
  if (columns.length === 0) return out;
  for (const b of planBlocks(source, filter, opts)) {
    const block = await source.readBlock(b);
    let mask = matchAll ? undefined : matchMask(block, filter, opts);
    if (rootOnly) mask = rootMask(block, mask);
    for (const name of columns) {
      for (const col of block.columnsNamed(name)) {
        if (collect(col, mask, render, add)) return out;
      }
    }
  }
  return out;
}

function checkOptions<T extends TagSearchOptions>(o: T): T {
  if (!Number.isSafeInteger(o.limit) || o.limit < 1) throw invalidSearchArgument(`limit must be a positive integer, got ${o.limit}`);
  if (typeof o.startNs !== 'bigint' || typeof o.endNs !== 'bigint' || o.endNs < o.startNs) {
    throw invalidSearchArgument('startNs and endNs must be bigint with startNs ≤ endNs');
  }
  return o;
}

function parseTag(tag: string): FieldRef {
  const e = parseTraceQLFilter(`{ ${tag} }`);
  if (e.type !== 'exists' || !e.exists) throw invalidQuery(`not a tag name: ${JSON.stringify(tag)}`, 0);
  return e.field;
}

function planBlocks(source: QuerySource, filter: CompiledFilter, opts: TagSearchOptions): number[] {
  const allowed = filter.trace.length > 0 ? undefined : filter.span.candidateBlocks(source);
  const out: number[] = [];
  for (let b = 0; b < source.blockCount; b++) {
    if (allowed !== undefined && !allowed.has(b)) continue;
    const s = source.blockSummary(b);
    if (s.minStart > opts.endNs || s.maxStart < opts.startNs) continue;
    out.push(b);
  }
  return out;
}

/** Rows matching the span-level filter and the time window (trace-level parts are ignored). */
function matchMask(block: Block, filter: CompiledFilter, opts: TagSearchOptions): Uint8Array {
  const n = block.spanCount;
  const mask = new Uint8Array(n);
  filter.span.evalInto(block, mask);
  const start = block.column(Col.Start, ColumnType.Uint64);
  if (start !== undefined && start.values.kind === 'uint64' && (opts.startNs > 0n || opts.endNs < (1n << 64n) - 1n)) {
    const big = start.values.big;
    for (let r = 0; r < n; r++) {
      const k = start.index[r];
      if (mask[r] === 1 && (k < 0 || big[k] < opts.startNs || big[k] > opts.endNs)) mask[r] = 0;
    }
  }
  return mask;
}

function rootMask(block: Block, mask: Uint8Array | undefined): Uint8Array {
  const n = block.spanCount;
  const out = new Uint8Array(n);
  const parent = block.column(Col.ParentId, ColumnType.Bytes);
  const bytes = parent?.values.kind === 'bytes' ? parent.values.bytes : undefined;
  for (let r = 0; r < n; r++) {
    if (mask !== undefined && mask[r] === 0) continue;
    const k = parent === undefined ? -1 : parent.index[r];
    out[r] = k < 0 || bytes === undefined || bytes[k].length === 0 ? 1 : 0;
  }
  return out;
}

function anyPresent(col: Column, mask: Uint8Array): boolean {
  for (let r = 0; r < mask.length; r++) if (mask[r] === 1 && col.index[r] >= 0) return true;
  return false;
}

function tagOf(column: string): { scope: TagScope; name: string } | undefined {
  if (column.startsWith(SPAN_ATTR_PREFIX)) return { scope: 'span', name: column.slice(SPAN_ATTR_PREFIX.length) };
  if (column.startsWith(RESOURCE_ATTR_PREFIX)) return { scope: 'resource', name: column.slice(RESOURCE_ATTR_PREFIX.length) };
  if (column.startsWith(SCOPE_ATTR_PREFIX)) return { scope: 'instrumentation', name: column.slice(SCOPE_ATTR_PREFIX.length) };
  return undefined;
}

type Render = (col: Column, i: number) => TagValue | undefined;

function valueSource(field: FieldRef): { columns: string[]; render: Render; rootOnly: boolean } {
  if (field.type === 'traceIntrinsic') {
    if (field.name === 'rootName') return { columns: [Col.Name], render: renderPlain, rootOnly: true };
    if (field.name === 'rootService') return { columns: [Col.ServiceName], render: renderPlain, rootOnly: true };
    return { columns: [], render: renderPlain, rootOnly: false };
  }
  if (field.type === 'intrinsic') {
    switch (field.name) {
      case 'name':
      case 'statusMessage':
      case 'instrumentationName':
      case 'instrumentationVersion':
        return { columns: [INTRINSIC_COLUMN[field.name]], render: renderPlain, rootOnly: false };
      case 'duration':
        return { columns: [Col.Duration], render: renderDuration, rootOnly: false };
      default:
        // ids and timestamps are not offered as tag values
        return { columns: [], render: renderPlain, rootOnly: false };
    }
  }
  return { columns: columnNamesOf(field), render: renderPlain, rootOnly: false };
}

/** Adds the values present on masked rows (all rows without a mask); true once the limit is hit. */
function collect(col: Column, mask: Uint8Array | undefined, render: Render, add: (v: TagValue) => boolean): boolean {
  const v = col.values;
  const count = v.kind === 'string' ? v.strings.length : v.kind === 'bytes' ? v.bytes.length : v.kind === 'bool' ? v.bool.length : v.num.length;
  if (mask === undefined) {
    // Every stored value belongs to some row (dictionary entries and per-row values alike).
    for (let i = 0; i < count; i++) {
      const t = render(col, i);
      if (t !== undefined && add(t)) return true;
    }
    return false;
  }
  const done = new Uint8Array(count);
  for (let r = 0; r < mask.length; r++) {
    if (mask[r] === 0) continue;
    const k = col.index[r];
    if (k < 0 || done[k] === 1) continue;
    done[k] = 1;
    const t = render(col, k);
    if (t !== undefined && add(t)) return true;
  }
  return false;
}

function renderPlain(col: Column, i: number): TagValue | undefined {
  const v = col.values;
  switch (v.kind) {
    case 'string':
      return { type: 'string', value: v.strings[i] };
    case 'int64':
    case 'uint64':
      return { type: 'int', value: v.big[i].toString() };
    case 'float64':
      return { type: 'float', value: formatFloat(v.num[i]) };
    case 'bool':
      return { type: 'bool', value: v.bool[i] !== 0 ? 'true' : 'false' };
    case 'bytes':
      return { type: 'string', value: toHex(v.bytes[i]) };
  }
}

function renderDuration(col: Column, i: number): TagValue | undefined {
  const v = col.values;
  if (v.kind !== 'uint64' && v.kind !== 'int64') return undefined;
  return { type: 'duration', value: formatGoDuration(v.big[i]) };
}

/** Shortest round-trip text, as Go's strconv 'g' -1 for the common cases (`1e+21`, `0.5`, `NaN`). */
function formatFloat(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return '+Inf';
  if (x === -Infinity) return '-Inf';
  return String(x);
}

/** Go's `time.Duration.String()`: `0s`, `150ns`, `1.5µs`, `250ms`, `1m30s`, `2h0m0s`. */
export function formatGoDuration(ns: bigint): string {
  if (ns === 0n) return '0s';
  const neg = ns < 0n;
  let u = neg ? -ns : ns;
  let out: string;
  if (u < 1_000_000_000n) {
    let unit: string;
    let scale: bigint;
    if (u < 1000n) {
      unit = 'ns';
      scale = 1n;
    } else if (u < 1_000_000n) {
      unit = 'µs';
      scale = 1000n;
    } else {
      unit = 'ms';
      scale = 1_000_000n;
    }
    out = fraction(u, scale) + unit;
  } else {
    const h = u / 3_600_000_000_000n;
    u -= h * 3_600_000_000_000n;
    const m = u / 60_000_000_000n;
    u -= m * 60_000_000_000n;
    out = `${fraction(u, 1_000_000_000n)}s`;
    if (h > 0n || m > 0n) out = `${m}m${out}`;
    if (h > 0n) out = `${h}h${out}`;
  }
  return neg ? `-${out}` : out;
}

function fraction(v: bigint, scale: bigint): string {
  const whole = v / scale;
  const rest = v % scale;
  if (rest === 0n) return whole.toString();
  const digits = scale.toString().length - 1;
  return `${whole}.${rest.toString().padStart(digits, '0').replace(/0+$/, '')}`;
}
