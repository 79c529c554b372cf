import { fromHex, toHex } from '../shared/bytes.js';
import { Col, ColumnType } from '../shared/constants.js';
import type { Block } from '../reader/block.js';
import { invalidSearchArgument } from './errors.js';
import { columnNamesOf, familyOf, fieldKey } from './fields.js';
import { compileFilter } from './predicate.js';
import type { CompiledFilter } from './predicate.js';
import { RowAccess } from './rows.js';
import type { CellValue } from './rows.js';
import type { QuerySource } from './source.js';
import { structural } from './structural.js';
import { applyPipeline, enumText, pipelineFields, readFieldValues } from './pipeline.js';
import type { StagedSpanset } from './pipeline.js';
import type { SpanLink, SpanRef } from './structural.js';
import type { FieldRef, SpansetExpr, StructuralOp, TraceQLQuery } from './traceql/ast.js';
import { KIND_LITERALS, STATUS_LITERALS } from './traceql/ast.js';
import { parseTraceQL } from './traceql/parser.js';

export interface SearchOptions {
  /** Maximum traces returned. Default 20. */
  limit: number;
  /** Spans returned per spanset ("spss"); `matched` still counts all. Default 3. */
  spansPerSpanset: number;
  /** Only spans with `span:start` ≥ this (ns, inclusive). */
  startNs: bigint;
  /** Only spans with `span:start` ≤ this (ns, inclusive). */
  endNs: bigint;
  /**
   * Scan every candidate block and return the newest traces (also `with(most_recent=true)`).
   * Without it the scan may stop once `limit` traces have matched. Default false.
   */
  mostRecent: boolean;
}

export interface SearchAttribute {
  /** Unscoped name for attributes (`http.method`), TraceQL name for intrinsics (`status`). */
  readonly key: string;
  /** Intrinsic enums as text (`error`, `server`); Bytes as hex. */
  readonly value: string | bigint | number | boolean;
}

export interface SearchSpan {
  /** 16 lower-case hex characters. */
  readonly spanId: string;
  readonly name: string;
  readonly startTimeUnixNano: bigint;
  readonly durationNanos: bigint;
  readonly attributes: readonly SearchAttribute[];
}

export interface SearchSpanset {
  readonly spans: readonly SearchSpan[];
  readonly matched: number;
  /** `by()` keys of this spanset (`resource.service.name` → value); empty without a pipeline. */
  readonly attributes: readonly SearchAttribute[];
}

export interface SearchTrace {
  /** 32 lower-case hex characters. */
  readonly traceId: string;
  /** Undefined when the root span is not in this file. */
  readonly rootServiceName: string | undefined;
  readonly rootTraceName: string | undefined;
  /** Minimum span start over the trace's spans in this file. */
  readonly startTimeUnixNano: bigint;
  /** Maximum span end minus minimum span start, over the trace's spans in this file. */
  readonly durationNanos: bigint;
  readonly spanSets: readonly SearchSpanset[];
}

export interface SearchMetrics {
  totalBlocks: number;
  /** Blocks whose column data was read. */
  inspectedBlocks: number;
  /** Rows in the blocks read. */
  inspectedSpans: number;
  /** Stored bytes of the blocks read. */
  inspectedBytes: number;
  /** Blocks dropped by time and column statistics before any read. */
  prunedBlocks: number;
}

export interface SearchResult {
  readonly traces: readonly SearchTrace[];
  readonly metrics: SearchMetrics;
}

interface TraceSummary {
  rootName: string | undefined;
  rootService: string | undefined;
  /** Earliest root start seen, to pick one root when a trace has several. */
  rootStart: bigint;
  start: bigint;
  end: bigint;
  /** False when only root rows were read (root name and service are right, times are not). */
  complete: boolean;
}

interface TraceAcc {
  readonly key: string;
  /** Per filter, the spans it matched. */
  readonly matches: Set<SpanRef>[];
  /** Smallest start (ns, as a Number) of a matched span: the order before exact summaries exist. */
  firstMatch: number;
  /** Id and parent id of the spans recorded, for structural operators. */
  links: Map<SpanRef, SpanLink> | undefined;
  /** Built from every row of the trace in the file (trace index). */
  summary: TraceSummary | undefined;
}

const MAX_NS = (1n << 64n) - 1n;
export const SEARCH_DEFAULTS: SearchOptions = { limit: 20, spansPerSpanset: 3, startNs: 0n, endNs: MAX_NS, mostRecent: false };
/**
 * Stored bytes of the blocks kept parsed during one search, so the summary and result passes do
 * not read and decode the scanned blocks again.
 */
const BLOCK_CACHE_BYTES = 64 * 1024 * 1024;
const ROWS_PER_BLOCK = 65536;

/**
 * Runs a TraceQL search over one blockpack file. Blocks are pruned by time and by the file's
 * column statistics, then scanned; matches are grouped by trace and combined per spanset operator.
 * Trace start, duration and root come from all of the trace's rows in the file (trace index).
 * @throws BlockpackError INVALID_QUERY / UNSUPPORTED_QUERY for the query, INVALID_ARGUMENT for options,
 *   and the reader's codes for damaged files.
 */
export async function searchTraceQL(
  source: QuerySource,
  query: string,
  options: Readonly<Partial<SearchOptions>> = {},
): Promise<SearchResult> {
  return new SearchRun(source, parseTraceQL(query), checkOptions(options)).run();
}

function checkOptions(o: Readonly<Partial<SearchOptions>>): SearchOptions {
  const opts = { ...SEARCH_DEFAULTS, ...o };
  if (!Number.isSafeInteger(opts.limit) || opts.limit < 1) throw invalidSearchArgument(`limit must be a positive integer, got ${opts.limit}`);
  if (!Number.isSafeInteger(opts.spansPerSpanset) || opts.spansPerSpanset < 0) {
    throw invalidSearchArgument(`spansPerSpanset must be a non-negative integer, got ${opts.spansPerSpanset}`);
  }
  if (typeof opts.startNs !== 'bigint' || typeof opts.endNs !== 'bigint') throw invalidSearchArgument('startNs and endNs must be bigint');
  if (opts.endNs < opts.startNs) throw invalidSearchArgument('endNs must not be before startNs');
  return opts;
}

class SearchRun {
  private readonly filters: CompiledFilter[];
  /** Trace-level conditions need whole-trace summaries of every candidate trace. */
  private readonly traceConditions: boolean;
  /** Structural operators need span ids and parent ids of the matched spans… */
  private readonly needLinks: boolean;
  /** …and `>>` / `<<` (and their `!`/`&` forms) those of whole candidate traces. */
  private readonly needTrees: boolean;
  private readonly outFields: FieldRef[];
  private readonly traces = new Map<string, TraceAcc>();
  private readonly cache = new Map<number, Block>();
  private cacheBytes = 0;
  private readonly metrics: SearchMetrics;
  private readonly mostRecent: boolean;
  private readonly windowed: boolean;

  constructor(
    private readonly source: QuerySource,
    private readonly query: TraceQLQuery,
    private readonly opts: SearchOptions,
  ) {
    this.filters = query.filters.map((f) => compileFilter(f.expr));
    this.traceConditions = this.filters.some((f) => f.trace.length > 0);
    this.needLinks = hasOp(query.root, () => true);
    this.needTrees = hasOp(query.root, (op) => op.includes('>>') || op.includes('<<'));
    this.outFields = dedupeFields([...this.filters.flatMap((f) => f.fields), ...query.select]);
    const hint = query.hints.most_recent;
    this.mostRecent = opts.mostRecent || (hint?.type === 'bool' && hint.value);
    this.windowed = opts.startNs > 0n || opts.endNs < MAX_NS;
    this.metrics = { totalBlocks: source.blockCount, inspectedBlocks: 0, inspectedSpans: 0, inspectedBytes: 0, prunedBlocks: 0 };
  }

  async run(): Promise<SearchResult> {
    const blocks = this.plan();
    this.metrics.prunedBlocks = this.source.blockCount - blocks.length;
    const earlyExit = !this.mostRecent && !this.traceConditions && this.query.pipeline.length === 0 && monotone(this.query.root);
    for (const b of blocks) {
      this.scanBlock(b, await this.read(b));
      if (earlyExit && this.traces.size >= this.opts.limit) break;
    }
    return { traces: await this.results(), metrics: this.metrics };
  }

  /** Block ids to scan: time-pruned, then (unless a full scan is needed) pruned by statistics. */
  private plan(): number[] {
    const { startNs, endNs } = this.opts;
    const allowed = this.candidates(this.query.root);
    const out: number[] = [];
    for (let b = 0; b < this.source.blockCount; b++) {
      if (allowed !== undefined && !allowed.has(b)) continue;
      const s = this.source.blockSummary(b);
      if (s.minStart > endNs || s.maxStart < startNs) continue;
      out.push(b);
    }
    if (this.mostRecent) out.sort((x, y) => cmpBig(this.source.blockSummary(y).maxStart, this.source.blockSummary(x).maxStart));
    return out;
  }

  /**
   * Blocks that may contribute: any filter's candidates (spanset operators combine per trace);
   * an operator that needs matches on both sides is void when either side can match nowhere.
   */
  private candidates(e: SpansetExpr): ReadonlySet<number> | undefined {
    if (e.type === 'filter') return this.filters[e.index].span.candidateBlocks(this.source);
    const l = this.candidates(e.left);
    const r = this.candidates(e.right);
    const needsBoth = e.type === 'spansetAnd' || (e.type === 'structural' && !e.op.startsWith('!'));
    const needsRight = e.type === 'structural' && e.op.startsWith('!');
    if (needsBoth && ((l !== undefined && l.size === 0) || (r !== undefined && r.size === 0))) return new Set();
    if (needsRight && r !== undefined && r.size === 0) return r;
    if (l === undefined || r === undefined) return undefined;
    return new Set([...l, ...r]);
  }

  private async read(b: number): Promise<Block> {
    const hit = this.cache.get(b);
    if (hit !== undefined) return hit;
    const block = await this.source.readBlock(b);
    this.metrics.inspectedBlocks++;
    this.metrics.inspectedSpans += block.spanCount;
    this.metrics.inspectedBytes += this.source.blockSummary(b).length;
    this.cache.set(b, block);
    this.cacheBytes += this.source.blockSummary(b).length;
    while (this.cacheBytes > BLOCK_CACHE_BYTES && this.cache.size > 1) {
      const oldest = this.cache.keys().next().value as number;
      this.cache.delete(oldest);
      this.cacheBytes -= this.source.blockSummary(oldest).length;
    }
    return block;
  }

  private scanBlock(b: number, block: Block): void {
    const n = block.spanCount;
    const masks = this.filters.map((f) => {
      const m = new Uint8Array(n);
      f.span.evalInto(block, m);
      return m;
    });
    const any = masks.length === 1 ? masks[0] : new Uint8Array(n);
    if (masks.length > 1) for (const m of masks) for (let r = 0; r < n; r++) any[r] |= m[r];
    const rows = new RowAccess(block);
    const start = block.column(Col.Start, ColumnType.Uint64);
    const sv = start?.values;
    const startNum = sv !== undefined && sv.kind === 'uint64' ? sv.num : undefined;
    const startBig = sv !== undefined && sv.kind === 'uint64' ? sv.big : undefined;
    const { startNs, endNs } = this.opts;
    for (let r = 0; r < n; r++) {
      if (any[r] === 0) continue;
      const traceKey = rows.traceKey(r);
      if (traceKey === '') continue;
      let t = this.traces.get(traceKey);
      if (t === undefined) {
        t = { key: traceKey, matches: this.filters.map(() => new Set<SpanRef>()), firstMatch: Infinity, links: undefined, summary: undefined };
        this.traces.set(traceKey, t);
      }
      const ref = b * ROWS_PER_BLOCK + r;
      const k = start === undefined ? -1 : start.index[r];
      if (this.windowed && (k < 0 || startBig === undefined || startBig[k] < startNs || startBig[k] > endNs)) continue;
      for (let i = 0; i < masks.length; i++) if (masks[i][r] === 1) t.matches[i].add(ref);
      if (this.needLinks && !this.needTrees) (t.links ??= new Map()).set(ref, { id: rows.idKey(Col.SpanId, r), parent: rows.idKey(Col.ParentId, r) });
      const s = k < 0 || startNum === undefined ? 0 : startNum[k];
      if (s < t.firstMatch) t.firstMatch = s;
    }
  }

  private async results(): Promise<SearchTrace[]> {
    if (this.traceConditions || this.needTrees) {
      // Second pass, over the traces that can still match: whole-trace summaries and parent links.
      const candidates = [...this.traces.values()].filter((t) => mayMatch(this.query.root, t));
      // Root name and service need only root rows; trace duration needs every row's times.
      const summary = !this.traceConditions ? 'none' : this.filters.some((f) => f.trace.some((c) => c.field === 'traceDuration')) ? 'full' : 'roots';
      await this.loadTraces(candidates, this.needTrees, summary);
      if (this.traceConditions) for (const t of candidates) this.applyTraceConditions(t);
    }
    const found: { t: TraceAcc; spans: Set<SpanRef> }[] = [];
    for (const t of this.traces.values()) {
      const spans = evalSpanset(this.query.root, t);
      if (spans.size > 0) found.push({ t, spans });
    }
    const top = await this.newest(await this.runPipeline(found));
    const allSets = top.flatMap((m) => m.sets);
    const chosen = await this.chooseSpans(allSets.map((set) => set.refs));
    const details = await this.spanDetails(chosen.flat());
    let next = 0;
    const out: SearchTrace[] = top.map(({ t, sets }) => {
      const s = t.summary;
      return {
        traceId: t.key,
        rootServiceName: s?.rootService,
        rootTraceName: s?.rootName,
        startTimeUnixNano: s?.start ?? 0n,
        durationNanos: s !== undefined && s.end > s.start ? s.end - s.start : 0n,
        spanSets: sets.map((set) => ({
          matched: set.refs.length,
          spans: chosen[next++].map((ref) => details.get(ref)!),
          attributes: set.attributes,
        })),
      };
    });
    out.sort((a, b) => cmpBig(b.startTimeUnixNano, a.startTimeUnixNano));
    return out;
  }

  /**
   * The `limit` matched traces with the latest start (over all their spans). A trace starts no
   * later than its first matched span, so candidates are taken in that order, a batch at a time,
   * until no remaining candidate can start after the current `limit`-th.
   */
  private async newest<T extends { t: TraceAcc }>(matched: T[]): Promise<T[]> {
    const limit = this.opts.limit;
    matched.sort((a, b) => b.t.firstMatch - a.t.firstMatch);
    let best: T[] = [];
    for (let i = 0; i < matched.length; i += limit) {
      const batch = matched.slice(i, i + limit);
      await this.loadTraces(batch.map((m) => m.t).filter((t) => t.summary === undefined || !t.summary.complete), false, 'full');
      best = [...best, ...batch].sort((a, b) => cmpBig(b.t.summary?.start ?? 0n, a.t.summary?.start ?? 0n)).slice(0, limit);
      const next = matched[i + limit];
      if (next === undefined || best.length < limit) continue;
      if (Number(best[limit - 1].t.summary?.start ?? 0n) >= next.t.firstMatch) break;
    }
    return best;
  }

  /** Applies `| by()`, `| coalesce()` and aggregate stages; traces left with no spanset drop out. */
  private async runPipeline(found: readonly { t: TraceAcc; spans: Set<SpanRef> }[]): Promise<{ t: TraceAcc; sets: StagedSpanset[] }[]> {
    const stages = this.query.pipeline;
    if (stages.length === 0) return found.map(({ t, spans }) => ({ t, sets: [{ refs: [...spans], attributes: [] }] }));
    const values = new Map<FieldRef, Map<SpanRef, CellValue | undefined>>();
    for (const f of pipelineFields(stages)) {
      values.set(f, await readFieldValues(f, found.flatMap((m) => [...m.spans]), (b) => this.read(b)));
    }
    const out: { t: TraceAcc; sets: StagedSpanset[] }[] = [];
    for (const { t, spans } of found) {
      const sets = applyPipeline(stages, spans, values);
      if (sets.length > 0) out.push({ t, sets });
    }
    return out;
  }

  /** Clears the matches of filters whose trace-level conditions fail for this trace. */
  private applyTraceConditions(t: TraceAcc): void {
    const s = t.summary;
    this.filters.forEach((f, i) => {
      for (const c of f.trace) {
        const v = c.field === 'rootName' ? s?.rootName : c.field === 'rootService' ? s?.rootService : s === undefined ? undefined : s.end - s.start;
        if (!c.test(v)) {
          t.matches[i].clear();
          return;
        }
      }
    });
  }

  /** Per spanset, the first `spansPerSpanset` matched spans by start time. */
  private async chooseSpans(sets: readonly (readonly SpanRef[])[]): Promise<SpanRef[][]> {
    const spss = this.opts.spansPerSpanset;
    const starts = new Map<SpanRef, bigint>();
    const byBlock = groupByBlock(sets.flatMap((s) => (s.length > spss ? s : [])));
    for (const [b, refs] of byBlock) {
      const rows = new RowAccess(await this.read(b));
      for (const ref of refs) starts.set(ref, rows.start(ref % ROWS_PER_BLOCK));
    }
    return sets.map((s) => {
      const refs = [...s];
      if (refs.length > spss) refs.sort((x, y) => cmpBig(starts.get(x)!, starts.get(y)!) || x - y);
      return refs.slice(0, spss);
    });
  }

  private async spanDetails(refs: readonly SpanRef[]): Promise<Map<SpanRef, SearchSpan>> {
    const out = new Map<SpanRef, SearchSpan>();
    for (const [b, list] of groupByBlock(refs)) {
      const rows = new RowAccess(await this.read(b));
      for (const ref of list) {
        const r = ref % ROWS_PER_BLOCK;
        const start = rows.start(r);
        const end = rows.end(r);
        out.set(ref, {
          spanId: rows.bytesHex(Col.SpanId, r),
          name: rows.string(Col.Name, r) ?? '',
          startTimeUnixNano: start,
          durationNanos: end > start ? end - start : 0n,
          attributes: this.attributes(rows, r),
        });
      }
    }
    return out;
  }

  /** The values of the fields the query names, for one matched row. */
  private attributes(rows: RowAccess, r: number): SearchAttribute[] {
    const out: SearchAttribute[] = [];
    for (const f of this.outFields) {
      if (f.type === 'traceIntrinsic') continue;
      if (f.type === 'intrinsic') {
        const a = intrinsicAttribute(f.name, rows, r);
        if (a !== undefined) out.push(a);
        continue;
      }
      const v = attributeValue(rows, columnNamesOf(f), r);
      if (v !== undefined) out.push({ key: f.name, value: v });
    }
    return out;
  }

  /**
   * Reads the rows of the given traces (the trace index names their blocks; each block is read
   * once for all of them) into `summary` (every row, root rows only, or none) and `links`.
   */
  private async loadTraces(list: readonly TraceAcc[], links: boolean, summary: 'full' | 'roots' | 'none'): Promise<void> {
    if (!links && summary === 'none') return;
    const rootsOnly = !links && summary === 'roots';
    const wanted = new Map<string, TraceAcc>();
    const blocks = new Set<number>();
    for (const t of list) {
      const id = fromHex(t.key);
      const bl = id === undefined ? undefined : this.source.blocksForTrace(id);
      if (bl === undefined) continue;
      wanted.set(t.key, t);
      t.summary = undefined;
      if (links) t.links = new Map();
      for (const b of bl) blocks.add(b);
    }
    for (const b of [...blocks].sort((x, y) => x - y)) {
      const block = await this.read(b);
      const rows = new RowAccess(block);
      for (let r = 0; r < block.spanCount; r++) {
        if (rootsOnly && !rows.isRoot(r)) continue;
        const t = wanted.get(rows.traceKey(r));
        if (t === undefined) continue;
        if (summary === 'full' || (summary === 'roots' && rows.isRoot(r))) t.summary = addToSummary(t.summary, rows, r, summary === 'full');
        if (links) t.links!.set(b * ROWS_PER_BLOCK + r, { id: rows.idKey(Col.SpanId, r), parent: rows.idKey(Col.ParentId, r) });
      }
    }
  }
}

function addToSummary(s: TraceSummary | undefined, rows: RowAccess, r: number, complete: boolean): TraceSummary {
  const start = rows.start(r);
  const end = rows.end(r);
  const isRoot = rows.isRoot(r);
  if (s === undefined) {
    s = { rootName: undefined, rootService: undefined, rootStart: MAX_NS, start, end, complete };
  } else {
    if (start < s.start) s.start = start;
    if (end > s.end) s.end = end;
  }
  if (isRoot && start < s.rootStart) {
    s.rootStart = start;
    s.rootName = rows.string(Col.Name, r) ?? '';
    s.rootService = rows.string(Col.ServiceName, r) ?? '';
  }
  return s;
}

function groupByBlock(refs: readonly SpanRef[]): Map<number, SpanRef[]> {
  const out = new Map<number, SpanRef[]>();
  for (const ref of refs) {
    const b = Math.floor(ref / ROWS_PER_BLOCK);
    const list = out.get(b);
    if (list === undefined) out.set(b, [ref]);
    else list.push(ref);
  }
  return new Map([...out].sort((x, y) => x[0] - y[0]));
}

function intrinsicAttribute(name: string, rows: RowAccess, r: number): SearchAttribute | undefined {
  switch (name) {
    case 'status':
      return { key: 'status', value: enumText(STATUS_LITERALS, rows.int(Col.Status, r)) };
    case 'kind':
      return { key: 'kind', value: enumText(KIND_LITERALS, rows.int(Col.Kind, r)) };
    case 'statusMessage': {
      const v = rows.string(Col.StatusMessage, r);
      return v === undefined ? undefined : { key: 'statusMessage', value: v };
    }
    case 'instrumentationName': {
      const v = rows.string(Col.ScopeName, r);
      return v === undefined ? undefined : { key: 'instrumentation:name', value: v };
    }
    case 'instrumentationVersion': {
      const v = rows.string(Col.ScopeVersion, r);
      return v === undefined ? undefined : { key: 'instrumentation:version', value: v };
    }
    default:
      // name, duration, ids and times are fields of the span itself.
      return undefined;
  }
}


const ATTR_TYPES: readonly ColumnType[] = [ColumnType.String, ColumnType.Int64, ColumnType.Float64, ColumnType.Bool, ColumnType.UUID, ColumnType.Bytes];

function attributeValue(rows: RowAccess, names: readonly string[], r: number): SearchAttribute['value'] | undefined {
  for (const name of names) {
    for (const type of ATTR_TYPES) {
      const v: CellValue | undefined = rows.value(name, type, r);
      if (v === undefined) continue;
      if (v instanceof Uint8Array) return familyOf(type) === 'bytes' ? toHex(v) : undefined;
      return v;
    }
  }
  return undefined;
}

function dedupeFields(fields: FieldRef[]): FieldRef[] {
  const seen = new Set<string>();
  return fields.filter((f) => {
    const k = fieldKey(f);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function hasOp(e: SpansetExpr, pred: (op: StructuralOp) => boolean): boolean {
  switch (e.type) {
    case 'filter':
      return false;
    case 'structural':
      return pred(e.op) || hasOp(e.left, pred) || hasOp(e.right, pred);
    default:
      return hasOp(e.left, pred) || hasOp(e.right, pred);
  }
}

/** False when the trace cannot match whatever its other spans are (an operand that must match is empty). */
function mayMatch(e: SpansetExpr, t: TraceAcc): boolean {
  switch (e.type) {
    case 'filter':
      return t.matches[e.index].size > 0;
    case 'spansetOr':
      return mayMatch(e.left, t) || mayMatch(e.right, t);
    case 'spansetAnd':
      return mayMatch(e.left, t) && mayMatch(e.right, t);
    case 'structural':
      return e.op.startsWith('!') ? mayMatch(e.right, t) : mayMatch(e.left, t) && mayMatch(e.right, t);
  }
}

/** True when more blocks can only add matches, never remove them (filters joined by ||). */
function monotone(e: SpansetExpr): boolean {
  if (e.type === 'filter') return true;
  if (e.type === 'spansetOr') return monotone(e.left) && monotone(e.right);
  return false;
}

function evalSpanset(e: SpansetExpr, t: TraceAcc): Set<SpanRef> {
  switch (e.type) {
    case 'filter':
      return t.matches[e.index];
    case 'spansetAnd': {
      const l = evalSpanset(e.left, t);
      if (l.size === 0) return l;
      const r = evalSpanset(e.right, t);
      if (r.size === 0) return r;
      return new Set([...l, ...r]);
    }
    case 'spansetOr':
      return new Set([...evalSpanset(e.left, t), ...evalSpanset(e.right, t)]);
    case 'structural':
      return structural(e.op, evalSpanset(e.left, t), evalSpanset(e.right, t), t.links ?? new Map());
  }
}

export function cmpBig(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

