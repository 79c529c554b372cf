import {
  CompressionType,
  EncodingType,
  HEADER_SIZE,
  MeboError,
  MeboErrorCode,
  decodeNumericHeader,
  decodeNumericIndex,
  applySharedTimestampTable,
  decodeMetricNames,
  decodeSharedTimestampTable,
  verifyMetricNames,
  numericIndexEntrySize,
} from '@mebo/format';
import type { MetricNames, NumericIndex } from '@mebo/format';
import { decompressPayload } from './compression.js';
import { validateAlpColumn } from './encoding/index.js';
import { resolveDecoderOptions } from './options.js';
import type { NumericDecoderOptions } from './options.js';
import { NumericBlob } from './numeric-blob.js';

/**
 * Opens numeric blobs with one set of options and codecs; reuse one instance for many blobs.
 * Opening validates everything Go's `NumericDecoder.Decode` validates, in Go's order, so a bad
 * blob fails with Go's error code; points are decoded lazily by the returned {@link NumericBlob}.
 */
export class NumericDecoder {
  readonly options: NumericDecoderOptions;

  /** @throws MeboError INVALID_ARGUMENT for a bad limit */
  constructor(options: Readonly<Partial<NumericDecoderOptions>> = {}) {
    this.options = resolveDecoderOptions(options);
  }

  /**
   * Opens one blob. `bytes` must be exactly the blob: the tag payload runs to the end of it. The
   * blob keeps views of `bytes` (uncompressed payloads are not copied), so do not reuse them.
   * @throws MeboError INVALID_HEADER_SIZE, INVALID_MAGIC_NUMBER, INVALID_HEADER_FLAGS,
   *   INVALID_{TIMESTAMP,VALUE,TAG}_PAYLOAD_OFFSET, INVALID_METRIC_NAMES_PAYLOAD,
   *   INVALID_METRIC_NAMES_COUNT, CODEC_NOT_LOADED, DECOMPRESSED_SIZE_EXCEEDS_LIMIT (or the
   *   codec's CORRUPT_DATA/TRUNCATED), INVALID_INDEX_ENTRY_SIZE, INVALID_INDEX_OFFSETS,
   *   INVALID_RESERVED_BYTES, LIMIT_EXCEEDED, INVALID_ALP_SCHEME, INVALID_ALP_COLUMN,
   *   INVALID_SHARED_TIMESTAMP_TABLE, HASH_MISMATCH
   */
  decode(bytes: Uint8Array): NumericBlob {
    if (!(bytes instanceof Uint8Array)) throw new MeboError(MeboErrorCode.InvalidArgument, 'a blob is a Uint8Array');
    const o = this.options;
    const h = decodeNumericHeader(bytes);
    const be = h.bigEndian;

    let names: MetricNames | undefined;
    let indexOffset = HEADER_SIZE;
    if (h.hasMetricNames) {
      names = decodeMetricNames(bytes, HEADER_SIZE, be, h.metricCount);
      indexOffset = HEADER_SIZE + names.byteLength;
    }

    const max = o.maxDecompressedBytes;
    const ts = decompressPayload(o.codecs, h.timestampCompression, bytes.subarray(h.timestampPayloadOffset, h.valuePayloadOffset), max);
    const val = decompressPayload(o.codecs, h.valueCompression, bytes.subarray(h.valuePayloadOffset, h.tagPayloadOffset), max);
    const tag = h.hasTags ? decompressPayload(o.codecs, CompressionType.Zstd, bytes.subarray(h.tagPayloadOffset), max) : new Uint8Array(0);

    const entrySize = numericIndexEntrySize(h.magic);
    const index = decodeNumericIndex(
      bytes,
      {
        offset: indexOffset,
        metricCount: h.metricCount,
        entrySize,
        bigEndian: be,
        timestampPayloadLength: ts.length,
        valuePayloadLength: val.length,
        tagPayloadLength: tag.length,
      },
      { maxMetrics: o.maxMetrics },
    );

    if (h.valueEncoding === EncodingType.ALP) validateALPColumns(val, index, be);

    let sharedGroups = 0;
    if (h.hasSharedTimestamps) {
      const start = indexOffset + h.metricCount * entrySize;
      const groups = decodeSharedTimestampTable(bytes.subarray(Math.min(start, h.timestampPayloadOffset), h.timestampPayloadOffset), be, h.metricCount);
      applySharedTimestampTable(groups, index);
      sharedGroups = groups.length;
    }

    for (let i = 0; i < index.length; i++) {
      if (index.counts[i] > o.maxPointsPerMetric) {
        throw new MeboError(MeboErrorCode.LimitExceeded, `metric ${i} declares ${index.counts[i]} points, limit ${o.maxPointsPerMetric}`);
      }
    }

    if (names !== undefined) verifyMetricNames(names, index);

    return new NumericBlob({ bytes, header: h, index, ts, val, tag, names: names?.names, sharedGroups, options: o });
  }
}

/**
 * Opens one numeric blob (a one-shot {@link NumericDecoder}).
 * @throws as {@link NumericDecoder.decode}
 */
export function decodeNumericBlob(bytes: Uint8Array, options: Readonly<Partial<NumericDecoderOptions>> = {}): NumericBlob {
  return new NumericDecoder(options).decode(bytes);
}

/** Go's `validateALPColumns` (§5.4.8): every non-empty ALP column must fit its declared sizes. */
function validateALPColumns(val: Uint8Array, index: NumericIndex, bigEndian: boolean): void {
  for (let i = 0; i < index.length; i++) {
    const len = index.valueLengths[i];
    if (len === 0) continue; // Go skips empty columns here
    const at = index.valueOffsets[i];
    validateAlpColumn(val, at, at + len, index.counts[i], !bigEndian);
  }
}
