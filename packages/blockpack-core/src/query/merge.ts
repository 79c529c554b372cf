import { SEARCH_DEFAULTS, cmpBig } from './search.js';
import type { SearchAttribute, SearchMetrics, SearchOptions, SearchResult, SearchSpan, SearchTrace } from './search.js';

/**
 * Merges per-file results of one search (tempo-api 15.2, step 8): traces with the same id combine
 * (earliest start, latest end, root fields from whichever file has them); spansets with the same
 * `by()` attributes combine (spans deduplicated by span id up to `spansPerSpanset`, `matched`
 * summed); metrics add up. Traces are ordered newest first and cut to `limit`.
 * A file reports only traces that matched in it, so root, start and duration cover those files:
 * a caller that needs them over every file looks the result traces up there.
 */
export function mergeSearchResults(
  results: readonly SearchResult[],
  options: Readonly<Partial<Pick<SearchOptions, 'limit' | 'spansPerSpanset'>>> = {},
): SearchResult {
  const limit = options.limit ?? SEARCH_DEFAULTS.limit;
  const spss = options.spansPerSpanset ?? SEARCH_DEFAULTS.spansPerSpanset;
  const metrics: SearchMetrics = { totalBlocks: 0, inspectedBlocks: 0, inspectedSpans: 0, inspectedBytes: 0, prunedBlocks: 0 };
  const byId = new Map<string, { t: SearchTrace; end: bigint; sets: Map<string, { spans: Map<string, SearchSpan>; matched: number; attributes: readonly SearchAttribute[] }> }>();
  for (const r of results) {
    metrics.totalBlocks += r.metrics.totalBlocks;
    metrics.inspectedBlocks += r.metrics.inspectedBlocks;
    metrics.inspectedSpans += r.metrics.inspectedSpans;
    metrics.inspectedBytes += r.metrics.inspectedBytes;
    metrics.prunedBlocks += r.metrics.prunedBlocks;
    for (const t of r.traces) {
      const end = t.startTimeUnixNano + t.durationNanos;
      let acc = byId.get(t.traceId);
      if (acc === undefined) {
        acc = { t, end, sets: new Map() };
        byId.set(t.traceId, acc);
      } else {
        const start = t.startTimeUnixNano < acc.t.startTimeUnixNano ? t.startTimeUnixNano : acc.t.startTimeUnixNano;
        acc.end = end > acc.end ? end : acc.end;
        acc.t = {
          ...acc.t,
          rootServiceName: acc.t.rootServiceName ?? t.rootServiceName,
          rootTraceName: acc.t.rootTraceName ?? t.rootTraceName,
          startTimeUnixNano: start,
        };
      }
      for (const ss of t.spanSets) {
        const key = JSON.stringify(ss.attributes.map((a) => [a.key, typeof a.value, String(a.value)]));
        let set = acc.sets.get(key);
        if (set === undefined) {
          set = { spans: new Map(), matched: 0, attributes: ss.attributes };
          acc.sets.set(key, set);
        }
        set.matched += ss.matched;
        for (const sp of ss.spans) if (set.spans.size < spss && !set.spans.has(sp.spanId)) set.spans.set(sp.spanId, sp);
      }
    }
  }
  const traces: SearchTrace[] = [...byId.values()].map(({ t, end, sets }) => ({
    ...t,
    durationNanos: end > t.startTimeUnixNano ? end - t.startTimeUnixNano : 0n,
    spanSets: [...sets.values()].map((s) => ({ spans: [...s.spans.values()], matched: s.matched, attributes: s.attributes })),
  }));
  traces.sort((a, b) => cmpBig(b.startTimeUnixNano, a.startTimeUnixNano));
  return { traces: traces.slice(0, limit), metrics };
}
