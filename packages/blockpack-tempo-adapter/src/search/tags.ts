import { TempoError, TempoErrorCode } from '../errors.js';
import { fromHex, toHex } from '../convert/ids.js';
import type { AnyValue, KeyValue, Span } from '../convert/model.js';
import type { EngineFile, EngineTagValue } from '../store/engine.js';
import type { TempoStore, TimeWindow } from '../store/tempo-store.js';
import { asQueryError } from './search.js';

// Tag names and values (tempo-api.md §10.6–10.7, §15.4–15.5), from the column names and column
// dictionaries of every head and backend block in the window.

type Json = Record<string, unknown>;

/** The static intrinsic list of §15.4. */
export const INTRINSIC_TAGS = [
  'duration',
  'event:name',
  'event:timeSinceStart',
  'instrumentation:name',
  'instrumentation:version',
  'kind',
  'link:spanID',
  'link:traceID',
  'name',
  'rootName',
  'rootServiceName',
  'span:duration',
  'span:id',
  'span:kind',
  'span:name',
  'span:parentID',
  'span:status',
  'span:statusMessage',
  'status',
  'statusMessage',
  'trace:duration',
  'trace:id',
  'trace:rootName',
  'trace:rootService',
  'traceDuration',
] as const;

const SCOPES = ['resource', 'span', 'intrinsic', 'event', 'link', 'instrumentation', 'none', ''] as const;
const PREFIX_SCOPE: readonly [string, string][] = [
  ['resource.', 'resource'],
  ['span.', 'span'],
  ['scope.', 'instrumentation'],
];

const STATUS_VALUES: EngineTagValue[] = ['error', 'ok', 'unset'].map((value) => ({ type: 'keyword', value }));
const KIND_VALUES: EngineTagValue[] = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'].map((value) => ({ type: 'keyword', value }));

export interface TagsRequest {
  readonly scope: string;
  readonly limit: number;
  readonly window: TimeWindow;
}

function checkScope(scope: string): void {
  if (!(SCOPES as readonly string[]).includes(scope)) {
    throw new TempoError(TempoErrorCode.BadParameter, `invalid scope ${JSON.stringify(scope)}: use resource, span, intrinsic, event, link, instrumentation or none`);
  }
}

async function collectColumns(store: TempoStore, tenant: string, window: TimeWindow): Promise<{ names: Set<string>; bytes: number }> {
  const names = new Set<string>();
  let bytes = 0;
  for (const src of await store.sources(tenant, window)) {
    for (const file of await store.filesOf(src)) {
      for (const n of await file.columnNames()) names.add(n);
      bytes += 0;
    }
  }
  return { names, bytes };
}

function byScope(columns: Iterable<string>): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>([
    ['resource', new Set()],
    ['span', new Set()],
    ['instrumentation', new Set()],
  ]);
  for (const c of columns) {
    for (const [prefix, scope] of PREFIX_SCOPE) {
      if (c.startsWith(prefix) && c.length > prefix.length) {
        out.get(scope)!.add(c.slice(prefix.length));
        break;
      }
    }
  }
  return out;
}

function sortedLimited(set: Iterable<string>, limit: number): string[] {
  return [...set].sort().slice(0, limit);
}

/** GET /api/v2/search/tags */
export async function searchTagsV2(store: TempoStore, tenant: string, req: TagsRequest): Promise<Json> {
  checkScope(req.scope);
  const all = req.scope === '' || req.scope === 'none';
  const scopes: Json[] = [];
  if (all || ['resource', 'span', 'instrumentation'].includes(req.scope)) {
    const grouped = byScope((await collectColumns(store, tenant, req.window)).names);
    for (const name of ['resource', 'span', 'instrumentation']) {
      if (!all && req.scope !== name) continue;
      const tags = sortedLimited(grouped.get(name)!, req.limit);
      if (all && tags.length === 0) continue;
      scopes.push({ name, tags });
    }
  }
  if (all || req.scope === 'intrinsic') scopes.push({ name: 'intrinsic', tags: sortedLimited(INTRINSIC_TAGS, req.limit) });
  if (!all && (req.scope === 'event' || req.scope === 'link')) scopes.push({ name: req.scope, tags: [] });
  return { scopes, metrics: {} };
}

/** GET /api/search/tags (v1): unscoped names; span + resource unless a scope is given. */
export async function searchTagsV1(store: TempoStore, tenant: string, req: TagsRequest): Promise<Json> {
  checkScope(req.scope);
  if (req.scope === 'intrinsic') return { tagNames: sortedLimited(INTRINSIC_TAGS, req.limit), metrics: {} };
  const grouped = byScope((await collectColumns(store, tenant, req.window)).names);
  const names = new Set<string>();
  for (const scope of req.scope === '' || req.scope === 'none' ? ['span', 'resource'] : [req.scope]) for (const n of grouped.get(scope) ?? []) names.add(n);
  return { tagNames: sortedLimited(names, req.limit), metrics: {} };
}

/** How a tag name resolves: columns to read, or a static value list. */
type Resolved = { kind: 'columns'; columns: string[] } | { kind: 'static'; values: EngineTagValue[] } | { kind: 'none' };

const IDENT = /^[A-Za-z0-9_\-./:]+$/;
const INTRINSIC_COLUMNS: Record<string, string[]> = {
  name: ['span:name'],
  'span:name': ['span:name'],
  statusMessage: ['span:status_message'],
  'span:statusMessage': ['span:status_message'],
  rootName: ['span:name'],
  'trace:rootName': ['span:name'],
  rootServiceName: ['resource.service.name'],
  'trace:rootService': ['resource.service.name'],
  'instrumentation:name': ['scope:name'],
  'instrumentation:version': ['scope:version'],
};

/**
 * Resolves a TraceQL tag identifier (v2) to columns.
 * @throws TempoError BAD_PARAMETER when it is not an identifier
 */
export function resolveTagV2(tag: string): Resolved {
  if (tag === '' || !IDENT.test(tag) || tag.length > 1024) throw new TempoError(TempoErrorCode.BadParameter, `invalid tag ${JSON.stringify(tag.slice(0, 60))}`);
  if (tag === 'status' || tag === 'span:status') return { kind: 'static', values: STATUS_VALUES };
  if (tag === 'kind' || tag === 'span:kind') return { kind: 'static', values: KIND_VALUES };
  const intrinsic = INTRINSIC_COLUMNS[tag];
  if (intrinsic) return { kind: 'columns', columns: intrinsic };
  if ((INTRINSIC_TAGS as readonly string[]).includes(tag)) return { kind: 'none' };
  if (tag.startsWith('.') && tag.length > 1) return { kind: 'columns', columns: [`span${tag}`, `resource${tag}`] };
  for (const [prefix, scoped] of [
    ['resource.', 'resource.'],
    ['span.', 'span.'],
    ['instrumentation.', 'scope.'],
  ] as const) {
    if (tag.startsWith(prefix) && tag.length > prefix.length) return { kind: 'columns', columns: [scoped + tag.slice(prefix.length)] };
  }
  if (tag.startsWith('event.') || tag.startsWith('link.') || tag.startsWith('event:') || tag.startsWith('link:')) return { kind: 'none' };
  // Tempo answers 400 for an unscoped dotted name (`app.user.id`); plain words are unknown tags.
  if (tag.includes('.') || tag.includes(':')) throw new TempoError(TempoErrorCode.BadParameter, `invalid tag ${JSON.stringify(tag)}: use a scope (span., resource., .)`);
  return { kind: 'none' };
}

export interface TagValuesRequest {
  readonly limit: number;
  readonly window: TimeWindow;
  readonly query: string | undefined;
}

/** Traces examined per file when a tag-values request carries a `q` filter. */
const Q_TRACES_PER_FILE = 200;

function typedValue(v: AnyValue): EngineTagValue | undefined {
  if ('stringValue' in v) return { type: 'string', value: v.stringValue };
  if ('intValue' in v) return { type: 'int', value: v.intValue.toString() };
  if ('doubleValue' in v) return { type: 'float', value: String(v.doubleValue) };
  if ('boolValue' in v) return { type: 'bool', value: v.boolValue ? 'true' : 'false' };
  return undefined;
}

/** Values of `columns` on one span (the OTLP form of the column mapping of FMT §10.2/10.7). */
function spanValues(columns: readonly string[], span: Span, resource: KeyValue[], scope: { name: string; version: string; attributes: KeyValue[] }): EngineTagValue[] {
  const out: EngineTagValue[] = [];
  const attr = (list: KeyValue[], key: string) => {
    for (const kv of list) if (kv.key === key) {
      const t = typedValue(kv.value);
      if (t) out.push(t);
    }
  };
  for (const c of columns) {
    if (c === 'span:name') out.push({ type: 'string', value: span.name });
    else if (c === 'span:status_message') {
      if (span.status.message) out.push({ type: 'string', value: span.status.message });
    } else if (c === 'scope:name') {
      if (scope.name) out.push({ type: 'string', value: scope.name });
    } else if (c === 'scope:version') {
      if (scope.version) out.push({ type: 'string', value: scope.version });
    } else if (c.startsWith('span.')) attr(span.attributes, c.slice(5));
    else if (c.startsWith('resource.')) attr(resource, c.slice(9));
    else if (c.startsWith('scope.')) attr(scope.attributes, c.slice(6));
  }
  return out;
}

/** With `q`: values from the spans matching the filter (search, then the matched spans' OTLP). */
async function valuesMatching(file: EngineFile, columns: readonly string[], query: string, limit: number): Promise<EngineTagValue[]> {
  const r = await file.search(query, { limit: Q_TRACES_PER_FILE, spansPerSpanset: 10_000, startNs: 0n, endNs: (1n << 64n) - 1n, mostRecent: false });
  const out: EngineTagValue[] = [];
  for (const t of r.traces) {
    const ids = new Set(t.spanSets.flatMap((ss) => ss.spans.map((s) => s.spanId)));
    const full = await file.findTrace(fromHex(t.traceId.padStart(32, '0'))!);
    if (!full) continue;
    for (const rs of full.resourceSpans) for (const ss of rs.scopeSpans) for (const span of ss.spans) if (ids.has(toHex(span.spanId))) out.push(...spanValues(columns, span, rs.resource.attributes, ss.scope));
    if (out.length >= limit * 4) break;
  }
  return out;
}

async function collectValues(store: TempoStore, tenant: string, columns: readonly string[], req: TagValuesRequest): Promise<EngineTagValue[]> {
  const seen = new Map<string, EngineTagValue>();
  outer: for (const src of await store.sources(tenant, req.window)) {
    for (const file of await store.filesOf(src)) {
      let vals: EngineTagValue[];
      try {
        vals = req.query ? await valuesMatching(file, columns, req.query, req.limit) : await file.columnValues(columns, req.limit);
      } catch (e) {
        throw asQueryError(e);
      }
      for (const v of vals) {
        seen.set(`${v.type}\u0000${v.value}`, v);
        if (seen.size >= req.limit) break outer;
      }
    }
  }
  return [...seen.values()].sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : a.type < b.type ? -1 : 1));
}

/** GET /api/v2/search/tag/{tag}/values */
export async function searchTagValuesV2(store: TempoStore, tenant: string, tag: string, req: TagValuesRequest): Promise<Json> {
  const r = resolveTagV2(tag);
  let values: EngineTagValue[] = [];
  if (r.kind === 'static') values = r.values.slice(0, req.limit);
  else if (r.kind === 'columns') values = await collectValues(store, tenant, r.columns, req);
  return { tagValues: values, metrics: {} };
}

/** GET /api/search/tag/{name}/values (v1): unscoped names, string values only. */
export async function searchTagValuesV1(store: TempoStore, tenant: string, tag: string, req: TagValuesRequest): Promise<Json> {
  if (tag === '' || !IDENT.test(tag)) throw new TempoError(TempoErrorCode.BadParameter, `invalid tag ${JSON.stringify(tag.slice(0, 60))}`);
  if (tag === 'status.code') return { tagValues: ['unset', 'ok', 'error'], metrics: {} };
  const columns = tag === 'name' ? ['span:name'] : [`span.${tag}`, `resource.${tag}`];
  const values = (await collectValues(store, tenant, columns, req)).filter((v) => v.type === 'string').map((v) => v.value);
  return { tagValues: [...new Set(values)], metrics: {} };
}
