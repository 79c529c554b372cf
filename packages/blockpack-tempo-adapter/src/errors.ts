/** Stable codes for everything the adapter rejects. HTTP handlers map them to status codes. */
export const TempoErrorCode = {
  /** Malformed request body (protobuf or JSON). HTTP 400. */
  MalformedBody: 'MALFORMED_BODY',
  /** Body larger than the configured limit, compressed or decompressed. HTTP 413. */
  BodyTooLarge: 'BODY_TOO_LARGE',
  /** Content-Type or Content-Encoding the receiver does not handle. HTTP 415. */
  UnsupportedMediaType: 'UNSUPPORTED_MEDIA_TYPE',
  /** A query parameter or path segment is invalid. HTTP 400. */
  BadParameter: 'BAD_PARAMETER',
  /** Tenant id that is empty, too long, or could escape the data folder. HTTP 400. */
  InvalidTenant: 'INVALID_TENANT',
  /** Block id that is not a canonical lower-case UUID. */
  InvalidBlockId: 'INVALID_BLOCK_ID',
  /** Trace id that is not 1–32 hex characters. HTTP 400. */
  InvalidTraceId: 'INVALID_TRACE_ID',
  /** A TraceQL query the engine cannot parse or run. HTTP 400. */
  BadQuery: 'BAD_QUERY',
  /** Corrupt or unreadable stored data (WAL record, meta.json). */
  CorruptData: 'CORRUPT_DATA',
  /** The server is shutting down or not ready. HTTP 503. */
  NotReady: 'NOT_READY',
} as const;
export type TempoErrorCode = (typeof TempoErrorCode)[keyof typeof TempoErrorCode];

export class TempoError extends Error {
  override readonly name = 'TempoError';
  constructor(
    readonly code: TempoErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export function isTempoError(e: unknown): e is TempoError {
  return e instanceof TempoError;
}

/** The HTTP status a code maps to. */
export function httpStatusOf(code: TempoErrorCode): number {
  switch (code) {
    case TempoErrorCode.BodyTooLarge:
      return 413;
    case TempoErrorCode.UnsupportedMediaType:
      return 415;
    case TempoErrorCode.NotReady:
      return 503;
    case TempoErrorCode.CorruptData:
      return 500;
    default:
      return 400;
  }
}
