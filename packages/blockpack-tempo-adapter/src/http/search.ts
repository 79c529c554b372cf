import type { IncomingMessage, ServerResponse } from 'node:http';
import { TempoError, TempoErrorCode } from '../errors.js';
import type { TempoStore } from '../store/tempo-store.js';
import { legacyTagsToTraceQL, searchTraces } from '../search/search.js';
import { searchTagValuesV1, searchTagValuesV2, searchTagsV1, searchTagsV2 } from '../search/tags.js';
import { decodeTwice, goDuration, positiveInt, timeWindow } from './params.js';
import { send, sendJson, wantsProtobuf } from './respond.js';
import { searchResponseProto, tagValuesV1Proto, tagValuesV2Proto, tagsV1Proto, tagsV2Proto } from './proto-responses.js';

/** Configured caps (Tempo's query-frontend limits). */
export const SEARCH_LIMITS = { defaultLimit: 20, maxLimit: 1000, defaultSpss: 3, maxSpss: 100, defaultTagLimit: 5000, maxTagLimit: 100_000 } as const;

/** JSON, or protobuf when the client's Accept asks for it (as Tempo negotiates). */
function reply(req: IncomingMessage, res: ServerResponse, body: Record<string, unknown>, toProto: (b: Record<string, unknown>) => Uint8Array): void {
  if (wantsProtobuf(req)) send(req, res, 200, 'application/protobuf', toProto(body));
  else sendJson(req, res, 200, body);
}

/** Routes the search and tag endpoints; false when the path is not one of them. */
export async function routeSearch(req: IncomingMessage, res: ServerResponse, store: TempoStore, tenant: string, path: string, q: URLSearchParams): Promise<boolean> {
  if (path === '/api/search') {
    const query = q.get('q');
    const tags = q.get('tags');
    const minD = q.get('minDuration');
    const maxD = q.get('maxDuration');
    if (query !== null && query !== '' && ((tags !== null && tags !== '') || minD || maxD)) {
      throw new TempoError(TempoErrorCode.BadParameter, 'invalid request: q cannot be combined with tags, minDuration or maxDuration');
    }
    const minDurationNs = minD ? goDuration(minD, 'minDuration') : 0;
    const maxDurationNs = maxD ? goDuration(maxD, 'maxDuration') : 0;
    if (minDurationNs && maxDurationNs && maxDurationNs < minDurationNs) throw new TempoError(TempoErrorCode.BadParameter, 'invalid maxDuration: smaller than minDuration');
    const traceql = query !== null && query.trim() !== '' ? query : legacyTagsToTraceQL(tags ?? '');
    const body = await searchTraces(store, tenant, {
      query: traceql,
      limit: positiveInt(q, 'limit', SEARCH_LIMITS.defaultLimit, SEARCH_LIMITS.maxLimit),
      spss: positiveInt(q, 'spss', SEARCH_LIMITS.defaultSpss, SEARCH_LIMITS.maxSpss),
      window: timeWindow(q),
      minDurationNs,
      maxDurationNs,
    });
    reply(req, res, body, searchResponseProto);
    return true;
  }
  const tagLimit = () => positiveInt(q, 'limit', SEARCH_LIMITS.defaultTagLimit, SEARCH_LIMITS.maxTagLimit);
  if (path === '/api/v2/search/tags' || path === '/api/search/tags') {
    const query = q.get('q');
    const r = { scope: q.get('scope') ?? '', limit: tagLimit(), window: timeWindow(q), ...(query && query.trim() !== '' && query.trim() !== '{}' ? { query } : {}) };
    if (path.startsWith('/api/v2')) reply(req, res, await searchTagsV2(store, tenant, r), tagsV2Proto);
    else reply(req, res, await searchTagsV1(store, tenant, r), tagsV1Proto);
    return true;
  }
  const m = /^\/api\/(v2\/)?search\/tag\/([^/]+)\/values$/.exec(path);
  if (m) {
    const tag = decodeTwice(m[2]!);
    const query = q.get('q');
    const r = { limit: tagLimit(), window: timeWindow(q), query: query && query.trim() !== '' && query.trim() !== '{}' ? query : undefined };
    if (m[1]) reply(req, res, await searchTagValuesV2(store, tenant, tag, r), tagValuesV2Proto);
    else reply(req, res, await searchTagValuesV1(store, tenant, tag, r), tagValuesV1Proto);
    return true;
  }
  return false;
}
