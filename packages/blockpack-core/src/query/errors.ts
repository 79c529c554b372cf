import { BlockpackError, BlockpackErrorCode } from '../shared/errors.js';

/**
 * Query error codes. `BlockpackErrorCode` (owned by the format side) has no query codes yet, so
 * the two query codes live here; `queryError` is the one place that bridges the type.
 */
export const QueryErrorCode = {
  /** A TraceQL text that does not parse, or a literal of the wrong type for its field. */
  InvalidQuery: 'INVALID_QUERY',
  /** Valid TraceQL that this engine does not run (pipelines, arithmetic, `parent.`, ...). */
  UnsupportedQuery: 'UNSUPPORTED_QUERY',
} as const;
export type QueryErrorCode = (typeof QueryErrorCode)[keyof typeof QueryErrorCode];

function queryError(code: QueryErrorCode, message: string, pos: number): BlockpackError {
  // Cast: the shared code union does not list the query codes (see QueryErrorCode).
  return new BlockpackError(code as unknown as BlockpackErrorCode, message, pos);
}

/** A TraceQL syntax or type error at character position `pos` (0-based, UTF-16 units). */
export function invalidQuery(message: string, pos: number): BlockpackError {
  return queryError(QueryErrorCode.InvalidQuery, message, pos);
}

/** A TraceQL feature this engine does not run, at character position `pos`. */
export function unsupportedQuery(message: string, pos: number): BlockpackError {
  return queryError(QueryErrorCode.UnsupportedQuery, message, pos);
}

/** A bad search option (limit, time range, ...). */
export function invalidSearchArgument(message: string): BlockpackError {
  return new BlockpackError(BlockpackErrorCode.InvalidArgument, message);
}
