/**
 * TraceQL syntax tree. Positions are 0-based character offsets into the query text.
 *
 * Enum literals carry OTLP numbering, as blockpack stores them (spec 18.2): status unset 0,
 * ok 1, error 2; kind unspecified 0, internal 1, server 2, client 3, producer 4, consumer 5.
 */

export const STATUS_LITERALS = { unset: 0, ok: 1, error: 2 } as const;
export const KIND_LITERALS = { unspecified: 0, internal: 1, server: 2, client: 3, producer: 4, consumer: 5 } as const;

/** Span-level intrinsic fields, each backed by one block column. */
export type SpanIntrinsic =
  | 'name'
  | 'status'
  | 'statusMessage'
  | 'kind'
  | 'duration'
  | 'start'
  | 'end'
  | 'traceId'
  | 'spanId'
  | 'parentId'
  | 'instrumentationName'
  | 'instrumentationVersion';

/** Trace-level intrinsics, computed from the whole trace. */
export type TraceIntrinsic = 'rootName' | 'rootService' | 'traceDuration';

/** A reference to a value of a span. */
export type FieldRef =
  | { readonly type: 'intrinsic'; readonly name: SpanIntrinsic; readonly pos: number }
  | { readonly type: 'traceIntrinsic'; readonly name: TraceIntrinsic; readonly pos: number }
  /** scope `unscoped` means `.x`: `span.x` or `resource.x`. */
  | { readonly type: 'attribute'; readonly scope: AttributeScope; readonly name: string; readonly pos: number };

export type AttributeScope = 'span' | 'resource' | 'unscoped' | 'instrumentation' | 'event' | 'link';

export type Literal =
  | { readonly type: 'string'; readonly value: string }
  /** `big` holds the exact value when it is beyond ±2^53 (`value` is then rounded). */
  | { readonly type: 'int'; readonly value: number; readonly big?: bigint }
  | { readonly type: 'float'; readonly value: number }
  | { readonly type: 'bool'; readonly value: boolean }
  /** Nanoseconds. */
  | { readonly type: 'duration'; readonly value: number }
  | { readonly type: 'status'; readonly value: number }
  | { readonly type: 'kind'; readonly value: number };

export type CompareOp = '=' | '!=' | '>' | '>=' | '<' | '<=' | '=~' | '!~';

/** A boolean expression evaluated per span, inside `{ … }`. */
export type FieldExpr =
  | { readonly type: 'and' | 'or'; readonly left: FieldExpr; readonly right: FieldExpr; readonly pos: number }
  | { readonly type: 'not'; readonly expr: FieldExpr; readonly pos: number }
  | { readonly type: 'compare'; readonly op: CompareOp; readonly field: FieldRef; readonly value: Literal; readonly pos: number }
  /** `field != nil` (exists = true) or `field = nil` (exists = false); `{ .x }` is `.x != nil`. */
  | { readonly type: 'exists'; readonly field: FieldRef; readonly exists: boolean; readonly pos: number }
  | { readonly type: 'const'; readonly value: boolean; readonly pos: number };

export type StructuralOp =
  | '>' | '>>' | '<' | '<<' | '~'
  | '!>' | '!>>' | '!<' | '!<<' | '!~'
  | '&>' | '&>>' | '&<' | '&<<' | '&~';

/** An expression over spansets, evaluated per trace. */
export type SpansetExpr =
  | { readonly type: 'filter'; readonly expr: FieldExpr; readonly pos: number; readonly index: number }
  | { readonly type: 'spansetAnd' | 'spansetOr'; readonly left: SpansetExpr; readonly right: SpansetExpr; readonly pos: number }
  | { readonly type: 'structural'; readonly op: StructuralOp; readonly left: SpansetExpr; readonly right: SpansetExpr; readonly pos: number };

export type AggregateFn = 'count' | 'avg' | 'min' | 'max' | 'sum';

/** A stage after `|`, applied to each trace's spansets in order. */
export type PipelineStage =
  /** `count() > 2`, `avg(duration) >= 1s`: keeps the spansets whose aggregate passes. */
  | { readonly type: 'aggregate'; readonly fn: AggregateFn; readonly field: FieldRef | undefined; readonly op: CompareOp; readonly value: number; readonly pos: number }
  /** `by(field)`: splits each spanset by the field's value. */
  | { readonly type: 'by'; readonly field: FieldRef; readonly pos: number }
  /** `coalesce()`: merges a trace's spansets into one. */
  | { readonly type: 'coalesce'; readonly pos: number };

/** A parsed TraceQL search query. */
export interface TraceQLQuery {
  readonly source: string;
  readonly root: SpansetExpr;
  /** Every `{ … }` filter, in source order; `filter.index` points into this list. */
  readonly filters: readonly Extract<SpansetExpr, { type: 'filter' }>[];
  /** Fields named in `| select(…)`, returned with each matched span. */
  readonly select: readonly FieldRef[];
  /** `| count() > 2`, `| by(…)`, `| coalesce()` stages, in order (select() is not listed). */
  readonly pipeline: readonly PipelineStage[];
  /** `with(…)` hints; only `most_recent` has an effect. */
  readonly hints: Readonly<Record<string, Literal>>;
}
