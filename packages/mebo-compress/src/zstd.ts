import { CompressionType, MeboError, MeboErrorCode } from '@mebo/format';
import { Decompress } from 'fzstd';
import { ZstdCodec as ZstdCodecLib } from 'zstd-codec';
import type { ZstdSimple } from 'zstd-codec';
import { BoundedOutput, corrupt, resolveMaxOutput, sizeExceedsLimit, truncatedInput } from './codec.js';
import type { LoadableCodec } from './codec.js';
import { scanZstdFrames } from './zstd-frame.js';
import type { ZstdFrame } from './zstd-frame.js';

/**
 * Zstandard (compression id 0x2).
 *
 * Reading: our frame walk (zstd-frame.ts) checks every declared size against the limit first.
 * A frame made only of raw and RLE blocks (what zstd writes for input it cannot shrink) and
 * without a checksum needs no decoder: its blocks are copied and filled straight from the walk.
 * Every other frame is decoded by libzstd (zstd-codec's one-shot decompress, about 2.5x faster than
 * fzstd) when the codec is loaded and the frame declares a content size small enough for the wasm
 * heap; every other frame (no content size, large, or codec not loaded) goes through fzstd (pure
 * JS) in streaming mode while we count the output, so it cannot grow past the limit either. Go
 * writes frames without a content size for inputs under 256 bytes; both kinds are read.
 *
 * Writing: zstd-codec (libzstd in wasm, level 3 ≈ Go's SpeedDefault). Its wasm heap is fixed at
 * 16 MiB, so inputs are cut into 1 MiB pieces, each written as its own frame (with content size);
 * Go's DecodeAll reads concatenated frames. See NOTES.md for the measurements behind this split.
 */

/** zstd level used for writing: libzstd's default, the closest to klauspost's SpeedDefault. */
export const ZSTD_LEVEL = 3;
/** Input bytes per written frame; keeps libzstd within zstd-codec's fixed 16 MiB wasm heap. */
export const ZSTD_FRAME_INPUT = 1024 * 1024;
/** Frames whose content size (and compressed size) is at most this go to libzstd when loaded. */
const WASM_DECODE_MAX = 2 * 1024 * 1024;

let library: Promise<ZstdSimple> | undefined;

/** zstd-codec builds one wasm instance per run(); one per process is enough, so it is cached. */
function loadLibrary(): Promise<ZstdSimple> {
  library ??= new Promise<ZstdSimple>((resolve, reject) => {
    try {
      ZstdCodecLib.run((z) => resolve(new z.Simple()));
    } catch (e) {
      library = undefined;
      reject(e);
    }
  });
  return library;
}

export class ZstdCodec implements LoadableCodec {
  readonly type = CompressionType.Zstd;
  readonly name = 'zstd';
  private simple: ZstdSimple | undefined;

  get loaded(): boolean {
    return this.simple !== undefined;
  }

  async load(): Promise<void> {
    this.simple ??= await loadLibrary();
  }

  /**
   * @throws MeboError CODEC_NOT_LOADED before {@link load}; LIMIT_EXCEEDED if libzstd fails
   */
  compress(src: Uint8Array): Uint8Array {
    const simple = this.simple;
    if (simple === undefined) throw new MeboError(MeboErrorCode.CodecNotLoaded, 'zstd: call load() (or loadZstdCodec()) before compress');
    if (src.length === 0) return new Uint8Array(0);
    if (src.length <= ZSTD_FRAME_INPUT) return compressFrame(simple, src);
    const parts: Uint8Array[] = [];
    let total = 0;
    for (let p = 0; p < src.length; p += ZSTD_FRAME_INPUT) {
      const part = compressFrame(simple, src.subarray(p, Math.min(src.length, p + ZSTD_FRAME_INPUT)));
      parts.push(part);
      total += part.length;
    }
    const out = new Uint8Array(total);
    let o = 0;
    for (const part of parts) {
      out.set(part, o);
      o += part.length;
    }
    return out;
  }

  /** Works before {@link load} too (pure JS then); loaded, small frames decode in libzstd. */
  decompress(src: Uint8Array, maxOutput?: number): Uint8Array {
    return decompressFrames(src, maxOutput, this.simple);
  }
}

/** A zstd codec, loaded. */
export async function loadZstdCodec(): Promise<ZstdCodec> {
  const c = new ZstdCodec();
  await c.load();
  return c;
}

function compressFrame(simple: ZstdSimple, src: Uint8Array): Uint8Array {
  const out = simple.compress(src, ZSTD_LEVEL);
  if (out === null) throw new MeboError(MeboErrorCode.LimitExceeded, `zstd: libzstd could not compress ${src.length} bytes`);
  return out;
}

/**
 * Decodes one or more zstd frames (skippable frames are skipped) into at most `maxOutput` bytes,
 * in pure JavaScript (fzstd). A loaded {@link ZstdCodec} also uses libzstd for small sized frames.
 * @throws MeboError DECOMPRESSED_SIZE_EXCEEDS_LIMIT, CORRUPT_DATA, TRUNCATED, UNSUPPORTED_COMPRESSION
 */
export function zstdDecompress(src: Uint8Array, maxOutput?: number): Uint8Array {
  return decompressFrames(src, maxOutput, undefined);
}

function decompressFrames(src: Uint8Array, maxOutput: number | undefined, wasm: ZstdSimple | undefined): Uint8Array {
  const limit = resolveMaxOutput(maxOutput);
  if (src.length === 0) return new Uint8Array(0);
  const scan = scanZstdFrames(src, limit);
  const frames = scan.frames;
  if (frames.length === 1 && isStoredFrame(frames[0])) {
    // Raw and RLE blocks only (incompressible input): the walk has everything, no decoder needed.
    checkStoredSize(frames[0]);
    return storedFrameBytes(src, frames[0]);
  }
  if (wasm !== undefined && frames.length === 1 && useWasm(frames[0])) {
    // The common case (one frame, size known): libzstd writes the result, no extra copy.
    return decodeFrameWasm(wasm, src.subarray(frames[0].start, frames[0].end), frames[0].contentSize, frames[0].start);
  }
  const initial = scan.sizesKnown ? scan.minOutput : Math.max(scan.minOutput, src.length * 4);
  const out = new BoundedOutput(initial, limit, 'zstd');
  let written = 0;
  const sink = (chunk: Uint8Array): void => {
    if (chunk.length === 0) return;
    const end = written + chunk.length;
    if (end > limit) throw sizeExceedsLimit('zstd', end, limit);
    out.ensure(end).set(chunk, written);
    written = end;
  };
  for (const frame of frames) {
    const before = written;
    if (isStoredFrame(frame)) {
      checkStoredSize(frame);
      const end = written + frame.literalBytes;
      if (end > limit) throw sizeExceedsLimit('zstd', end, limit, frame.start);
      writeStoredBlocks(src, frame.blocksStart, out.ensure(end), written);
      written = end;
      continue;
    }
    const bytes = src.subarray(frame.start, frame.end);
    if (wasm !== undefined && useWasm(frame)) sink(decodeFrameWasm(wasm, bytes, frame.contentSize, frame.start));
    else decodeFrame(bytes, sink, frame.start);
    if (frame.contentSize >= 0 && written - before !== frame.contentSize) {
      throw corrupt('zstd', `frame decoded to ${written - before} bytes, header declares ${frame.contentSize}`, frame.start);
    }
  }
  const buf = out.buf;
  return written === buf.length ? buf : buf.slice(0, written);
}

/**
 * A frame of raw and RLE blocks only, without a content checksum: its output is its blocks' bytes,
 * copied or filled straight from the input. Frames with a checksum keep going to the decoders
 * (libzstd verifies it; Go writes none).
 */
function isStoredFrame(frame: ZstdFrame): boolean {
  return frame.compressedBlocks === 0 && !frame.hasChecksum;
}

/** A stored frame's blocks must add up to its declared content size, as a decoder would check. */
function checkStoredSize(frame: ZstdFrame): void {
  if (frame.contentSize >= 0 && frame.literalBytes !== frame.contentSize) {
    throw corrupt('zstd', `frame decoded to ${frame.literalBytes} bytes, header declares ${frame.contentSize}`, frame.start);
  }
}

/** A stored frame's output as a new array of exactly its size. */
function storedFrameBytes(src: Uint8Array, frame: ZstdFrame): Uint8Array {
  const n = frame.literalBytes;
  const p = frame.blocksStart;
  const h = src[p] | (src[p + 1] << 8) | (src[p + 2] << 16);
  const buffer = src.buffer;
  if ((h & 6) === 0 && p + 3 + n <= src.length && buffer instanceof ArrayBuffer) {
    // The first block is raw: slicing n bytes from its data copies it into place and gives an
    // array without new Uint8Array's zero fill; the following blocks overwrite the rest. (Sliced
    // as an ArrayBuffer: a Buffer's own slice would be a view of the input, and its typed-array
    // slice a Buffer.)
    const from = src.byteOffset + p + 3;
    const out = new Uint8Array(buffer.slice(from, from + n));
    if ((h & 1) === 0) writeStoredBlocks(src, p + 3 + (h >>> 3), out, h >>> 3);
    return out;
  }
  const out = new Uint8Array(n);
  writeStoredBlocks(src, p, out, 0);
  return out;
}

/**
 * Copies raw blocks and fills RLE blocks, from the block header at `p` to the frame's last block,
 * into `out` from `o`. Only for frames {@link scanZstdFrames} walked: every block header, size and
 * extent is already validated, and the blocks add up to the frame's size.
 */
function writeStoredBlocks(src: Uint8Array, p: number, out: Uint8Array, o: number): void {
  for (;;) {
    const h = src[p] | (src[p + 1] << 8) | (src[p + 2] << 16);
    const size = h >>> 3;
    p += 3;
    if ((h & 6) === 0) {
      out.set(src.subarray(p, p + size), o);
      p += size;
    } else {
      out.fill(src[p], o, o + size);
      p += 1;
    }
    o += size;
    if (h & 1) return;
  }
}

function useWasm(frame: ZstdFrame): boolean {
  return frame.contentSize > 0 && frame.contentSize <= WASM_DECODE_MAX && frame.end - frame.start <= WASM_DECODE_MAX;
}

/** libzstd one-shot: it checks the content size and the checksum itself (null on any error). */
function decodeFrameWasm(wasm: ZstdSimple, frame: Uint8Array, size: number, offset: number): Uint8Array {
  const out = wasm.decompress(frame);
  if (out === null || out.length !== size) throw corrupt('zstd', 'invalid frame (libzstd rejected it)', offset);
  return out;
}

function decodeFrame(frame: Uint8Array, sink: (chunk: Uint8Array) => void, offset: number): void {
  try {
    new Decompress(sink).push(frame, true);
  } catch (e) {
    if (e instanceof MeboError) throw e;
    // fzstd's codes: 5 = unexpected EOF; everything else (and any TypeError/RangeError from
    // garbage input) is corruption.
    if ((e as { code?: unknown }).code === 5) throw truncatedInput('zstd', 'frame ends early', offset);
    throw corrupt('zstd', `invalid frame (${e instanceof Error ? e.message : String(e)})`, offset);
  }
}
