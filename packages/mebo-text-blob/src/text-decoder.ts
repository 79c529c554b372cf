import {
  CompressionType,
  EncodingType,
  MeboError,
  MeboErrorCode,
  decodeMetricNames,
  decodeTextHeader,
  decodeTextIndex,
  verifyMetricNames,
} from '@mebo/format';
import type { MetricNames, TextIndex } from '@mebo/format';
import { s2DecodedLen } from '@mebo/compress';
import type { CodecRegistry } from '@mebo/compress';
import { resolveCodec } from './codecs.js';
import { DEFAULT_MAX_DECOMPRESSED_BYTES, HEADER_SIZE, MAX_METRIC_COUNT } from './constants.js';
import type { NameHash } from './metric-key.js';
import { defaultNameHash, idFromHalves } from './metric-key.js';
import { TextBlob } from './text-blob.js';
import { readUtf8 } from './utf8.js';

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
  const header = decodeTextHeader(bytes);
  if (header.timestampEncoding === EncodingType.DeltaPacked) {
    // Go's header check lets 5 through, but no text decoder exists for it: reject it up front.
    throw new MeboError(MeboErrorCode.UnsupportedEncoding, 'text blobs cannot use DeltaPacked timestamps', 2);
  }
  const n = header.metricCount;
  let names: MetricNames | undefined;
  let indexOffset = HEADER_SIZE;
  if (header.hasMetricNames) {
    names = decodeMetricNames(bytes, HEADER_SIZE, header.bigEndian, n);
    indexOffset += names.byteLength;
  }
  const index = decodeTextIndex(
    bytes,
    { offset: indexOffset, metricCount: n, bigEndian: header.bigEndian, dataSize: header.dataSize },
    { maxMetrics: options.maxMetrics ?? MAX_METRIC_COUNT },
  );
  let byName: Map<string, number> | undefined;
  let nameList: string[] | undefined;
  if (names) {
    if (options.nameHash) verifyWith(options.nameHash, bytes, index, header.bigEndian);
    else verifyMetricNames(names, index);
    // Names come from our own UTF-8 reader: it keeps a leading U+FEFF, which a default TextDecoder
    // (used by @mebo/format's decodeMetricNames) strips, and then "\uFEFFx" would be found as "x".
    const list = new Array<string>(n);
    const map = new Map<string, number>();
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    forEachName(bytes, n, header.bigEndian, (i, start, len) => {
      list[i] = readUtf8(bytes, view, start, len);
      map.set(list[i], i);
    });
    nameList = list;
    byName = map;
  }
  const payload = decompressData(bytes.subarray(header.dataOffset), header.dataCompression, header.dataSize, options);
  return new TextBlob(header, index, payload, nameList, byName, options.offsetCache ?? false, options.nameHash ?? defaultNameHash);
}

/** Visits each name of an already validated names payload (u16 count, then u16 length + bytes each). */
function forEachName(bytes: Uint8Array, n: number, bigEndian: boolean, visit: (i: number, start: number, len: number) => void): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0, p = HEADER_SIZE + 2; i < n; i++) {
    const len = view.getUint16(p, !bigEndian);
    visit(i, p + 2, len);
    p += 2 + len;
  }
}

/** The names check with a caller-supplied hash (a test hook; the default path uses the payload's own xxHash64). */
function verifyWith(hash: NameHash, bytes: Uint8Array, index: TextIndex, bigEndian: boolean): void {
  forEachName(bytes, index.length, bigEndian, (i, start, len) => {
    const got = hash(bytes.subarray(start, start + len));
    const want = idFromHalves(index.idHi[i], index.idLo[i]);
    if (got !== want) {
      throw new MeboError(MeboErrorCode.HashMismatch, `metric name ${i} hashes to 0x${got.toString(16)}, index has 0x${want.toString(16)}`, start);
    }
  });
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
