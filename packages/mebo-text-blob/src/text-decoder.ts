import { CompressionType, EncodingType, MeboError, MeboErrorCode } from '@mebo/format';
import { s2DecodedLen } from '@mebo/compress';
import type { CodecRegistry } from '@mebo/compress';
import { resolveCodec } from './codecs.js';
import { DEFAULT_MAX_DECOMPRESSED_BYTES, HEADER_SIZE, INDEX_ENTRY_SIZE, MAX_METRIC_COUNT } from './constants.js';
import type { NameHash } from './metric-key.js';
import { defaultNameHash, idFromHalves } from './metric-key.js';
import { TextBlob } from './text-blob.js';
import { headerBigEndian, headerHasNames, parseMetricNames, parseTextHeader, parseTextIndex } from './wire.js';

export interface TextDecodeOptions {
  /** Codec registry (`await loadDefaultCodecs()` from @mebo/compress); needed for compressed blobs. */
  codecs: CodecRegistry | undefined;
  /** Largest data section accepted, compressed or not (default 128 MiB, Go's cap). Checked before decompressing. */
  maxDecompressedBytes: number;
  /** Largest metric count accepted (default 65536, Go's encoder limit). Checked before allocating the index. */
  maxMetrics: number;
  /**
   * Random access with an offset cache (default false). When on, the first `valueAt`/`timestampAt`/
   * `tagAt` on a metric scans it once and keeps each row's position and timestamp (12 bytes per
   * point); later calls are O(1) instead of O(i).
   */
  offsetCache: boolean;
  /** The name → id hash used to check the names payload (default xxHash64 seed 0, as Go). */
  nameHash: NameHash;
}

/**
 * Decodes a text blob: validates header, names payload, index and data section in Go's order and
 * decompresses the data section once. Points are decoded lazily by the returned blob.
 * @throws MeboError INVALID_HEADER_SIZE, INVALID_MAGIC_NUMBER, INVALID_HEADER_FLAGS,
 *   UNSUPPORTED_ENCODING, INVALID_TIMESTAMP_PAYLOAD_OFFSET, INVALID_METRIC_NAMES_PAYLOAD,
 *   INVALID_METRIC_NAMES_COUNT, INVALID_INDEX_ENTRY_SIZE, INVALID_INDEX_OFFSETS, HASH_MISMATCH,
 *   DATA_SIZE_MISMATCH, DECOMPRESSED_SIZE_EXCEEDS_LIMIT, LIMIT_EXCEEDED, CODEC_NOT_LOADED and the
 *   codec's own errors
 */
export function decodeTextBlob(bytes: Uint8Array, options: Readonly<Partial<TextDecodeOptions>> = {}): TextBlob {
  if (!(bytes instanceof Uint8Array)) throw new MeboError(MeboErrorCode.InvalidArgument, 'decodeTextBlob expects a Uint8Array');
  const header = parseTextHeader(bytes);
  if (header.timestampEncoding === EncodingType.DeltaPacked) {
    // Go's header check lets 5 through, but no text decoder exists for it: reject it up front.
    throw new MeboError(MeboErrorCode.UnsupportedEncoding, 'text blobs cannot use DeltaPacked timestamps', 2);
  }
  const le = !headerBigEndian(header);
  if (header.dataOffset > bytes.length) {
    throw new MeboError(
      MeboErrorCode.InvalidTimestampPayloadOffset,
      `data offset ${header.dataOffset} exceeds blob length ${bytes.length}`,
      20,
    );
  }
  const n = header.metricCount;
  const maxMetrics = options.maxMetrics ?? MAX_METRIC_COUNT;
  let names: string[] | undefined;
  let nameStarts: number[] | undefined;
  let indexOffset = HEADER_SIZE;
  if (headerHasNames(header)) {
    const parsed = parseMetricNames(bytes, HEADER_SIZE, le);
    if (parsed.names.length !== n) {
      throw new MeboError(MeboErrorCode.InvalidMetricNamesCount, `expected ${n} metric names, got ${parsed.names.length}`, HEADER_SIZE);
    }
    names = parsed.names;
    nameStarts = parsed.starts;
    indexOffset = parsed.end;
  }
  // Go's check (the index must fit the bytes) first, so hostile counts get Go's code; then our limit.
  if (bytes.length - indexOffset < n * INDEX_ENTRY_SIZE) {
    throw new MeboError(MeboErrorCode.InvalidIndexEntrySize, `index of ${n} entries needs ${n * INDEX_ENTRY_SIZE} bytes, ${bytes.length - indexOffset} left`, indexOffset);
  }
  if (n > maxMetrics) throw new MeboError(MeboErrorCode.LimitExceeded, `metric count ${n} exceeds the limit ${maxMetrics}`, 12);
  const index = parseTextIndex(bytes, indexOffset, n, header.dataSize, le);
  let byName: Map<string, number> | undefined;
  if (names && nameStarts) {
    const hash = options.nameHash ?? defaultNameHash;
    byName = new Map();
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let i = 0; i < n; i++) {
      const p = nameStarts[i];
      const len = view.getUint16(p - 2, le);
      const got = hash(bytes.subarray(p, p + len));
      const want = idFromHalves(index.idHi[i], index.idLo[i]);
      if (got !== want) {
        throw new MeboError(
          MeboErrorCode.HashMismatch,
          `metric name ${i} hashes to 0x${got.toString(16)}, index has 0x${want.toString(16)}`,
          p,
        );
      }
      byName.set(names[i], i);
    }
  }
  const payload = decompressData(bytes.subarray(header.dataOffset), header.compression, header.dataSize, options);
  return new TextBlob(header, index, payload, names, byName, options.offsetCache ?? false, options.nameHash ?? defaultNameHash);
}

function decompressData(src: Uint8Array, compression: number, dataSize: number, options: Readonly<Partial<TextDecodeOptions>>): Uint8Array {
  const limit = options.maxDecompressedBytes ?? DEFAULT_MAX_DECOMPRESSED_BYTES;
  if (dataSize > limit) {
    throw new MeboError(MeboErrorCode.DecompressedSizeExceedsLimit, `data size ${dataSize} exceeds the limit ${limit}`, 24);
  }
  let out: Uint8Array;
  if (compression === CompressionType.None || src.length === 0) {
    out = src;
  } else {
    const codec = resolveCodec(options.codecs, compression);
    if (!codec) throw new MeboError(MeboErrorCode.UnsupportedCompression, `no codec for compression ${compression}`);
    if (compression === CompressionType.S2 && s2DecodedLen(src) > limit) {
      // Go checks the block's declared length against its cap before anything else.
      throw new MeboError(MeboErrorCode.DecompressedSizeExceedsLimit, `S2 block declares ${s2DecodedLen(src)} bytes, limit ${limit}`);
    }
    // One byte over DataSize is enough to see a mismatch without inflating a hostile payload further.
    const cap = Math.min(limit, dataSize + 1);
    try {
      out = codec.decompress(src, cap);
    } catch (e) {
      if (e instanceof MeboError && cap < limit && e.code === MeboErrorCode.DecompressedSizeExceedsLimit) {
        throw new MeboError(MeboErrorCode.DataSizeMismatch, `data section decompresses to more than its declared ${dataSize} bytes`);
      }
      throw e;
    }
  }
  if (out.length !== dataSize) {
    throw new MeboError(MeboErrorCode.DataSizeMismatch, `data section is ${out.length} bytes, header says ${dataSize}`);
  }
  return out;
}

export { TextBlob };
