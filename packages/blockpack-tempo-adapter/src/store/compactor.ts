import { randomUUID } from 'node:crypto';
import { toHex } from '../convert/ids.js';
import type { Trace } from '../convert/model.js';
import type { BackendBlocks } from '../backend/blocks.js';
import type { BlockMeta } from '../backend/meta.js';
import type { BlockEngine, RangedSource } from './engine.js';
import type { Logger } from './logger.js';

// Compaction and retention (tempo-api.md §6, §17), for a data folder this server owns. Blocks of a
// tenant are grouped by time window and compaction level; a group of at least two is merged through
// a fresh writer (spans deduplicated by trace id + span id), the output published (data, then
// meta.json), then the inputs marked compacted. Retention deletes compacted blocks after a grace
// period (queries in flight may still read them) and, when configured, live blocks past an age.

export interface CompactionOptions {
  /** Blocks whose end times fall in the same window are compacted together. */
  readonly windowMs: number;
  /** Most blocks merged at once. */
  readonly maxInputs: number;
  /** Most spans in one output block (inputs are taken while they fit). */
  readonly maxSpans: number;
  /** Compacted blocks are deleted this long after compaction. */
  readonly compactedRetentionMs: number;
  /** Live blocks whose end time is older than this are deleted; 0 = keep forever. */
  readonly blockRetentionMs: number;
  readonly spansPerBlock: number;
}

export interface CompactionResult {
  readonly compacted: number;
  readonly outputs: number;
  readonly deleted: number;
  readonly duplicateSpans: number;
}

/** Estimated spans of a block: its recorded count, else about 60 bytes per span. */
function spansOf(m: BlockMeta): number {
  return m.spanCount ?? Math.ceil(m.size / 60);
}

export interface MergeResult {
  readonly bytes: Uint8Array;
  /** Spans kept, distinct traces, duplicates dropped. */
  readonly spans: number;
  readonly traces: number;
  readonly duplicates: number;
  /** Min span start and max span end (ns); -1n / 0n when empty. */
  readonly minStart: bigint;
  readonly maxEnd: bigint;
}

/**
 * Merges input files (each an iterable of span groups) into one file: the first copy of each
 * (trace id, span id) wins. Used on the main thread and in the writer worker.
 */
export async function mergeSpanSources(inputs: readonly AsyncIterable<Trace>[], write: (batches: readonly Trace[]) => Promise<Uint8Array>): Promise<MergeResult> {
  const seen = new Set<string>();
  const traces = new Set<string>();
  const batches: Trace[] = [];
  let minStart = -1n;
  let maxEnd = 0n;
  let spans = 0;
  let duplicates = 0;
  for (const input of inputs) {
    for await (const t of input) {
      for (const rs of t.resourceSpans) {
        for (const ss of rs.scopeSpans) {
          ss.spans = ss.spans.filter((s) => {
            const key = toHex(s.traceId) + toHex(s.spanId);
            if (seen.has(key)) {
              duplicates++;
              return false;
            }
            seen.add(key);
            traces.add(key.slice(0, 32));
            if (minStart < 0n || s.startTimeUnixNano < minStart) minStart = s.startTimeUnixNano;
            const end = s.endTimeUnixNano > s.startTimeUnixNano ? s.endTimeUnixNano : s.startTimeUnixNano;
            if (end > maxEnd) maxEnd = end;
            return true;
          });
          spans += ss.spans.length;
        }
      }
      batches.push(t);
    }
  }
  return { bytes: await write(batches), spans, traces: traces.size, duplicates, minStart, maxEnd };
}

/** Merges backend blocks on the main thread through the engine (ranged reads from storage). */
export function mergeInProcess(backend: BackendBlocks, engine: BlockEngine, spansPerBlock: number): (inputs: readonly BlockMeta[]) => Promise<MergeResult> {
  return async (inputs) => {
    const sources: AsyncIterable<Trace>[] = [];
    for (const m of inputs) {
      const source: RangedSource = { size: m.size, read: (o, l) => backend.readRange(m, o, l) };
      sources.push((await engine.openRanged(source)).readBlocks());
    }
    return mergeSpanSources(sources, (batches) => engine.write(batches, spansPerBlock));
  };
}

export async function compactTenant(
  tenant: string,
  backend: BackendBlocks,
  merge: (inputs: readonly BlockMeta[]) => Promise<MergeResult>,
  options: CompactionOptions,
  logger: Logger,
  evict: (meta: BlockMeta) => void,
  nowMs = Date.now(),
): Promise<CompactionResult> {
  let compacted = 0;
  let outputs = 0;
  let deleted = 0;
  let duplicateSpans = 0;
  const windowNs = BigInt(Math.max(1, options.windowMs)) * 1_000_000n;

  // Retention first: expired live blocks, then compacted blocks past their grace period.
  let metas = await backend.blocks(tenant);
  if (options.blockRetentionMs > 0) {
    const cutoff = BigInt(nowMs - options.blockRetentionMs) * 1_000_000n;
    for (const m of metas) {
      if (m.endTimeUnixNano >= cutoff) continue;
      evict(m);
      await backend.deleteBlock(tenant, m.blockID);
      deleted++;
    }
    if (deleted > 0) metas = await backend.blocks(tenant);
  }
  const graceCutoff = BigInt(nowMs - options.compactedRetentionMs) * 1_000_000n;
  for (const c of await backend.compactedBlocks(tenant)) {
    if (c.compactedAtNs > graceCutoff) continue;
    await backend.deleteBlock(tenant, c.blockID);
    deleted++;
  }

  const groups = new Map<string, BlockMeta[]>();
  for (const m of metas) {
    if (await backend.isNoCompact(m)) continue;
    const key = `${m.endTimeUnixNano / windowNs}:${m.compactionLevel}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = []));
    g.push(m);
  }
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    group.sort((a, b) => (a.startTimeUnixNano < b.startTimeUnixNano ? -1 : a.startTimeUnixNano > b.startTimeUnixNano ? 1 : 0));
    const inputs: BlockMeta[] = [];
    let spans = 0;
    for (const m of group) {
      if (inputs.length >= options.maxInputs) break;
      if (inputs.length >= 1 && spans + spansOf(m) > options.maxSpans) continue;
      inputs.push(m);
      spans += spansOf(m);
    }
    if (inputs.length < 2) continue;

    const t0 = Date.now();
    const merged = await merge(inputs);
    duplicateSpans += merged.duplicates;
    const data = merged.bytes;
    const out: BlockMeta = {
      blockID: randomUUID(),
      tenantID: tenant,
      startTimeUnixNano: merged.minStart < 0n ? inputs[0]!.startTimeUnixNano : merged.minStart,
      endTimeUnixNano: merged.maxEnd > 0n ? merged.maxEnd : inputs[inputs.length - 1]!.endTimeUnixNano,
      totalObjects: merged.traces,
      size: data.length,
      compactionLevel: Math.max(...inputs.map((m) => m.compactionLevel)) + 1,
      spanCount: merged.spans,
    };
    await backend.write(out, data);
    const now = BigInt(nowMs) * 1_000_000n;
    for (const m of inputs) {
      await backend.markCompacted(m, now);
      evict(m);
    }
    await backend.writeTenantIndex(tenant);
    compacted += inputs.length;
    outputs++;
    logger.info('compacted blocks', { tenant, inputs: inputs.length, output: out.blockID, level: out.compactionLevel, spans: merged.spans, traces: merged.traces, duplicates: merged.duplicates, bytes: data.length, ms: Date.now() - t0 });
  }
  if (deleted > 0 && outputs === 0) await backend.writeTenantIndex(tenant);
  return { compacted, outputs, deleted, duplicateSpans };
}
