import type { Trace } from '../convert/model.js';

// What the store needs from a blockpack engine. The default implementation wires @blockpack/core
// (core-engine.ts); the interface keeps the store testable and lets another engine be plugged in.

export interface EngineSearchOptions {
  /** Maximum traces. */
  readonly limit: number;
  /** Spans returned per spanset. */
  readonly spansPerSpanset: number;
  /** Window on span start, in ns, inclusive. */
  readonly startNs: bigint;
  readonly endNs: bigint;
  readonly mostRecent: boolean;
}

/** A value of a search-result attribute: intrinsics as text, attributes typed. */
export type EngineAttrValue = string | bigint | number | boolean;

export interface EngineSpanMatch {
  /** 16 lower-case hex characters. */
  readonly spanId: string;
  readonly name: string;
  readonly startTimeUnixNano: bigint;
  readonly durationNanos: bigint;
  /** Attributes referenced by the query: unscoped keys, intrinsics by TraceQL name. */
  readonly attributes: readonly { readonly key: string; readonly value: EngineAttrValue }[];
}

export interface EngineSpanset {
  readonly spans: readonly EngineSpanMatch[];
  readonly matched: number;
}

export interface EngineSearchTrace {
  /** 32 lower-case hex characters. */
  readonly traceId: string;
  readonly rootServiceName: string | undefined;
  readonly rootTraceName: string | undefined;
  readonly startTimeUnixNano: bigint;
  readonly durationNanos: bigint;
  readonly spanSets: readonly EngineSpanset[];
}

export interface EngineSearchResult {
  readonly traces: readonly EngineSearchTrace[];
  readonly inspectedSpans: number;
  readonly inspectedBlocks: number;
  readonly totalBlocks: number;
}

/** A typed distinct value, as the v2 tag-values API renders it. */
export interface EngineTagValue {
  readonly type: 'string' | 'int' | 'float' | 'bool' | 'duration' | 'keyword';
  readonly value: string;
}

export interface EngineTagOptions {
  /** TraceQL filter; '' = every span. */
  readonly query: string;
  readonly limit: number;
  readonly startNs: bigint;
  readonly endNs: bigint;
}

export interface EngineTagNames {
  readonly span: readonly string[];
  readonly resource: readonly string[];
  readonly instrumentation: readonly string[];
}

/** An opened blockpack file. */
export interface EngineFile {
  readonly sizeBytes: number;
  readonly spanCount: number;
  /** The spans of one trace as OTLP, or undefined when absent. */
  findTrace(traceId: Uint8Array): Promise<Trace | undefined>;
  /** Every span of the file, one group per stored block (compaction input). */
  readBlocks(): AsyncIterable<Trace>;
  /** TraceQL search. @throws on a query the engine cannot parse or run (→ HTTP 400). */
  search(query: string, options: EngineSearchOptions): Promise<EngineSearchResult>;
  /**
   * Attribute names by scope (`span`, `resource`, `instrumentation`), from spans matching `query`
   * (every span when empty) that start in the window.
   */
  tagNames(options: EngineTagOptions): Promise<EngineTagNames>;
  /**
   * Distinct values of a TraceQL tag identifier (`resource.service.name`, `.x`, `name`, `status`, …)
   * on spans matching `query`. @throws on an invalid tag or query (→ HTTP 400)
   */
  tagValues(tag: string, options: EngineTagOptions): Promise<EngineTagValue[]>;
}

export interface RangedSource {
  readonly size: number;
  read(offset: number, length: number): Promise<Uint8Array>;
}

export interface BlockEngine {
  /**
   * Writes spans to blockpack file bytes. `ephemeral`: the file only lives in memory for queries
   * (head-block chunks), so the engine may trade size for speed (no compression).
   */
  write(batches: readonly Trace[], spansPerBlock: number, options?: { readonly ephemeral?: boolean }): Promise<Uint8Array>;
  /** Opens file bytes held in memory. */
  open(bytes: Uint8Array): Promise<EngineFile>;
  /** Opens a file through ranged reads (`read` returns exactly `length` bytes at `offset`). */
  openRanged(source: RangedSource): Promise<EngineFile>;
}
