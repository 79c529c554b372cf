import { fromHex, toHex } from '../shared/bytes.js';
import { Col, ColumnType } from '../shared/constants.js';
import { invalidSearchArgument } from './errors.js';
import { columnNamesOf, fieldKey, familyOf } from './fields.js';
import { compileFilter } from './predicate.js';
import type { CompiledFilter } from './predicate.js';
import { RowAccess } from './rows.js';
import type { CellValue } from './rows.js';
import type { QuerySource } from './source.js';
import type { Block } from '../reader/block.js';
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
  /** Blocks dropped by time and column statistics before any read. */
  prunedBlocks: number;
}

export interface SearchResult {
  readonly traces: readonly SearchTrace[];
  readonly metrics: SearchMetrics;
}

/** Spans of one trace seen by the scan. */
interface SpanRec {
  key: string;
  parent: string;
  name: string;
  start: bigint;
  end: bigint;
  service: string | undefined;
  attrs: SearchAttribute[] | undefined;
}

interface TraceAcc {
  key: string;
  spans: Map<string, SpanRec>;
  /** Per filter, the keys of the spans it matched. */
  matches: Set<string>[];
  /** Minimum start over matched spans: the order used before exact summaries exist. */
  firstMatch: bigint;
}

interface TraceSummary {
  rootName: string | undefined;
  rootService: string | undefined;
  start: bigint;
  end: bigint;
}

const FULL_TREE_OPS = new Set<StructuralOp>(['>>', '<<', '!>>', '!<<', '&>>', '&<<']);
const DEFAULTS: SearchOptions = { limit: 20, spansPerSpanset: 3, startNs: 0n, endNs: (1n << 64n) - 1n, mostRecent: false };
/**
 * Stored bytes of the blocks kept parsed during one search, so the trace-summary pass does not
 * read and decode the scanned blocks again.
 */
const BLOCK_CACHE_BYTES = 64 * 1024 * 1024;

/**
 * Runs a TraceQL search over one blockpack file. Blocks are pruned by time and by the file's
 * column statistics, then scanned; matches are grouped by trace and combined per spanset operator.
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
  const opts = { ...DEFAULTS, ...o };
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
  private readonly fullScan: boolean;
  private readonly outFields: FieldRef[];
  private readonly traces = new Map<string, TraceAcc>();
  private readonly summaries = new Map<string, TraceSummary>();
  private readonly cache = new Map<number, Block>();
  private cacheBytes = 0;
  private readonly metrics: SearchMetrics;
  private readonly mostRecent: boolean;

  constructor(
    private readonly source: QuerySource,
    private readonly query: TraceQLQuery,
    private readonly opts: SearchOptions,
  ) {
    this.filters = query.filters.map((f) => compileFilter(f.expr));
    this.fullScan = this.filters.some((f) => f.trace.length > 0) || usesFullTree(query.root);
    this.outFields = dedupeFields([...this.filters.flatMap((f) => f.fields), ...query.select]);
    const hint = query.hints.most_recent;
    this.mostRecent = opts.mostRecent || (hint?.type === 'bool' && hint.value);
    this.metrics = { totalBlocks: source.blockCount, inspectedBlocks: 0, inspectedSpans: 0, prunedBlocks: 0 };
  }

  async run(): Promise<SearchResult> {
    const blocks = this.plan();
    this.metrics.prunedBlocks = this.source.blockCount - blocks.length;
    const earlyExit = !this.mostRecent && !this.fullScan && monotone(this.query.root);
    for (const b of blocks) {
      const block = await this.read(b);
      this.scanBlock(b, block);
      if (earlyExit && this.traces.size >= this.opts.limit) break;
    }
    return { traces: await this.results(), metrics: this.metrics };
  }

  /** Block ids to scan: time-pruned, then (unless a full scan is needed) pruned by statistics. */
  private plan(): number[] {
    const { startNs, endNs } = this.opts;
    // A block is needed if any filter may match in it (spanset operators combine per trace);
    // an operand that needs matches on both sides is void when either side can match nowhere.
    const allowed = this.fullScan ? undefined : this.candidates(this.query.root);
    const out: number[] = [];
    for (let b = 0; b < this.source.blockCount; b++) {
      if (allowed !== undefined && !allowed.has(b)) continue;
      const s = this.source.blockSummary(b);
      // A full scan needs every span of a trace, whatever its time.
      if (!this.fullScan && (s.minStart > endNs || s.maxStart < startNs)) continue;
      out.push(b);
    }
    if (this.mostRecent) out.sort((x, y) => cmpBig(this.source.blockSummary(y).maxStart, this.source.blockSummary(x).maxStart));
    return out;
  }

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
    const rows = new RowAccess(block);
    const { startNs, endNs } = this.opts;
    for (let r = 0; r < n; r++) {
      let any = false;
      for (const m of masks) if (m[r] === 1) any = true;
      if (!any && !this.fullScan) continue;
      const start = rows.start(r);
      const inWindow = start >= startNs && start <= endNs;
      if (!inWindow && !this.fullScan) continue;
      const traceKey = rows.traceKey(r);
      if (traceKey === '') continue;
      let t = this.traces.get(traceKey);
      if (t === undefined) {
        t = { key: traceKey, spans: new Map(), matches: this.filters.map(() => new Set<string>()), firstMatch: -1n };
        this.traces.set(traceKey, t);
      }
      const spanKey = rows.bytesHex(Col.SpanId, r) || `b${b}r${r}`;
      let rec = t.spans.get(spanKey);
      if (rec === undefined) {
        rec = {
          key: spanKey,
          parent: rows.bytesHex(Col.ParentId, r),
          name: rows.string(Col.Name, r) ?? '',
          start,
          end: rows.end(r),
          service: rows.string(Col.ServiceName, r),
          attrs: undefined,
        };
        t.spans.set(spanKey, rec);
      }
      if (!any || !inWindow) continue;
      for (let i = 0; i < masks.length; i++) if (masks[i][r] === 1) t.matches[i].add(spanKey);
      if (rec.attrs === undefined) rec.attrs = this.attributes(rows, r);
      if (t.firstMatch < 0n || start < t.firstMatch) t.firstMatch = start;
    }
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

  private async results(): Promise<SearchTrace[]> {
    const matched: { t: TraceAcc; spans: Set<string> }[] = [];
    for (const t of this.traces.values()) {
      if (this.fullScan) this.applyTraceConditions(t);
      const spans = evalSpanset(this.query.root, t);
      if (spans.size > 0) matched.push({ t, spans });
    }
    matched.sort((a, b) => cmpBig(b.t.firstMatch, a.t.firstMatch));
    const top = matched.slice(0, this.opts.limit);
    const looked = this.fullScan ? undefined : await this.lookupSummaries(top.map((m) => m.t));
    const out: SearchTrace[] = [];
    for (const { t, spans } of top) {
      const s = looked?.get(t.key) ?? this.summaryOf(t);
      const recs = [...spans].map((k) => t.spans.get(k)!).sort((a, b) => cmpBig(a.start, b.start));
      out.push({
        traceId: t.key,
        rootServiceName: s.rootService,
        rootTraceName: s.rootName,
        startTimeUnixNano: s.start,
        durationNanos: s.end > s.start ? s.end - s.start : 0n,
        spanSets: [{
          matched: recs.length,
          spans: recs.slice(0, this.opts.spansPerSpanset).map((r) => ({
            spanId: r.key.length === 16 ? r.key : '',
            name: r.name,
            startTimeUnixNano: r.start,
            durationNanos: r.end > r.start ? r.end - r.start : 0n,
            attributes: r.attrs ?? [],
          })),
        }],
      });
    }
    out.sort((a, b) => cmpBig(b.startTimeUnixNano, a.startTimeUnixNano));
    return out;
  }

  /** Clears the matches of filters whose trace-level conditions fail for this trace. */
  private applyTraceConditions(t: TraceAcc): void {
    const s = this.summaryOf(t);
    this.filters.forEach((f, i) => {
      if (f.trace.length === 0) return;
      for (const c of f.trace) {
        const v = c.field === 'rootName' ? s.rootName : c.field === 'rootService' ? s.rootService : s.end - s.start;
        if (!c.test(v)) {
          t.matches[i].clear();
          return;
        }
      }
    });
  }

  /** Summary from the spans this scan recorded (complete in a full scan). */
  private summaryOf(t: TraceAcc): TraceSummary {
    let s = this.summaries.get(t.key);
    if (s === undefined) {
      s = summarize(t.spans.values());
      this.summaries.set(t.key, s);
    }
    return s;
  }

  /**
   * Summaries over every row of each trace in the file: the trace index names their blocks, and
   * each block is read once for all the traces it holds.
   */
  private async lookupSummaries(list: readonly TraceAcc[]): Promise<Map<string, TraceSummary>> {
    const out = new Map<string, TraceSummary>();
    const spansByTrace = new Map<string, Map<string, SpanRec>>();
    const blocks = new Set<number>();
    for (const t of list) {
      const id = fromHex(t.key);
      const bl = id === undefined ? undefined : this.source.blocksForTrace(id);
      if (bl === undefined) {
        out.set(t.key, this.summaryOf(t));
        continue;
      }
      spansByTrace.set(t.key, new Map(t.spans));
      for (const b of bl) blocks.add(b);
    }
    for (const b of [...blocks].sort((x, y) => x - y)) {
      const block = await this.read(b);
      const rows = new RowAccess(block);
      for (let r = 0; r < block.spanCount; r++) {
        const all = spansByTrace.get(rows.traceKey(r));
        if (all === undefined) continue;
        const key = rows.bytesHex(Col.SpanId, r) || `b${b}r${r}`;
        if (all.has(key)) continue;
        all.set(key, {
          key,
          parent: rows.bytesHex(Col.ParentId, r),
          name: rows.string(Col.Name, r) ?? '',
          start: rows.start(r),
          end: rows.end(r),
          service: rows.string(Col.ServiceName, r),
          attrs: undefined,
        });
      }
    }
    for (const [k, all] of spansByTrace) out.set(k, summarize(all.values()));
    return out;
  }
}

function summarize(spans: Iterable<SpanRec>): TraceSummary {
  let start = -1n;
  let end = 0n;
  let rootName: string | undefined;
  let rootService: string | undefined;
  let haveRoot = false;
  for (const s of spans) {
    if (start < 0n || s.start < start) start = s.start;
    if (s.end > end) end = s.end;
    if (s.parent === '' && (!haveRoot || s.start < start)) {
      haveRoot = true;
      rootName = s.name;
      rootService = s.service ?? '';
    }
  }
  return { rootName, rootService, start: start < 0n ? 0n : start, end };
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

function enumText(table: Readonly<Record<string, number>>, code: number): string {
  for (const [k, v] of Object.entries(table)) if (v === code) return k;
  return String(code);
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

function usesFullTree(e: SpansetExpr): boolean {
  switch (e.type) {
    case 'filter':
      return false;
    case 'structural':
      return FULL_TREE_OPS.has(e.op) || usesFullTree(e.left) || usesFullTree(e.right);
    default:
      return usesFullTree(e.left) || usesFullTree(e.right);
  }
}

/** True when more blocks can only add matches, never remove them (filters joined by ||). */
function monotone(e: SpansetExpr): boolean {
  if (e.type === 'filter') return true;
  if (e.type === 'spansetOr') return monotone(e.left) && monotone(e.right);
  return false;
}

function evalSpanset(e: SpansetExpr, t: TraceAcc): Set<string> {
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
      return structural(e.op, evalSpanset(e.left, t), evalSpanset(e.right, t), t.spans);
  }
}

/** Tempo's structural semantics over span keys; `spans` holds the parent links. */
function structural(op: StructuralOp, left: Set<string>, right: Set<string>, spans: Map<string, SpanRec>): Set<string> {
  const parentOf = (k: string): string => spans.get(k)?.parent ?? '';
  const base = op.replace(/^[!&]/, '');
  const negate = op.startsWith('!');
  const withLeft = op.startsWith('&');
  const hits = new Set<string>();
  const leftHits = new Set<string>();
  switch (base) {
    case '>': // right spans whose parent is a left span
      for (const b of right) {
        const p = parentOf(b);
        if (p !== '' && left.has(p)) {
          hits.add(b);
          leftHits.add(p);
        }
      }
      break;
    case '<': {
      // right spans that are the parent of a left span
      const parents = new Map<string, string[]>();
      for (const a of left) {
        const p = parentOf(a);
        if (p !== '') parents.set(p, [...(parents.get(p) ?? []), a]);
      }
      for (const b of right) {
        const kids = parents.get(b);
        if (kids !== undefined) {
          hits.add(b);
          for (const k of kids) leftHits.add(k);
        }
      }
      break;
    }
    case '~': {
      const byParent = new Map<string, string[]>();
      for (const a of left) {
        const p = parentOf(a);
        if (p !== '') byParent.set(p, [...(byParent.get(p) ?? []), a]);
      }
      for (const b of right) {
        const sibs = (byParent.get(parentOf(b)) ?? []).filter((a) => a !== b);
        if (parentOf(b) !== '' && sibs.length > 0) {
          hits.add(b);
          for (const a of sibs) leftHits.add(a);
        }
      }
      break;
    }
    case '>>': // right spans with a left ancestor
      for (const b of right) {
        for (const a of ancestors(b, parentOf, spans.size)) {
          if (left.has(a)) {
            hits.add(b);
            leftHits.add(a);
          }
        }
      }
      break;
    case '<<': {
      // right spans that are an ancestor of a left span
      for (const a of left) {
        for (const anc of ancestors(a, parentOf, spans.size)) {
          if (right.has(anc)) {
            hits.add(anc);
            leftHits.add(a);
          }
        }
      }
      break;
    }
  }
  if (negate) {
    const out = new Set<string>();
    for (const b of right) if (!hits.has(b)) out.add(b);
    return out;
  }
  if (withLeft && hits.size > 0) for (const a of leftHits) hits.add(a);
  return hits;
}

/** Ancestor keys of a span, nearest first, guarded against parent cycles. */
function ancestors(k: string, parentOf: (k: string) => string, limit: number): string[] {
  const out: string[] = [];
  let p = parentOf(k);
  while (p !== '' && out.length <= limit) {
    out.push(p);
    p = parentOf(p);
  }
  return out;
}

function cmpBig(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

