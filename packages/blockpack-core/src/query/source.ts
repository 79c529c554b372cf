import type { Block } from '../reader/block.js';
import type { BlockpackReader } from '../reader/reader.js';
import { RangeLookup } from './range-lookup.js';

/** A value bound for range pruning: the literal as bigint (integers), number, string or bytes. */
export type RangeBound = string | bigint | number | Uint8Array;

/** Per-block facts from the file's block index (no block IO). */
export interface BlockSummary {
  readonly spanCount: number;
  /** Minimum and maximum `span:start` in the block (ns). */
  readonly minStart: bigint;
  readonly maxStart: bigint;
  /** Stored (compressed) size of the block in bytes. */
  readonly length: number;
}

/**
 * What the query engine needs from one blockpack file. `readerQuerySource` builds it over a
 * `BlockpackReader`; everything but `readBlock` works from the metadata already in memory.
 */
export interface QuerySource {
  readonly blockCount: number;
  blockSummary(block: number): BlockSummary;
  /**
   * Blocks that may hold a value of column `name` in [lo, hi] (either bound open), from the range
   * index; undefined when the file keeps no usable statistic for that name (no pruning).
   */
  blocksInRange(name: string, lo: RangeBound | undefined, hi: RangeBound | undefined): ReadonlySet<number> | undefined;
  /** Blocks that hold column `name` (any value); undefined when unknown. */
  blocksWithColumn(name: string): ReadonlySet<number> | undefined;
  /** Column names the file's range index knows (a subset of all columns: no Bool, no trace:id). */
  indexedColumnNames(): readonly string[];
  /** Blocks holding rows of a trace (16-byte id), from the trace index; undefined if unknown. */
  blocksForTrace(traceId: Uint8Array): readonly number[] | undefined;
  /** Reads and parses one block; its columns decode on first access. */
  readBlock(block: number): Promise<Block>;
}

/** Files above this many blocks may carry Go's inexact KLL extremes (spec 24, item 4). */
const EXACT_EXTREMES_MAX_BLOCKS = 100;

/**
 * The query view of an open reader: block summaries, range-index lookups (spec 11.5) and block
 * reads. Range lookups are built lazily per column and cached.
 */
export function readerQuerySource(reader: BlockpackReader): QuerySource {
  const lookups = new Map<string, RangeLookup | null>();
  const exact = reader.blockCount <= EXACT_EXTREMES_MAX_BLOCKS;
  const lookup = (name: string): RangeLookup | undefined => {
    let l = lookups.get(name);
    if (l === undefined) {
      const col = reader.rangeIndex.get(name);
      l = col === undefined ? null : new RangeLookup(col, exact);
      lookups.set(name, l);
    }
    return l ?? undefined;
  };
  return {
    blockCount: reader.blockCount,
    blockSummary: (b) => reader.blocks[b],
    blocksInRange: (name, lo, hi) => lookup(name)?.blocksInRange(lo, hi),
    blocksWithColumn: (name) => lookup(name)?.blocksWithValues(),
    indexedColumnNames: () => [...reader.rangeIndex.keys()],
    blocksForTrace: (id) => reader.blocksForTrace(id),
    readBlock: (b) => reader.readBlock(b),
  };
}
