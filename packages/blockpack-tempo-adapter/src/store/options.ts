import type { Logger } from './logger.js';

/** Server and store settings. Every field has a documented default. */
export interface StoreOptions {
  /** Folder holding `wal/` and `blocks/` (the backend layout of tempo-api.md §4). Required. */
  readonly dataDir: string;
  /** WAL durability: `'always'` (default) fdatasyncs append.log before a request is acknowledged. */
  readonly fsync?: 'always' | 'never';
  /** Cut the head block to a backend block after this many spans. Default 100,000. */
  readonly maxBlockSpans?: number;
  /** … or after this many accepted protobuf bytes. Default 64 MiB. */
  readonly maxBlockBytes?: number;
  /** … or when it is this old (ms). Default 5 minutes. */
  readonly maxBlockAgeMs?: number;
  /** How often the cut policy is checked (ms). Default 1000; 0 disables the timer (tests call `cutIdle`). */
  readonly cutCheckIntervalMs?: number;
  /** Complete head blocks to backend blocks on `close()`. Default true. */
  readonly completeOnClose?: boolean;
  /** Spans per blockpack block in written files. Default 2,000. */
  readonly spansPerBlock?: number;
  /** Longest attribute value kept at ingest. Default 64 KiB. */
  readonly maxAttributeBytes?: number;
  /** Head-block spans frozen into one in-memory blockpack chunk for search. Default 1,000. */
  readonly headChunkSpans?: number;
  /** Largest WAL record replayed, in bytes. Default 64 MiB. */
  readonly maxRecordBytes?: number;
  /** How often compaction and retention run (ms). Default 60 s; 0 disables them (tests call `compact`). */
  readonly compactionIntervalMs?: number;
  /** Blocks ending in the same window are compacted together. Default 1 h. */
  readonly compactionWindowMs?: number;
  /** Most blocks merged at once. Default 8. */
  readonly maxCompactionInputs?: number;
  /** Most spans in one compacted block. Default 500,000. */
  readonly maxCompactionSpans?: number;
  /** Compacted blocks are deleted this long after compaction. Default 1 h. */
  readonly compactedRetentionMs?: number;
  /** Live blocks whose end time is older than this are deleted. Default 0 (keep forever). */
  readonly blockRetentionMs?: number;
  /**
   * Path of the writer worker script (`dist/store/write-worker.js`): block completion and head
   * chunks are then written in a worker thread. Default: none (written on the main thread). The CLI
   * sets it.
   */
  readonly writerWorker?: string;
  readonly logger?: Logger;
}

export interface ResolvedStoreOptions {
  readonly dataDir: string;
  readonly fsync: 'always' | 'never';
  readonly maxBlockSpans: number;
  readonly maxBlockBytes: number;
  readonly maxBlockAgeMs: number;
  readonly cutCheckIntervalMs: number;
  readonly completeOnClose: boolean;
  readonly spansPerBlock: number;
  readonly maxAttributeBytes: number;
  readonly headChunkSpans: number;
  readonly maxRecordBytes: number;
  readonly compactionIntervalMs: number;
  readonly compactionWindowMs: number;
  readonly maxCompactionInputs: number;
  readonly maxCompactionSpans: number;
  readonly compactedRetentionMs: number;
  readonly blockRetentionMs: number;
  readonly writerWorker: string | undefined;
  readonly logger: Logger;
}

export function resolveStoreOptions(o: StoreOptions, fallbackLogger: Logger): ResolvedStoreOptions {
  return {
    dataDir: o.dataDir,
    fsync: o.fsync ?? 'always',
    maxBlockSpans: o.maxBlockSpans ?? 100_000,
    maxBlockBytes: o.maxBlockBytes ?? 64 * 1024 * 1024,
    maxBlockAgeMs: o.maxBlockAgeMs ?? 5 * 60_000,
    cutCheckIntervalMs: o.cutCheckIntervalMs ?? 1000,
    completeOnClose: o.completeOnClose ?? true,
    spansPerBlock: o.spansPerBlock ?? 2000,
    maxAttributeBytes: o.maxAttributeBytes ?? 64 * 1024,
    headChunkSpans: o.headChunkSpans ?? 1000,
    maxRecordBytes: o.maxRecordBytes ?? 64 * 1024 * 1024,
    compactionIntervalMs: o.compactionIntervalMs ?? 60_000,
    compactionWindowMs: o.compactionWindowMs ?? 3_600_000,
    maxCompactionInputs: o.maxCompactionInputs ?? 8,
    maxCompactionSpans: o.maxCompactionSpans ?? 500_000,
    compactedRetentionMs: o.compactedRetentionMs ?? 3_600_000,
    blockRetentionMs: o.blockRetentionMs ?? 0,
    writerWorker: o.writerWorker,
    logger: o.logger ?? fallbackLogger,
  };
}
