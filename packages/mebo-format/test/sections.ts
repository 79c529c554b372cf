/** Test helpers: whole-blob section walks built only from this package's section decoders. */
import {
  HEADER_SIZE,
  numericIndexEntrySize,
  decodeNumericHeader,
  decodeMetricNames,
  decodeNumericIndex,
  decodeSharedTimestampTable,
  applySharedTimestampTable,
  verifyMetricNames,
  decodeTextHeader,
  decodeTextIndex,
} from '../src/index.js';
import type { NumericHeader, NumericIndex, SharedTimestampGroup, TextHeader, TextIndex, MetricNames } from '../src/index.js';

export interface NumericSections {
  header: NumericHeader;
  names?: MetricNames;
  index: NumericIndex;
  shared?: SharedTimestampGroup[];
}

/**
 * Header → names → index → shared table, as §3.13 orders them. Payloads are taken as
 * uncompressed, except that the (always zstd) tag payload's decompressed length may be given.
 */
export function walkNumeric(blob: Uint8Array, tagPayloadLength?: number): NumericSections {
  const header = decodeNumericHeader(blob);
  let offset = HEADER_SIZE;
  let names: MetricNames | undefined;
  if (header.hasMetricNames) {
    names = decodeMetricNames(blob, offset, header.bigEndian, header.metricCount);
    offset += names.byteLength;
  }
  const entrySize = numericIndexEntrySize(header.magic);
  const index = decodeNumericIndex(blob, {
    offset,
    metricCount: header.metricCount,
    entrySize,
    bigEndian: header.bigEndian,
    timestampPayloadLength: header.valuePayloadOffset - header.timestampPayloadOffset,
    valuePayloadLength: header.tagPayloadOffset - header.valuePayloadOffset,
    // Go: no tag bit → no tag payload (length 0), whatever bytes follow TagPayloadOffset.
    tagPayloadLength: header.hasTags ? (tagPayloadLength ?? blob.length - header.tagPayloadOffset) : 0,
  });
  let shared: SharedTimestampGroup[] | undefined;
  if (header.hasSharedTimestamps) {
    const end = offset + header.metricCount * entrySize;
    shared = decodeSharedTimestampTable(blob.subarray(end, Math.max(end, header.timestampPayloadOffset)), header.bigEndian, header.metricCount);
    applySharedTimestampTable(shared, index);
  }
  if (names) verifyMetricNames(names, index);
  return { header, names, index, shared };
}

export function walkText(blob: Uint8Array): { header: TextHeader; names?: MetricNames; index: TextIndex } {
  const header = decodeTextHeader(blob);
  let offset = HEADER_SIZE;
  let names: MetricNames | undefined;
  if (header.hasMetricNames) {
    names = decodeMetricNames(blob, offset, header.bigEndian, header.metricCount);
    offset += names.byteLength;
  }
  const index = decodeTextIndex(blob, { offset, metricCount: header.metricCount, bigEndian: header.bigEndian, dataSize: header.dataSize });
  if (names) verifyMetricNames(names, index);
  return { header, names, index };
}
