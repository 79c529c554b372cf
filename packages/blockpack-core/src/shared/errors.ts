/** Stable error codes. Tests and callers match on these, never on message text. */
export const BlockpackErrorCode = {
  /** Fewer bytes than a structure needs. */
  Truncated: 'TRUNCATED',
  /** A magic number does not match. */
  InvalidMagic: 'INVALID_MAGIC',
  /** A footer, header, block, encoding or index version this port does not read. */
  UnsupportedVersion: 'UNSUPPORTED_VERSION',
  /** An old-generation (v10/v11, 41-byte footer) blockpack file. */
  LegacyFormat: 'LEGACY_FORMAT',
  /** No valid footer at the end of the file. */
  InvalidFooter: 'INVALID_FOOTER',
  /** An offset or length points outside its enclosing section or file. */
  OffsetOutOfRange: 'OFFSET_OUT_OF_RANGE',
  /** A count or length from the file exceeds a configured or format limit. */
  LimitExceeded: 'LIMIT_EXCEEDED',
  /** An unknown column encoding kind or column type. */
  UnsupportedEncoding: 'UNSUPPORTED_ENCODING',
  /** Internal inconsistency: counts that must agree do not, out-of-range indexes, bad RLE. */
  CorruptData: 'CORRUPT_DATA',
  /** snappy or zstd failed to decode. */
  DecompressFailed: 'DECOMPRESS_FAILED',
  /** An OTLP protobuf or JSON input that cannot be decoded. */
  InvalidOtlp: 'INVALID_OTLP',
  /** A caller error: a bad argument or option. */
  InvalidArgument: 'INVALID_ARGUMENT',
  /** A writer used after `finish()`, or a reader used after `close()`. */
  InvalidState: 'INVALID_STATE',
  /** The zstd codec was not loaded (call `loadBlockpackCodecs()` first). */
  CodecNotLoaded: 'CODEC_NOT_LOADED',
} as const;
export type BlockpackErrorCode = (typeof BlockpackErrorCode)[keyof typeof BlockpackErrorCode];

/** The only error type `@blockpack/core` throws on bad input or misuse. */
export class BlockpackError extends Error {
  override readonly name = 'BlockpackError';
  constructor(
    readonly code: BlockpackErrorCode,
    message: string,
    readonly offset?: number,
  ) {
    super(offset === undefined ? message : `${message} (at offset ${offset})`);
  }
}

export function truncated(what: string, offset: number, need: number, have: number): BlockpackError {
  return new BlockpackError(BlockpackErrorCode.Truncated, `${what}: need ${need} bytes, ${have} left`, offset);
}

export function corrupt(what: string, offset?: number): BlockpackError {
  return new BlockpackError(BlockpackErrorCode.CorruptData, what, offset);
}

export function outOfRange(what: string, value: number, limit: number, offset?: number): BlockpackError {
  return new BlockpackError(BlockpackErrorCode.OffsetOutOfRange, `${what}: ${value} is beyond ${limit}`, offset);
}

export function limitExceeded(what: string, value: number, limit: number, offset?: number): BlockpackError {
  return new BlockpackError(BlockpackErrorCode.LimitExceeded, `${what}: ${value} exceeds the limit ${limit}`, offset);
}

export function unsupportedVersion(what: string, got: number, expected: string, offset?: number): BlockpackError {
  return new BlockpackError(BlockpackErrorCode.UnsupportedVersion, `${what}: version ${got}, expected ${expected}`, offset);
}

export function invalidArgument(message: string): BlockpackError {
  return new BlockpackError(BlockpackErrorCode.InvalidArgument, message);
}
