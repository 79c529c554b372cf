import { TempoError, TempoErrorCode } from '../errors.js';
import { fromHex, traceIdForSearch } from '../convert/ids.js';
import { stringAttr } from '../convert/model.js';
import type { Trace } from '../convert/model.js';
import type { EngineAttrValue, EngineSearchTrace, EngineSpanMatch } from '../store/engine.js';
import type { TempoStore, TimeWindow } from '../store/tempo-store.js';

// /api/search (tempo-api.md §10.5, §15.2): TraceQL over every head and backend block of a tenant in
// the window, merged per trace. Trace-level fields (root, start, duration, service stats) are then
// computed from the whole trace, looked up across all blocks, for the traces returned.

export interface SearchRequest {
  readonly query: string;
  readonly limit: number;
  readonly spss: number;
  readonly window: TimeWindow;
  /** Legacy search: minimum/maximum trace duration in ns (0 = none). */
  readonly minDurationNs?: number;
  readonly maxDurationNs?: number;
}

type Json = Record<string, unknown>;

interface Acc {
  traceId: string;
  start: bigint;
  end: bigint;
  rootService: string | undefined;
  rootName: string | undefined;
  spanSets: { spans: EngineSpanMatch[]; matched: number; seen: Set<string> }[];
}

const ROOT_NOT_RECEIVED = '<root span not yet received>';

function attrValueJson(v: EngineAttrValue): Json {
  if (typeof v === 'string') return { stringValue: v };
  if (typeof v === 'boolean') return { boolValue: v };
  if (typeof v === 'bigint') return { intValue: v.toString() };
  if (Number.isInteger(v)) return { intValue: String(v) };
  return { doubleValue: v };
}

function spanJson(s: EngineSpanMatch): Json {
  const o: Json = { spanID: s.spanId };
  if (s.name) o['name'] = s.name;
  o['startTimeUnixNano'] = s.startTimeUnixNano.toString();
  o['durationNanos'] = s.durationNanos.toString();
  if (s.attributes.length) o['attributes'] = s.attributes.map((a) => ({ key: a.key, value: attrValueJson(a.value) }));
  return o;
}

function merge(acc: Map<string, Acc>, t: EngineSearchTrace, spss: number): void {
  let a = acc.get(t.traceId);
  if (!a) {
    a = { traceId: t.traceId, start: t.startTimeUnixNano, end: t.startTimeUnixNano + t.durationNanos, rootService: t.rootServiceName, rootName: t.rootTraceName, spanSets: [] };
    acc.set(t.traceId, a);
  } else {
    if (t.startTimeUnixNano < a.start) a.start = t.startTimeUnixNano;
    const end = t.startTimeUnixNano + t.durationNanos;
    if (end > a.end) a.end = end;
    a.rootService ??= t.rootServiceName;
    a.rootName ??= t.rootTraceName;
  }
  t.spanSets.forEach((ss, i) => {
    let m = a.spanSets[i];
    if (!m) {
      m = { spans: [], matched: 0, seen: new Set() };
      a.spanSets[i] = m;
    }
    let added = 0;
    for (const s of ss.spans) {
      if (m.seen.has(s.spanId)) continue;
      m.seen.add(s.spanId);
      added++;
      if (m.spans.length < spss) m.spans.push(s);
    }
    // A span seen in two blocks (WAL + completed block overlap) is counted once.
    m.matched += ss.matched - (ss.spans.length - added);
  });
}

interface Summary {
  start: bigint;
  end: bigint;
  rootService: string | undefined;
  rootName: string | undefined;
  services: Map<string, { spanCount: number; errorCount: number }>;
}

function summarize(trace: Trace): Summary | undefined {
  let start = -1n;
  let end = 0n;
  let rootService: string | undefined;
  let rootName: string | undefined;
  const services = new Map<string, { spanCount: number; errorCount: number }>();
  for (const rs of trace.resourceSpans) {
    const service = stringAttr(rs.resource.attributes, 'service.name') ?? '';
    for (const ss of rs.scopeSpans) {
      for (const s of ss.spans) {
        if (start < 0n || s.startTimeUnixNano < start) start = s.startTimeUnixNano;
        if (s.endTimeUnixNano > end) end = s.endTimeUnixNano;
        if (s.parentSpanId.length === 0 && rootName === undefined) {
          rootName = s.name;
          rootService = service;
        }
        let st = services.get(service);
        if (!st) {
          st = { spanCount: 0, errorCount: 0 };
          services.set(service, st);
        }
        st.spanCount++;
        if (s.status.code === 2) st.errorCount++;
      }
    }
  }
  if (start < 0n) return undefined;
  return { start, end: end < start ? start : end, rootService, rootName, services };
}

/**
 * Runs a search for a tenant and returns Tempo's SearchResponse JSON.
 * @throws TempoError BAD_QUERY when the engine rejects the query
 */
export async function searchTraces(store: TempoStore, tenant: string, req: SearchRequest): Promise<Json> {
  const sources = await store.sources(tenant, req.window);
  // Newest blocks first: without most_recent the scan may stop once `limit` traces matched.
  sources.sort((a, b) => (a.meta.endTimeUnixNano > b.meta.endTimeUnixNano ? -1 : a.meta.endTimeUnixNano < b.meta.endTimeUnixNano ? 1 : 0));
  const mostRecent = /most_recent\s*=\s*true/.test(req.query);
  const startNs = req.window.start > 0 ? BigInt(req.window.start) * 1_000_000_000n : 0n;
  const endNs = req.window.end > 0 ? BigInt(req.window.end) * 1_000_000_000n + 999_999_999n : (1n << 64n) - 1n;
  const legacyDuration = (req.minDurationNs ?? 0) > 0 || (req.maxDurationNs ?? 0) > 0;
  // Legacy duration filters apply to whole traces, after the fact: ask for more candidates.
  const engineLimit = legacyDuration ? Math.min(req.limit * 10, 10_000) : req.limit;
  const acc = new Map<string, Acc>();
  const read0 = store.readCounter.bytes;
  let inspectedSpans = 0;
  let totalBlockBytes = 0;
  let completed = 0;
  for (const src of sources) {
    totalBlockBytes += src.meta.size;
    if (!mostRecent && acc.size >= engineLimit) continue;
    // Head chunks newest first; without most_recent the scan stops once `limit` traces matched.
    for (const file of (await store.filesOf(src)).reverse()) {
      if (!mostRecent && acc.size >= engineLimit) break;
      let r;
      try {
        r = await file.search(req.query, { limit: engineLimit, spansPerSpanset: req.spss, startNs, endNs, mostRecent });
      } catch (e) {
        throw asQueryError(e);
      }
      inspectedSpans += r.inspectedSpans;
      for (const t of r.traces) merge(acc, t, req.spss);
    }
    completed++;
  }

  // Candidates ordered newest first; trace-level fields come from the whole trace.
  const candidates = [...acc.values()].sort((a, b) => (a.start > b.start ? -1 : a.start < b.start ? 1 : 0));
  const traces: Json[] = [];
  for (const a of candidates) {
    if (traces.length >= req.limit) break;
    const full = await store.findTrace(tenant, fromHex(a.traceId.padStart(32, '0'))!);
    const sum = summarize(full.trace);
    const start = sum?.start ?? a.start;
    const end = sum?.end ?? a.end;
    const durNs = end > start ? end - start : 0n;
    if (legacyDuration) {
      if (req.minDurationNs && durNs < BigInt(Math.floor(req.minDurationNs))) continue;
      if (req.maxDurationNs && durNs > BigInt(Math.floor(req.maxDurationNs))) continue;
    }
    const rootService = sum?.rootService ?? a.rootService;
    const rootName = sum?.rootName ?? a.rootName;
    const o: Json = { traceID: traceIdForSearch(fromHex(a.traceId.padStart(32, '0'))!) };
    o['rootServiceName'] = rootName === undefined ? ROOT_NOT_RECEIVED : (rootService ?? '');
    if (rootName !== undefined && rootName !== '') o['rootTraceName'] = rootName;
    o['startTimeUnixNano'] = start.toString();
    const durationMs = Number(durNs / 1_000_000n);
    if (durationMs > 0) o['durationMs'] = durationMs;
    const spanSets = a.spanSets.filter(Boolean).map((m) => ({ spans: m.spans.map(spanJson), matched: m.matched }));
    // Emitted for legacy searches too (Tempo ≥ 2 runs them as TraceQL); Grafana iterates spanSets.
    if (spanSets.length > 0) {
      o['spanSet'] = spanSets[0];
      o['spanSets'] = spanSets;
    }
    if (sum) {
      const stats: Json = {};
      for (const [svc, st] of sum.services) stats[svc] = st.errorCount > 0 ? { spanCount: st.spanCount, errorCount: st.errorCount } : { spanCount: st.spanCount };
      o['serviceStats'] = stats;
    }
    traces.push(o);
  }
  return {
    traces,
    metrics: {
      inspectedTraces: acc.size,
      // Bytes read from backend storage (ranged reads; concurrent queries may add to it).
      inspectedBytes: String(store.readCounter.bytes - read0),
      totalBlocks: sources.length,
      completedJobs: completed,
      totalJobs: sources.length,
      totalBlockBytes: String(totalBlockBytes),
      inspectedSpans: String(inspectedSpans),
    },
  };
}

/** Maps an engine's query error to a 400; anything else is internal. */
export function asQueryError(e: unknown): unknown {
  const code = (e as { code?: unknown })?.code;
  if (typeof code === 'string' && /QUERY|ARGUMENT|UNSUPPORTED/.test(code)) return new TempoError(TempoErrorCode.BadQuery, (e as Error).message);
  return e;
}

/** Escapes text for a TraceQL string literal. */
export function traceqlString(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function caseInsensitiveLiteral(s: string): string {
  let out = '';
  for (const ch of s) {
    const lo = ch.toLowerCase();
    const up = ch.toUpperCase();
    if (lo !== up && lo.length === 1 && up.length === 1) out += `[${lo}${up}]`;
    else out += /[A-Za-z0-9 ]/.test(ch) ? ch : /[\\^$.|?*+()[\]{}\-/]/.test(ch) ? `\\${ch}` : ch;
  }
  return out;
}

/**
 * Legacy `tags` (logfmt `k=v k2="v 2"`) as a TraceQL filter: each pair a case-insensitive
 * substring match (escaped, never a raw regex) on the span or resource attribute, or on an intrinsic.
 * @throws TempoError BAD_PARAMETER on unparseable logfmt
 */
export function legacyTagsToTraceQL(tags: string): string {
  const conds: string[] = [];
  const re = /\s*([^\s=]+)=(?:"((?:[^"\\]|\\.)*)"|(\S*))/gy;
  let m: RegExpExecArray | null;
  let pos = 0;
  while (pos < tags.length && (m = re.exec(tags))) {
    pos = re.lastIndex;
    const key = m[1]!;
    const value = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : m[3]!;
    if (!/^[A-Za-z0-9_.:/-]+$/.test(key)) throw new TempoError(TempoErrorCode.BadParameter, `invalid tags: bad key ${JSON.stringify(key)}`);
    const pattern = traceqlString(`.*${caseInsensitiveLiteral(value)}.*`);
    if (key === 'name') conds.push(`name =~ ${pattern}`);
    else if (key === 'status.code' || key === 'status') conds.push(`status = ${/^(ok|error|unset)$/i.test(value) ? value.toLowerCase() : 'error'}`);
    else conds.push(`.${key} =~ ${pattern}`);
  }
  if (tags.slice(pos).trim() !== '') throw new TempoError(TempoErrorCode.BadParameter, `invalid tags: cannot parse ${JSON.stringify(tags.slice(pos, pos + 40))}`);
  return conds.length === 0 ? '{}' : `{ ${conds.join(' && ')} }`;
}
