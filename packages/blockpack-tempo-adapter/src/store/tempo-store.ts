import { join } from 'node:path';
import { encodeTrace } from '../convert/otlp-proto.js';
import { validateTrace } from '../convert/validate.js';
import type { Trace } from '../convert/model.js';
import { BackendBlocks } from '../backend/blocks.js';
import { LocalStorage } from '../backend/storage.js';
import type { Storage } from '../backend/storage.js';
import type { BlockMeta } from '../backend/meta.js';
import { validateTenant } from '../backend/ids.js';
import { Wal } from '../wal/wal.js';
import type { HeadBlock } from '../wal/head-block.js';
import type { BlockEngine, EngineFile } from './engine.js';
import { coreEngine } from './core-engine.js';
import { consoleLogger } from './logger.js';
import { resolveStoreOptions } from './options.js';
import type { ResolvedStoreOptions, StoreOptions } from './options.js';
import { TraceBuilder } from './trace-builder.js';
import { compactTenant, mergeInProcess } from './compactor.js';
import { WorkerWriter } from './worker-writer.js';
import type { CompactionResult, MergeResult } from './compactor.js';

export interface IngestResult {
  readonly acceptedSpans: number;
  readonly rejectedSpans: number;
  readonly errorMessage: string;
}

export interface TimeWindow {
  /** Unix seconds; 0 = unbounded. */
  readonly start: number;
  readonly end: number;
}

export interface FoundTrace {
  readonly trace: Trace;
  readonly spanCount: number;
  readonly inspectedBytes: number;
}

/** A source of spans for queries: a head block or a backend block, opened lazily. */
export interface QuerySource {
  readonly kind: 'head' | 'backend';
  readonly meta: BlockMeta;
  readonly head?: HeadBlock;
}

const NS_PER_S = 1_000_000_000n;

interface HeadChunk {
  /** Batches [from, to) of the head block. */
  from: number;
  to: number;
  level: number;
  file: EngineFile;
}

interface HeadChunks {
  /** A chunk build is queued or running. */
  building: boolean;
  /** A background merge is running. */
  merging: boolean;
  /** Frozen chunks, in batch order. */
  frozen: HeadChunk[];
  /** Batches [0, frozenTo) are in `frozen`. */
  frozenTo: number;
  tail: { to: number; file: EngineFile } | undefined;
  lock: Promise<void>;
}

/**
 * The trace store behind the HTTP API: per-tenant WAL head blocks and backend blocks. Ingest makes
 * data durable in the WAL before acknowledging; a timer cuts head blocks by size or age and
 * completes them to backend blocks through the engine.
 */
export class TempoStore {
  readonly options: ResolvedStoreOptions;
  readonly backend: BackendBlocks;
  private readonly fileCache = new Map<string, EngineFile>();
  /** Bytes read from backend storage so far (the inspectedBytes of queries are deltas of it). */
  readonly readCounter = { bytes: 0 };
  private readonly headChunks = new WeakMap<HeadBlock, HeadChunks>();
  private timer: NodeJS.Timeout | undefined;
  private lastCompaction = Date.now();
  /**
   * Writer worker for long jobs: completing blocks, compaction, merging head chunks. Short jobs
   * (new head chunks, the tail a search needs) stay on the main thread: measured on a busy 2-core
   * machine, a worker round trip made searches wait seconds behind the scheduler.
   */
  private readonly worker: WorkerWriter | undefined;
  private completing = Promise.resolve();
  private closed = false;

  private constructor(
    options: ResolvedStoreOptions,
    readonly wal: Wal,
    storage: Storage,
    readonly engine: BlockEngine | undefined,
  ) {
    this.options = options;
    this.backend = new BackendBlocks(storage, options.logger);
    this.worker = options.writerWorker && engine ? new WorkerWriter(options.writerWorker, options.logger) : undefined;
    this.worker?.warmUp();
  }

  /** Opens the data folder, replays the WAL and starts the cut timer. */
  static async open(options: StoreOptions, engine: BlockEngine | undefined = coreEngine): Promise<TempoStore> {
    const o = resolveStoreOptions(options, consoleLogger);
    const wal = await Wal.open(join(o.dataDir, 'wal'), { fsync: o.fsync, maxRecordBytes: o.maxRecordBytes, logger: o.logger });
    const store = new TempoStore(o, wal, new LocalStorage(join(o.dataDir, 'blocks')), engine);
    if (o.cutCheckIntervalMs > 0) {
      store.timer = setInterval(() => void store.cutIdle().catch((e) => o.logger.error('cut failed', { error: (e as Error).message })), o.cutCheckIntervalMs);
      store.timer.unref();
    }
    // Blocks replayed from a previous run are completed right away (their data stays queryable).
    if (engine && wal.completingBlocks().length > 0) void store.completePending();
    return store;
  }

  /**
   * Validates and appends one export request for a tenant (`protobufBody`: the request's OTLP
   * protobuf bytes, reused as the WAL record when nothing was dropped or truncated). Resolves after the accepted spans are in
   * the WAL (fsync'd under the default policy) and visible to queries.
   */
  async ingest(tenant: string, trace: Trace, protobufBody?: Uint8Array): Promise<IngestResult> {
    validateTenant(tenant);
    const v = validateTrace(trace, { maxAttributeBytes: this.options.maxAttributeBytes });
    if (v.acceptedSpans > 0) {
      // The request bytes are already the WAL payload when validation changed nothing.
      const payload = protobufBody && v.rejectedSpans === 0 && v.truncated === 0 ? protobufBody : encodeTrace(v.trace);
      // A head block sealed between lookup and append refuses the batch; the next one takes it.
      for (let attempt = 0; attempt < 3; attempt++) {
        const head = await this.wal.head(tenant);
        if (await head.append(v.trace, payload)) {
          this.maybeFreeze(head);
          break;
        }
        if (attempt === 2) throw new Error('could not append to a head block');
      }
    }
    return { acceptedSpans: v.acceptedSpans, rejectedSpans: v.rejectedSpans, errorMessage: v.errorMessage };
  }

  /** Every block that may hold data of the tenant in the window (all blocks when none is given). */
  async sources(tenant: string, window?: TimeWindow): Promise<QuerySource[]> {
    validateTenant(tenant);
    const out: QuerySource[] = [];
    const lo = window && window.start > 0 ? BigInt(window.start) * NS_PER_S : 0n;
    const hi = window && window.end > 0 ? BigInt(window.end) * NS_PER_S + NS_PER_S - 1n : 0n;
    const overlaps = (m: BlockMeta) => (hi === 0n || m.startTimeUnixNano <= hi) && (lo === 0n || m.endTimeUnixNano >= lo);
    for (const meta of await this.backend.blocks(tenant)) if (overlaps(meta)) out.push({ kind: 'backend', meta });
    for (const head of this.wal.blocksOf(tenant)) {
      const meta = head.meta();
      if (head.spanCount > 0 && overlaps(meta)) out.push({ kind: 'head', meta, head });
    }
    return out;
  }

  /**
   * The engine files of a source. A backend block is one file (cached: blocks are immutable). A head
   * block is served as in-memory blockpack chunks: every `headChunkSpans` spans are frozen into a
   * chunk built once, and the unfrozen tail is rebuilt only when it changed.
   */
  async filesOf(src: QuerySource): Promise<EngineFile[]> {
    const engine = this.engine;
    if (!engine) return [];
    if (!src.head) {
      const id = `${src.meta.tenantID}/${src.meta.blockID}`;
      let file = this.fileCache.get(id);
      if (!file) {
        // Lean open: footer, header and metadata through ranged reads; blocks are read on demand.
        const meta = src.meta;
        const counter = this.readCounter;
        file = await engine.openRanged({
          size: meta.size,
          read: (offset, length) => {
            counter.bytes += length;
            return this.backend.readRange(meta, offset, length);
          },
        });
        this.fileCache.set(id, file);
      }
      return [file];
    }
    const head = src.head;
    let st = this.headChunks.get(head);
    if (!st) {
      st = { building: false, merging: false, frozen: [], frozenTo: 0, tail: undefined, lock: Promise.resolve() };
      this.headChunks.set(head, st);
    }
    const state = st;
    state.building = true;
    const run = state.lock.then(async () => {
      const n = head.batches.length;
      let tailSpans = 0;
      for (let i = state.frozenTo; i < n; i++) tailSpans += head.batchSpans[i]!;
      if (tailSpans >= this.options.headChunkSpans) {
        const from = state.frozenTo;
        state.frozen.push({ from, to: n, level: 0, file: await this.buildChunk(head, from, n) });
        state.frozenTo = n;
        state.tail = undefined;
        this.scheduleMerge(head, state);
      } else if (state.frozenTo < n && state.tail?.to !== n) {
        state.tail = { to: n, file: await this.buildChunk(head, state.frozenTo, n) };
      }
      const files = state.frozen.map((c) => c.file);
      if (state.frozenTo < n && state.tail) files.push(state.tail.file);
      return files;
    });
    const done = () => {
      if (state.lock === settled) state.building = false;
    };
    const settled: Promise<void> = run.then(done, done);
    state.lock = settled;
    return run;
  }

  /** `long`: a background merge, sent to the completion worker so that it never delays searches. */
  private async buildChunk(head: HeadBlock, from: number, to: number, long = false): Promise<EngineFile> {
    return this.engine!.open(await this.writeFile(head, from, to, true, long));
  }

  /**
   * Keeps the number of head chunks logarithmic: four adjacent chunks of one level are rebuilt as
   * one chunk of the next level, in the background; searches keep using the old chunks meanwhile.
   */
  private scheduleMerge(head: HeadBlock, state: HeadChunks): void {
    if (state.merging || head.sealed) return;
    const f = state.frozen;
    let i = -1;
    for (let k = 0; k + 4 <= f.length; k++) {
      if (f[k]!.level === f[k + 1]!.level && f[k]!.level === f[k + 2]!.level && f[k]!.level === f[k + 3]!.level) {
        i = k;
        break;
      }
    }
    if (i < 0) return;
    const group = f.slice(i, i + 4);
    state.merging = true;
    this.buildChunk(head, group[0]!.from, group[3]!.to, true).then(
      (file) => {
        state.merging = false;
        const at = state.frozen.indexOf(group[0]!);
        if (at >= 0 && group.every((c, k) => state.frozen[at + k] === c)) state.frozen.splice(at, 4, { from: group[0]!.from, to: group[3]!.to, level: group[0]!.level + 1, file });
        this.scheduleMerge(head, state);
      },
      (e: unknown) => {
        state.merging = false;
        this.options.logger.warn('merging head chunks failed', { error: (e as Error).message });
      },
    );
  }

  /**
   * Freezes a full head chunk in the background (after the request was acknowledged), so that a
   * search only has to build the small unfrozen tail.
   */
  private maybeFreeze(head: HeadBlock): void {
    if (!this.engine) return;
    const st = this.headChunks.get(head);
    const frozenTo = st?.frozenTo ?? 0;
    if (st?.building) return;
    let tail = 0;
    for (let i = frozenTo; i < head.batchSpans.length && tail < this.options.headChunkSpans; i++) tail += head.batchSpans[i]!;
    if (tail < this.options.headChunkSpans) return;
    const src: QuerySource = { kind: 'head', meta: head.meta(), head };
    void this.filesOf(src).catch((e) => this.options.logger.warn('freezing a head chunk failed', { error: (e as Error).message }));
  }

  /** Looks a trace up in every head and backend block of the tenant and merges the spans. */
  async findTrace(tenant: string, traceId: Uint8Array, window?: TimeWindow): Promise<FoundTrace> {
    const builder = new TraceBuilder();
    let inspectedBytes = 0;
    const read0 = this.readCounter.bytes;
    for (const src of await this.sources(tenant, window)) {
      if (src.head) {
        for (const e of src.head.spansOf(traceId)) builder.addSpan(e.rs.resource, e.rs.schemaUrl, e.ss.scope, e.ss.schemaUrl, e.span);
        continue;
      }
      for (const file of await this.filesOf(src)) {
        const t = await file.findTrace(traceId);
        if (t) builder.addTrace(t, traceId);
      }
    }
    // Backend blocks: bytes actually read (ranged reads); head blocks are in memory.
    inspectedBytes += this.readCounter.bytes - read0;
    return { trace: builder.build(), spanCount: builder.spanCount, inspectedBytes };
  }

  /** Cuts head blocks that passed a size or age limit and completes them; runs compaction when due. */
  async cutIdle(now = Date.now()): Promise<void> {
    if (this.closed || !this.engine) return;
    const o = this.options;
    for (const head of this.wal.activeBlocks()) {
      if (head.spanCount === 0) continue;
      if (head.spanCount >= o.maxBlockSpans || head.payloadBytes >= o.maxBlockBytes || now - head.createdAt >= o.maxBlockAgeMs) this.wal.cut(head);
    }
    await this.completePending();
    if (o.compactionIntervalMs > 0 && now - this.lastCompaction >= o.compactionIntervalMs) {
      this.lastCompaction = now;
      await this.compact(now);
    }
  }

  /**
   * Compaction and retention over every tenant's backend blocks (serialised with block completion).
   * Returns the totals.
   */
  compact(now = Date.now()): Promise<CompactionResult> {
    const engine = this.engine;
    const total = { compacted: 0, outputs: 0, deleted: 0, duplicateSpans: 0 };
    if (!engine) return Promise.resolve(total);
    const o = this.options;
    const run = this.completing.then(async () => {
      for (const tenant of await this.backend.tenants()) {
        try {
          const r = await compactTenant(
            tenant,
            this.backend,
            this.mergeFor(engine),
            { windowMs: o.compactionWindowMs, maxInputs: o.maxCompactionInputs, maxSpans: o.maxCompactionSpans, compactedRetentionMs: o.compactedRetentionMs, blockRetentionMs: o.blockRetentionMs, spansPerBlock: o.spansPerBlock },
            o.logger,
            (m) => this.fileCache.delete(`${m.tenantID}/${m.blockID}`),
            now,
          );
          total.compacted += r.compacted;
          total.outputs += r.outputs;
          total.deleted += r.deleted;
          total.duplicateSpans += r.duplicateSpans;
        } catch (e) {
          o.logger.error('compaction failed', { tenant, error: (e as Error).message });
        }
      }
      return total;
    });
    this.completing = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  /** Cuts every non-empty head block now and completes it (used at shutdown and by tests). */
  async flush(): Promise<void> {
    if (!this.engine) return;
    for (const head of this.wal.activeBlocks()) if (head.spanCount > 0) this.wal.cut(head);
    await this.completePending();
  }

  /** Completes cut blocks one at a time: write data.blockpack + meta.json, then delete the WAL dir. */
  completePending(): Promise<void> {
    this.completing = this.completing.then(async () => {
      for (const head of this.wal.completingBlocks()) {
        await this.complete(head).catch((e) => this.options.logger.error('completing WAL block failed; it stays in the WAL', { tenant: head.tenant, block: head.blockId, error: (e as Error).message }));
      }
    });
    return this.completing;
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    if (this.options.completeOnClose) await this.flush();
    await this.completing;
    this.closed = true;
    await this.worker?.close();
    await this.wal.close();
    this.fileCache.clear();
  }

  /** Compaction merges in the completion worker for local storage, else on the main thread. */
  private mergeFor(engine: BlockEngine): (inputs: readonly BlockMeta[]) => Promise<MergeResult> {
    const inProcess = mergeInProcess(this.backend, engine, this.options.spansPerBlock);
    const worker = this.worker;
    if (!worker) return inProcess;
    return async (inputs) => {
      const paths = inputs.map((m) => this.backend.localDataPath(m));
      if (paths.some((p) => p === undefined)) return inProcess(inputs);
      try {
        return await worker.compact(paths as string[], this.options.spansPerBlock);
      } catch (e) {
        this.options.logger.warn('writer worker failed; compacting on the main thread', { error: (e as Error).message });
        return inProcess(inputs);
      }
    };
  }

  /** Writes batches [from, to) of a head block, in the writer worker when there is one. */
  private async writeFile(head: HeadBlock, from: number, to: number, ephemeral: boolean, long = !ephemeral): Promise<Uint8Array> {
    const worker = long ? this.worker : undefined;
    if (worker) {
      try {
        return await worker.write(head.payloads.slice(from, to), this.options.spansPerBlock, ephemeral);
      } catch (e) {
        this.options.logger.warn('writer worker failed; writing on the main thread', { error: (e as Error).message });
      }
    }
    return this.engine!.write(head.batches.slice(from, to), this.options.spansPerBlock, { ephemeral });
  }

  private async complete(head: HeadBlock): Promise<void> {
    if (!this.engine) return;
    // Refuse new appends, and let in-flight ones land, before reading the block.
    await head.seal();
    if (head.spanCount === 0) {
      this.wal.remove(head);
      await head.destroy();
      return;
    }
    const t0 = Date.now();
    const data = await this.writeFile(head, 0, head.batches.length, false);
    // The backend block keeps the WAL block's id (as Tempo does), so completing again after a crash
    // between publishing and deleting the WAL directory rewrites the same block: no duplicates.
    const blockId = head.blockId;
    const m = head.meta();
    await this.backend.write({ ...m, blockID: blockId, size: data.length }, data);
    this.wal.remove(head);
    await head.destroy();
    this.options.logger.info('completed WAL block', { tenant: head.tenant, wal: head.blockId, block: blockId, spans: head.spanCount, traces: head.traceCount, bytes: data.length, ms: Date.now() - t0 });
  }
}
