import { CompressionType, EncodingType, MeboError, MeboErrorCode } from '@mebo/format';
import type { PayloadCodecs } from './compression.js';

/** Index layout: V1 (0xEA10, insertion order) or V2 (0xEA20/0xEA30, sorted by id). */
export type NumericLayout = 'v1' | 'v2';

/**
 * Encoder options. Every field is optional; the defaults are those of Go's `blob.NewNumericEncoder`
 * with no options (Raw timestamps, Raw values, timestamps uncompressed, values Zstd, little-endian,
 * no tags, V1). Go's `mebo.NewDefaultNumericEncoder` preset is {@link NumericPresets}.default.
 */
export interface NumericEncoderOptions {
  /** Raw (default), Delta or DeltaPacked. Delta: ~2 B/pt for regular intervals; Raw: O(1) random access. */
  readonly timestampEncoding: EncodingType;
  /** Raw (default), Gorilla, Chimp, ALP, or 'auto' (encode with each, keep the smallest blob). */
  readonly valueEncoding: EncodingType | 'auto';
  /** None (default). Zstd/S2/LZ4 need `codecs`. */
  readonly timestampCompression: CompressionType;
  /** Zstd (default, as Go). Zstd/S2/LZ4 need `codecs`. */
  readonly valueCompression: CompressionType;
  /** Engine byte order; default false (little-endian). */
  readonly bigEndian: boolean;
  /** One tag string per point; the tag payload is always zstd. Default false. */
  readonly tags: boolean;
  /** Default 'v1'. 'v2' sorts the index by id and lifts V1's 65535-byte column limit. */
  readonly layout: NumericLayout;
  /** De-duplicate identical timestamp columns (implies 'v2'). Default false. */
  readonly sharedTimestamps: boolean;
  /** Compression codecs (from `loadDefaultCodecs()` of @mebo/compress); needed for anything but None. */
  readonly codecs: PayloadCodecs | undefined;
}

/** Go's presets, to spread into the options: `new NumericEncoder(t, { ...NumericPresets.default })`. */
export const NumericPresets = {
  /** `mebo.NewDefaultNumericEncoder`: Delta + Gorilla, no compression. */
  default: {
    timestampEncoding: EncodingType.Delta,
    valueEncoding: EncodingType.Gorilla,
    timestampCompression: CompressionType.None,
    valueCompression: CompressionType.None,
  },
  /** `mebo.NewTaggedNumericEncoder`: the default preset with tags on. */
  tagged: {
    timestampEncoding: EncodingType.Delta,
    valueEncoding: EncodingType.Gorilla,
    timestampCompression: CompressionType.None,
    valueCompression: CompressionType.None,
    tags: true,
  },
} as const satisfies Record<string, Partial<NumericEncoderOptions>>;

export const NUMERIC_ENCODER_DEFAULTS: NumericEncoderOptions = {
  timestampEncoding: EncodingType.Raw,
  valueEncoding: EncodingType.Raw,
  timestampCompression: CompressionType.None,
  valueCompression: CompressionType.Zstd,
  bigEndian: false,
  tags: false,
  layout: 'v1',
  sharedTimestamps: false,
  codecs: undefined,
};

/** 128 MiB: Go's cap on any decompressed payload. */
export const DEFAULT_MAX_DECOMPRESSED_BYTES = 128 * 1024 * 1024;

/** Decoder limits and codecs. */
export interface NumericDecoderOptions {
  /** Compression codecs; needed only for blobs with compressed payloads or tags. */
  readonly codecs: PayloadCodecs | undefined;
  /** Reject blobs declaring more metrics (LIMIT_EXCEEDED). Default 65536 (Go's encoder limit). */
  readonly maxMetrics: number;
  /**
   * Reject blobs declaring more points in one metric (LIMIT_EXCEEDED), checked when the blob is
   * opened, before any column is allocated. Default 16 Mi (a 128 MiB Float64Array).
   */
  readonly maxPointsPerMetric: number;
  /** Cap on each decompressed payload. Default 128 MiB, as Go. */
  readonly maxDecompressedBytes: number;
}

export const NUMERIC_DECODER_DEFAULTS: NumericDecoderOptions = {
  codecs: undefined,
  maxMetrics: 65536,
  maxPointsPerMetric: 16 * 1024 * 1024,
  maxDecompressedBytes: DEFAULT_MAX_DECOMPRESSED_BYTES,
};

const TS_ENCODINGS: readonly number[] = [EncodingType.Raw, EncodingType.Delta, EncodingType.DeltaPacked];
const VALUE_ENCODINGS: readonly number[] = [EncodingType.Raw, EncodingType.Gorilla, EncodingType.Chimp, EncodingType.ALP];
const COMPRESSIONS: readonly number[] = [CompressionType.None, CompressionType.Zstd, CompressionType.S2, CompressionType.LZ4];

/** Merges and validates encoder options. @throws MeboError UNSUPPORTED_ENCODING, UNSUPPORTED_COMPRESSION, INVALID_ARGUMENT */
export function resolveEncoderOptions(opts: Readonly<Partial<NumericEncoderOptions>> = {}): NumericEncoderOptions {
  const o: NumericEncoderOptions = { ...NUMERIC_ENCODER_DEFAULTS, ...stripUndefined(opts) };
  if (!TS_ENCODINGS.includes(o.timestampEncoding)) {
    throw new MeboError(MeboErrorCode.UnsupportedEncoding, `timestamp encoding ${String(o.timestampEncoding)} is not Raw, Delta or DeltaPacked`);
  }
  if (o.valueEncoding !== 'auto' && !VALUE_ENCODINGS.includes(o.valueEncoding)) {
    throw new MeboError(MeboErrorCode.UnsupportedEncoding, `value encoding ${String(o.valueEncoding)} is not Raw, Gorilla, Chimp, ALP or 'auto'`);
  }
  for (const c of [o.timestampCompression, o.valueCompression]) {
    if (!COMPRESSIONS.includes(c)) throw new MeboError(MeboErrorCode.UnsupportedCompression, `compression ${String(c)} is not None, Zstd, S2 or LZ4`);
  }
  if (o.layout !== 'v1' && o.layout !== 'v2') throw new MeboError(MeboErrorCode.InvalidArgument, `layout must be 'v1' or 'v2', got ${String(o.layout)}`);
  return o.sharedTimestamps ? { ...o, layout: 'v2' } : o;
}

/** Merges and validates decoder options. @throws MeboError INVALID_ARGUMENT */
export function resolveDecoderOptions(opts: Readonly<Partial<NumericDecoderOptions>> = {}): NumericDecoderOptions {
  const o: NumericDecoderOptions = { ...NUMERIC_DECODER_DEFAULTS, ...stripUndefined(opts) };
  for (const k of ['maxMetrics', 'maxPointsPerMetric', 'maxDecompressedBytes'] as const) {
    if (!Number.isSafeInteger(o[k]) || o[k] < 0) throw new MeboError(MeboErrorCode.InvalidArgument, `${k} must be a non-negative integer, got ${o[k]}`);
  }
  return o;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}
