import { MeboError, MeboErrorCode } from '@mebo/format';
import type { CompressionType } from '@mebo/format';

/**
 * Upper bound on any decompressed payload unless the caller passes its own: 128 MiB, as Go mebo's
 * `maxDecompressSize` (mebo v1.9.0, compress/codec.go).
 */
export const DEFAULT_MAX_DECOMPRESSED_SIZE = 128 * 1024 * 1024;

/**
 * One compression codec, keyed by its mebo compression id. Synchronous: codecs that need an async
 * initialisation (wasm) expose it as {@link LoadableCodec.load} and throw CODEC_NOT_LOADED before it.
 */
export interface Codec {
  /** The mebo compression id this codec reads and writes (the header nibble / byte). */
  readonly type: CompressionType;
  /** Lower-case name for messages and benchmarks: "none", "zstd", "s2", "lz4". */
  readonly name: string;
  /**
   * Compresses one whole payload. An empty input gives an empty output, as in Go.
   * The result may share memory with `src` (the none codec returns `src` itself).
   */
  compress(src: Uint8Array): Uint8Array;
  /**
   * Decompresses one whole payload. Never allocates more than about `maxOutput` bytes for the
   * output, whatever the input declares.
   * @param maxOutput largest acceptable decompressed size, default {@link DEFAULT_MAX_DECOMPRESSED_SIZE},
   *   at most {@link MAX_OUTPUT_CEILING}
   * @throws MeboError DECOMPRESSED_SIZE_EXCEEDS_LIMIT, CORRUPT_DATA, TRUNCATED, INVALID_ARGUMENT,
   *   CODEC_NOT_LOADED
   */
  decompress(src: Uint8Array, maxOutput?: number): Uint8Array;
}

/** A codec with an asynchronous set-up step (the zstd wasm module). */
export interface LoadableCodec extends Codec {
  readonly loaded: boolean;
  /** Idempotent; resolves once the codec can be used synchronously. */
  load(): Promise<void>;
}

export function isLoadableCodec(c: Codec): c is LoadableCodec {
  return typeof (c as Partial<LoadableCodec>).load === 'function';
}

/**
 * The largest bound honoured (2 GiB - 1): larger `maxOutput` values, such as
 * `Number.MAX_SAFE_INTEGER` for "no limit", are lowered to it, so a hostile header can never ask
 * for an array the engine cannot allocate.
 */
export const MAX_OUTPUT_CEILING = 0x7fffffff;

/**
 * Validates the caller's output bound.
 * @throws MeboError INVALID_ARGUMENT
 */
export function resolveMaxOutput(maxOutput: number | undefined): number {
  if (maxOutput === undefined) return DEFAULT_MAX_DECOMPRESSED_SIZE;
  if (!Number.isSafeInteger(maxOutput) || maxOutput < 0) {
    throw new MeboError(MeboErrorCode.InvalidArgument, `maxOutput must be a non-negative safe integer, got ${maxOutput}`);
  }
  return Math.min(maxOutput, MAX_OUTPUT_CEILING);
}

/** "<codec>: decompressed size N exceeds limit M" (N may be a lower bound). */
export function sizeExceedsLimit(codec: string, size: number, limit: number, offset?: number): MeboError {
  return new MeboError(
    MeboErrorCode.DecompressedSizeExceedsLimit,
    `${codec}: decompressed size ${size} exceeds limit ${limit}`,
    offset,
  );
}

export function corrupt(codec: string, what: string, offset?: number): MeboError {
  return new MeboError(MeboErrorCode.CorruptData, `${codec}: ${what}`, offset);
}

export function truncatedInput(codec: string, what: string, offset?: number): MeboError {
  return new MeboError(MeboErrorCode.Truncated, `${codec}: truncated input: ${what}`, offset);
}

/**
 * A byte buffer that doubles up to a hard limit: decoders whose output size is not stored
 * (LZ4, zstd frames without a content size) write through it.
 */
export class BoundedOutput {
  buf: Uint8Array;
  constructor(
    initial: number,
    readonly limit: number,
    private readonly codec: string,
  ) {
    this.buf = new Uint8Array(Math.min(Math.max(initial, 16), limit));
  }
  /**
   * Makes room for `need` bytes in total (not more than the limit) and returns the buffer.
   * @throws MeboError DECOMPRESSED_SIZE_EXCEEDS_LIMIT
   */
  ensure(need: number): Uint8Array {
    if (need <= this.buf.length) return this.buf;
    if (need > this.limit) throw sizeExceedsLimit(this.codec, need, this.limit);
    const next = new Uint8Array(Math.min(this.limit, Math.max(need, this.buf.length * 2)));
    next.set(this.buf);
    this.buf = next;
    return next;
  }
}
