import { TempoError, TempoErrorCode } from '../errors.js';
import type { EngineTagNames, EngineTagOptions, EngineTagValue } from '../store/engine.js';
import type { TempoStore, TimeWindow } from '../store/tempo-store.js';
import { asQueryError } from './search.js';

// Tag names and values (tempo-api.md §10.6–10.7, §15.4–15.5), merged over every head and backend
// block of the tenant in the window. Per-file work (column directories, dictionaries, `q` filters)
// is the engine's; this file owns the API rules: scopes, v1 vs v2, limits, ordering, 400s.

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
const ATTRIBUTE_SCOPES = ['resource', 'span', 'instrumentation'] as const;

export interface TagsRequest {
  readonly scope: string;
  readonly limit: number;
  readonly window: TimeWindow;
  /** TraceQL filter restricting which spans contribute. */
  readonly query?: string;
}

export interface TagValuesRequest {
  readonly limit: number;
  readonly window: TimeWindow;
  readonly query: string | undefined;
}

function checkScope(scope: string): void {
  if (!(SCOPES as readonly string[]).includes(scope)) {
    throw new TempoError(TempoErrorCode.BadParameter, `invalid scope ${JSON.stringify(scope)}: use resource, span, intrinsic, event, link, instrumentation or none`);
  }
}

function engineOptions(window: TimeWindow, limit: number, query: string | undefined): EngineTagOptions {
  return {
    query: query ?? '',
    limit,
    startNs: window.start > 0 ? BigInt(window.start) * 1_000_000_000n : 0n,
    endNs: window.end > 0 ? BigInt(window.end) * 1_000_000_000n + 999_999_999n : (1n << 64n) - 1n,
  };
}

async function collectNames(store: TempoStore, tenant: string, req: TagsRequest): Promise<Record<(typeof ATTRIBUTE_SCOPES)[number], Set<string>>> {
  const out = { resource: new Set<string>(), span: new Set<string>(), instrumentation: new Set<string>() };
  const opts = engineOptions(req.window, req.limit, req.query);
  for (const src of await store.sources(tenant, req.window)) {
    for (const file of await store.filesOf(src)) {
      let names: EngineTagNames;
      try {
        names = await file.tagNames(opts);
      } catch (e) {
        throw asQueryError(e);
      }
      for (const scope of ATTRIBUTE_SCOPES) for (const n of names[scope]) out[scope].add(n);
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
  if (all || (ATTRIBUTE_SCOPES as readonly string[]).includes(req.scope)) {
    const grouped = await collectNames(store, tenant, req);
    for (const name of ATTRIBUTE_SCOPES) {
      if (!all && req.scope !== name) continue;
      const tags = sortedLimited(grouped[name], req.limit);
      if (all && tags.length === 0) continue;
      scopes.push({ name, tags });
    }
  }
  if (all || req.scope === 'intrinsic') scopes.push({ name: 'intrinsic', tags: sortedLimited(INTRINSIC_TAGS, req.limit) });
  if (req.scope === 'event' || req.scope === 'link') scopes.push({ name: req.scope, tags: [] });
  return { scopes, metrics: {} };
}

/** GET /api/search/tags (v1): unscoped names; span + resource unless a scope is given. */
export async function searchTagsV1(store: TempoStore, tenant: string, req: TagsRequest): Promise<Json> {
  checkScope(req.scope);
  if (req.scope === 'intrinsic') return { tagNames: sortedLimited(INTRINSIC_TAGS, req.limit), metrics: {} };
  if (req.scope === 'event' || req.scope === 'link') return { tagNames: [], metrics: {} };
  const grouped = await collectNames(store, tenant, req);
  const names = new Set<string>();
  const scopes = req.scope === '' || req.scope === 'none' ? (['span', 'resource'] as const) : [req.scope as (typeof ATTRIBUTE_SCOPES)[number]];
  for (const scope of scopes) for (const n of grouped[scope]) names.add(n);
  return { tagNames: sortedLimited(names, req.limit), metrics: {} };
}

const IDENT = /^[A-Za-z0-9_\-./:]+$/;
/** Intrinsics without a value list: 200 with an empty list (a 400 would push Grafana onto v1). */
const NO_VALUES = new Set(['trace:id', 'span:id', 'span:parentID', 'event:timeSinceStart', 'link:spanID', 'link:traceID']);

/**
 * Checks a v2 tag identifier before the engine resolves it.
 * @throws TempoError BAD_PARAMETER for non-identifiers and unscoped dotted names (as Tempo)
 */
export function checkTagV2(tag: string): 'engine' | 'empty' {
  if (tag === '' || tag.length > 1024 || !IDENT.test(tag)) throw new TempoError(TempoErrorCode.BadParameter, `invalid tag ${JSON.stringify(tag.slice(0, 60))}`);
  if (NO_VALUES.has(tag) || tag.startsWith('event') || tag.startsWith('link')) return 'empty';
  if ((INTRINSIC_TAGS as readonly string[]).includes(tag)) return 'engine';
  const scoped = /^(\.|span\.|resource\.|instrumentation\.)./.test(tag);
  if (!scoped && (tag.includes('.') || tag.includes(':'))) throw new TempoError(TempoErrorCode.BadParameter, `invalid tag ${JSON.stringify(tag)}: use a scope (span., resource., instrumentation. or .)`);
  return scoped ? 'engine' : 'empty';
}

async function collectValues(store: TempoStore, tenant: string, tag: string, req: TagValuesRequest): Promise<EngineTagValue[]> {
  const seen = new Map<string, EngineTagValue>();
  const opts = engineOptions(req.window, req.limit, req.query);
  outer: for (const src of await store.sources(tenant, req.window)) {
    for (const file of await store.filesOf(src)) {
      let vals: EngineTagValue[];
      try {
        vals = await file.tagValues(tag, opts);
      } catch (e) {
        throw asQueryError(e);
      }
      for (const v of vals) {
        seen.set(`${v.type}\u0000${v.value}`, v);
        if (seen.size >= req.limit) break outer;
      }
    }
  }
  return [...seen.values()];
}

const STATUS_VALUES: EngineTagValue[] = ['error', 'ok', 'unset'].map((value) => ({ type: 'keyword', value }));
const KIND_VALUES: EngineTagValue[] = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'].map((value) => ({ type: 'keyword', value }));

/** GET /api/v2/search/tag/{tag}/values */
export async function searchTagValuesV2(store: TempoStore, tenant: string, tag: string, req: TagValuesRequest): Promise<Json> {
  if (checkTagV2(tag) === 'empty') return { tagValues: [], metrics: {} };
  // Static keyword lists answer even when no block exists yet.
  if (tag === 'status' || tag === 'span:status') return { tagValues: STATUS_VALUES.slice(0, req.limit), metrics: {} };
  if (tag === 'kind' || tag === 'span:kind') return { tagValues: KIND_VALUES.slice(0, req.limit), metrics: {} };
  return { tagValues: await collectValues(store, tenant, tag, req), metrics: {} };
}

/** GET /api/search/tag/{name}/values (v1): unscoped names (span or resource), string values only. */
export async function searchTagValuesV1(store: TempoStore, tenant: string, tag: string, req: TagValuesRequest): Promise<Json> {
  if (tag === '' || tag.length > 1024 || !IDENT.test(tag) || tag.includes(':')) throw new TempoError(TempoErrorCode.BadParameter, `invalid tag ${JSON.stringify(tag.slice(0, 60))}`);
  if (tag === 'status.code') return { tagValues: ['unset', 'ok', 'error'], metrics: {} };
  const v2 = tag === 'name' ? 'name' : `.${tag}`;
  const values = (await collectValues(store, tenant, v2, req)).filter((v) => v.type === 'string').map((v) => v.value);
  return { tagValues: [...new Set(values)], metrics: {} };
}
