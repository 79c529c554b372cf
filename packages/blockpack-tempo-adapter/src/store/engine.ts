import type { AnyValue, Trace } from '../convert/model.js';

// What the store needs from a blockpack engine. The default implementation wires @blockpack/core
// (core-engine.ts); the interface keeps the store testable and lets another engine be plugged in.

export interface EngineSearchOptions {
  /** Window on span start, in ns (inclusive); 0n/undefined = unbounded. */
  readonly startNs?: bigint;
  readonly endNs?: bigint;
  /** Stop after this many matching traces (the engine may return more). */
  readonly limitTraces: number;
  readonly mostRecent: boolean;
}

/** One matched span, with the values the search response renders. */
export interface EngineSpanMatch {
  readonly spanId: Uint8Array;
  readonly name: string;
  readonly startTimeUnixNano: bigint;
  readonly durationNanos: bigint;
  /** Attributes referenced by the query, keys unscoped, intrinsics as text. */
  readonly attributes: readonly { key: string; value: AnyValue }[];
}

export interface EngineSpanset {
  readonly traceId: Uint8Array;
  readonly spans: readonly EngineSpanMatch[];
  readonly matched: number;
  readonly attributes?: readonly { key: string; value: AnyValue }[];
}

export interface EngineSearchResult {
  readonly spansets: readonly EngineSpanset[];
  readonly inspectedBytes: number;
  readonly inspectedSpans: number;
}

export interface EngineTagValue {
  readonly type: 'string' | 'int' | 'float' | 'bool' | 'duration' | 'keyword';
  readonly value: string;
}

/** An opened blockpack file. */
export interface EngineFile {
  readonly sizeBytes: number;
  /** The spans of one trace as OTLP, or undefined when absent. */
  findTrace(traceId: Uint8Array): Trace | undefined;
  /** TraceQL search. @throws on a query the engine cannot parse or run (→ HTTP 400). */
  search(query: string, options: EngineSearchOptions): EngineSearchResult;
  /** Column names, e.g. `span.http.method`, `resource.service.name`, `span:name`. */
  columnNames(): string[];
  /** Distinct values of one column (capped), optionally restricted to spans matching a query. */
  columnValues(column: string, limit: number, query?: string): EngineTagValue[];
}

export interface BlockEngine {
  /** Writes spans to blockpack file bytes. */
  write(batches: readonly Trace[], spansPerBlock: number): Uint8Array;
  /** Opens file bytes. */
  open(bytes: Uint8Array): EngineFile;
}
