import { mkdir, open, readdir, rm, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeTrace } from '../convert/otlp-proto.js';
import { toHex } from '../convert/ids.js';
import type { ResourceSpans, ScopeSpans, Span, Trace } from '../convert/model.js';
import { BLOCK_FORMAT, metaToJson } from '../backend/meta.js';
import type { BlockMeta } from '../backend/meta.js';
import { RecordLog } from './record-log.js';
import type { RecordLogOptions } from './record-log.js';

// One head block: a WAL directory `<walroot>/<blockID>+<tenantID>+vblockpack/` (tempo-api.md §8.2)
// holding `meta.json` and `append.log`. Every accepted request is one append.log record (the OTLP
// TracesData bytes as accepted), durable before the request is acknowledged; the spans are also kept
// in memory, indexed by trace id, so queries see them at once.

export const APPEND_LOG = 'append.log';
export const WAL_SUFFIX = `+${BLOCK_FORMAT}`;

export interface SpanEntry {
  readonly rs: ResourceSpans;
  readonly ss: ScopeSpans;
  readonly span: Span;
}

export interface HeadBlockReplay {
  readonly records: number;
  readonly spans: number;
  readonly droppedBytes: number;
  readonly badRecords: number;
}

export function walDirName(blockId: string, tenant: string): string {
  return `${blockId}+${tenant}${WAL_SUFFIX}`;
}

export class HeadBlock {
  readonly createdAt: number;
  /** Accepted request batches, in arrival order. */
  readonly batches: Trace[] = [];
  /** Spans in each batch (parallel to `batches`). */
  readonly batchSpans: number[] = [];
  /** Each batch's OTLP protobuf bytes as written to append.log (parallel to `batches`). */
  readonly payloads: Uint8Array[] = [];
  private readonly byTrace = new Map<string, SpanEntry[]>();
  spanCount = 0;
  payloadBytes = 0;
  minStart = -1n;
  maxEnd = 0n;
  /** Bumped on every append; lets caches built from this block notice changes. */
  generation = 0;

  private constructor(
    readonly tenant: string,
    readonly blockId: string,
    readonly dir: string,
    private readonly log: RecordLog,
  ) {
    this.createdAt = Date.now();
  }

  /** Creates a new head block directory (meta.json + empty append.log). */
  static async create(walRoot: string, tenant: string, blockId: string, options: RecordLogOptions & { maxRecordBytes: number }): Promise<HeadBlock> {
    const dir = join(walRoot, walDirName(blockId, tenant));
    await mkdir(dir, { recursive: true });
    const { log } = await RecordLog.open(join(dir, APPEND_LOG), options.maxRecordBytes, options);
    const block = new HeadBlock(tenant, blockId, dir, log);
    await block.writeMeta();
    // Make the new directory entries durable before any record is acknowledged in them.
    if (options.fsync !== 'never') {
      await fsyncDir(dir);
      await fsyncDir(walRoot);
    }
    return block;
  }

  /** Opens an existing head block directory and replays its append.log. */
  static async open(dir: string, tenant: string, blockId: string, options: RecordLogOptions & { maxRecordBytes: number }): Promise<{ block: HeadBlock; replay: HeadBlockReplay }> {
    const { log, replay } = await RecordLog.open(join(dir, APPEND_LOG), options.maxRecordBytes, options);
    const block = new HeadBlock(tenant, blockId, dir, log);
    let spans = 0;
    let badRecords = 0;
    for (const rec of replay.records) {
      try {
        const trace = decodeTrace(rec);
        spans += block.index(trace, rec);
      } catch {
        // A record with a valid CRC that does not decode was written by something else; skip it.
        badRecords++;
      }
    }
    return { block, replay: { records: replay.records.length, spans, droppedBytes: replay.droppedBytes, badRecords } };
  }

  /** Set once the block is cut for completion; later appends must go to a fresh block. */
  sealed = false;

  /**
   * Appends an accepted batch: durable in append.log first, then visible to queries.
   * Returns false (nothing written) when the block was sealed meanwhile.
   */
  async append(trace: Trace, payload: Uint8Array): Promise<boolean> {
    if (this.sealed) return false;
    await this.log.append(payload);
    this.index(trace, payload);
    return true;
  }

  /** Seals the block and waits until every append already started is written and indexed. */
  async seal(): Promise<void> {
    this.sealed = true;
    await this.log.drain();
    await new Promise((r) => setImmediate(r));
  }

  /** Spans of one trace held by this block. */
  spansOf(traceId: Uint8Array): readonly SpanEntry[] {
    return this.byTrace.get(toHex(traceId)) ?? [];
  }

  get traceCount(): number {
    return this.byTrace.size;
  }

  traceIds(): IterableIterator<string> {
    return this.byTrace.keys();
  }

  meta(): BlockMeta {
    return {
      blockID: this.blockId,
      tenantID: this.tenant,
      startTimeUnixNano: this.minStart < 0n ? BigInt(this.createdAt) * 1_000_000n : this.minStart,
      endTimeUnixNano: this.maxEnd > 0n ? this.maxEnd : BigInt(this.createdAt) * 1_000_000n,
      totalObjects: this.byTrace.size,
      size: 0,
      compactionLevel: 0,
      spanCount: this.spanCount,
    };
  }

  /** Rewrites meta.json atomically (temp + rename). */
  async writeMeta(): Promise<void> {
    const tmp = join(this.dir, 'meta.json.tmp');
    await writeFile(tmp, metaToJson(this.meta()));
    await rename(tmp, join(this.dir, 'meta.json'));
  }

  async close(): Promise<void> {
    await this.log.close();
  }

  /** Closes the log and deletes the directory (after the block was completed to the backend). */
  async destroy(): Promise<void> {
    await this.log.close();
    await rm(this.dir, { recursive: true, force: true });
  }

  private index(trace: Trace, payload: Uint8Array): number {
    let n = 0;
    for (const rs of trace.resourceSpans) {
      for (const ss of rs.scopeSpans) {
        for (const span of ss.spans) {
          const key = toHex(span.traceId);
          let list = this.byTrace.get(key);
          if (!list) {
            list = [];
            this.byTrace.set(key, list);
          }
          list.push({ rs, ss, span });
          if (this.minStart < 0n || span.startTimeUnixNano < this.minStart) this.minStart = span.startTimeUnixNano;
          const end = span.endTimeUnixNano > span.startTimeUnixNano ? span.endTimeUnixNano : span.startTimeUnixNano;
          if (end > this.maxEnd) this.maxEnd = end;
          n++;
        }
      }
    }
    this.batches.push(trace);
    this.batchSpans.push(n);
    this.payloads.push(payload);
    this.spanCount += n;
    this.payloadBytes += payload.length;
    this.generation++;
    return n;
  }
}

async function fsyncDir(path: string): Promise<void> {
  const fh = await open(path, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** Lists WAL directories this server owns: `<uuid>+<tenant>+vblockpack`. Others are left alone. */
export async function listWalDirs(walRoot: string): Promise<{ name: string; blockId: string; tenant: string }[]> {
  let names: string[];
  try {
    names = await readdir(walRoot);
  } catch {
    return [];
  }
  const out = [];
  for (const name of names.sort()) {
    if (!name.endsWith(WAL_SUFFIX)) continue;
    const parts = name.slice(0, -WAL_SUFFIX.length).split('+');
    if (parts.length !== 2) continue;
    out.push({ name, blockId: parts[0]!, tenant: parts[1]! });
  }
  return out;
}
