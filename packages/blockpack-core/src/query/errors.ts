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

/**
 * The query code of an error the query layer raised for a bad or unsupported query, else
 * undefined (the shared `BlockpackErrorCode` type does not list the query codes, so compare here).
 */
export function queryErrorCode(e: unknown): QueryErrorCode | undefined {
  if (!(e instanceof BlockpackError)) return undefined;
  const code = e.code as string;
  return code === QueryErrorCode.InvalidQuery || code === QueryErrorCode.UnsupportedQuery ? code : undefined;
}
