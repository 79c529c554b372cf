import { MeboError, MeboErrorCode } from '@mebo/format';
import { corrupt, sizeExceedsLimit, truncatedInput } from './codec.js';

/**
 * A structural walk over zstd frames (RFC 8878 §3.1) that decodes nothing: it finds each frame's
 * extent, content size and window, and the exact output of its raw and RLE blocks, so that limits
 * can be checked before any decoder allocates.
 */

const ZSTD_MAGIC = 0xfd2fb528;
/** Skippable frames: magic 0x184D2A50..0x184D2A5F. */
const SKIPPABLE_MASK = 0xfffffff0;
const SKIPPABLE_MAGIC = 0x184d2a50;
/** Largest block (compressed or decompressed) the format allows. */
export const ZSTD_BLOCK_MAX = 128 * 1024;
/** Largest window we let a decoder allocate; Go's decoder caps its memory at 128 MiB too. */
export const ZSTD_WINDOW_MAX = 128 * 1024 * 1024;
/**
 * Windows up to this size are accepted whatever the output bound (Go writes 8 MiB windows for
 * large payloads); above it, the window may not exceed the bound, so a small bound keeps a hostile
 * window descriptor from making the decoder allocate 128 MiB.
 */
const ZSTD_WINDOW_FREE = 8 * 1024 * 1024;

export interface ZstdFrame {
  /** Byte range of the whole frame in the input, checksum included. */
  readonly start: number;
  readonly end: number;
  /** Frame_Content_Size, or -1 when the header does not carry it. */
  readonly contentSize: number;
  readonly windowSize: number;
  /** Bytes that raw and RLE blocks produce: a lower bound on the frame's output. */
  readonly literalBytes: number;
  /** Number of compressed blocks (type 2); 0 means the frame is only raw and RLE blocks. */
  readonly compressedBlocks: number;
  /** Offset in the input of the first block header (just after the frame header). */
  readonly blocksStart: number;
  readonly hasChecksum: boolean;
}

export interface ZstdScan {
  /** Data frames in order (skippable frames are left out). */
  readonly frames: ZstdFrame[];
  /** A lower bound on the total decompressed size (exact when every frame has a content size). */
  readonly minOutput: number;
  /** True when every data frame declares its content size. */
  readonly sizesKnown: boolean;
}

function u32le(b: Uint8Array, p: number): number {
  return (b[p] | (b[p + 1] << 8) | (b[p + 2] << 16)) + b[p + 3] * 0x1000000;
}

/**
 * Walks every frame of `src`.
 * @throws MeboError TRUNCATED, CORRUPT_DATA, UNSUPPORTED_COMPRESSION (dictionary frames),
 *   DECOMPRESSED_SIZE_EXCEEDS_LIMIT (declared sizes above `limit`; windows above
 *   max(8 MiB, `limit`) or 128 MiB)
 */
export function scanZstdFrames(src: Uint8Array, limit: number): ZstdScan {
  const frames: ZstdFrame[] = [];
  const n = src.length;
  let pos = 0;
  let minOutput = 0;
  let sizesKnown = true;
  while (pos < n) {
    if (n - pos < 4) throw truncatedInput('zstd', 'frame magic', pos);
    const magic = u32le(src, pos);
    if ((magic & SKIPPABLE_MASK) >>> 0 === SKIPPABLE_MAGIC) {
      if (n - pos < 8) throw truncatedInput('zstd', 'skippable frame size', pos);
      const size = u32le(src, pos + 4);
      if (size > n - pos - 8) throw truncatedInput('zstd', `skippable frame of ${size} bytes`, pos);
      pos += 8 + size;
      continue;
    }
    if (magic !== ZSTD_MAGIC) throw corrupt('zstd', `bad frame magic 0x${magic.toString(16)}`, pos);
    const frame = scanFrame(src, pos, limit);
    frames.push(frame);
    if (frame.contentSize >= 0) minOutput += frame.contentSize;
    else {
      sizesKnown = false;
      minOutput += frame.literalBytes;
    }
    if (minOutput > limit) throw sizeExceedsLimit('zstd', minOutput, limit, pos);
    pos = frame.end;
  }
  return { frames, minOutput, sizesKnown };
}

function scanFrame(src: Uint8Array, start: number, limit: number): ZstdFrame {
  const n = src.length;
  let p = start + 4;
  if (p >= n) throw truncatedInput('zstd', 'frame header', p);
  const fhd = src[p++];
  const fcsFlag = fhd >> 6;
  const singleSegment = (fhd >> 5) & 1;
  const hasChecksum = ((fhd >> 2) & 1) === 1;
  const dictFlag = fhd & 3;
  if (fhd & 0x08) throw corrupt('zstd', 'reserved frame header bit set', p - 1);
  const dictBytes = dictFlag === 3 ? 4 : dictFlag;
  const fcsBytes = fcsFlag === 0 ? singleSegment : 1 << fcsFlag;
  const headerRest = (singleSegment ? 0 : 1) + dictBytes + fcsBytes;
  if (n - p < headerRest) throw truncatedInput('zstd', 'frame header', p);
  let windowSize = 0;
  if (!singleSegment) {
    const wd = src[p++];
    const base = 2 ** (10 + (wd >> 3));
    windowSize = base + (base / 8) * (wd & 7);
  }
  let dictId = 0;
  for (let i = 0; i < dictBytes; i++) dictId += src[p + i] * 2 ** (8 * i);
  p += dictBytes;
  if (dictId !== 0) {
    throw new MeboError(MeboErrorCode.UnsupportedCompression, `zstd: frame needs dictionary ${dictId}; dictionaries are not supported`, start);
  }
  let contentSize = -1;
  if (fcsBytes > 0) {
    contentSize = 0;
    for (let i = 0; i < fcsBytes; i++) contentSize += src[p + i] * 2 ** (8 * i);
    if (fcsBytes === 2) contentSize += 256;
    p += fcsBytes;
    if (contentSize > limit) throw sizeExceedsLimit('zstd', contentSize, limit, start);
  }
  if (singleSegment) windowSize = contentSize;
  const windowLimit = Math.min(ZSTD_WINDOW_MAX, Math.max(ZSTD_WINDOW_FREE, limit));
  if (windowSize > windowLimit) throw sizeExceedsLimit('zstd window', windowSize, windowLimit, start);

  // RFC 8878 §3.1.1.2: Block_Maximum_Size = min(Window_Size, 128 KiB). Go (klauspost) rejects
  // larger blocks, reading the window of a single-segment frame as max(content size, 1 KiB).
  const blockMax = Math.min(ZSTD_BLOCK_MAX, Math.max(windowSize, 1024));
  const blocksStart = p;
  let literalBytes = 0;
  let compressedBlocks = 0;
  for (;;) {
    if (n - p < 3) throw truncatedInput('zstd', 'block header', p);
    const h = src[p] | (src[p + 1] << 8) | (src[p + 2] << 16);
    const last = h & 1;
    const type = (h >> 1) & 3;
    const size = h >>> 3;
    if (size > blockMax) {
      throw corrupt('zstd', `block of ${size} bytes exceeds ${blockMax === ZSTD_BLOCK_MAX ? '128 KiB' : `the ${blockMax}-byte window`}`, p);
    }
    p += 3;
    if (type === 3) throw corrupt('zstd', 'reserved block type', p - 3);
    const stored = type === 1 ? 1 : size;
    if (n - p < stored) throw truncatedInput('zstd', `block of ${stored} bytes`, p);
    if (type !== 2) literalBytes += size;
    else compressedBlocks++;
    p += stored;
    if (last) break;
  }
  if (contentSize >= 0 && literalBytes > contentSize) {
    throw corrupt('zstd', `raw/RLE blocks hold ${literalBytes} bytes, frame declares ${contentSize}`, start);
  }
  if (hasChecksum) {
    if (n - p < 4) throw truncatedInput('zstd', 'content checksum', p);
    p += 4;
  }
  return { start, end: p, contentSize, windowSize, literalBytes, compressedBlocks, blocksStart, hasChecksum };
}
