import { compress as snappyCompress } from 'snappyjs';
import { BlockpackError, BlockpackErrorCode, limitExceeded } from './errors.js';
import { plainBytes } from './bytes.js';

/** Snappy block format (not the framed format), used for the metadata section. */
export function snappyEncode(src: Uint8Array): Uint8Array {
  return snappyCompress(plainBytes(src));
}

function fail(msg: string, pos: number): BlockpackError {
  return new BlockpackError(BlockpackErrorCode.DecompressFailed, `snappy: ${msg}`, pos);
}

/** The decoded length a snappy block declares. */
export function snappyDecodedLength(src: Uint8Array): number {
  let result = 0;
  for (let i = 0, shift = 0; i < src.length && i < 5; i++, shift += 7) {
    const c = src[i];
    result += (c & 0x7f) * 2 ** shift;
    if (c < 0x80) return result;
  }
  throw fail('bad length varint', 0);
}

/**
 * Decodes a snappy block. The declared length is checked against `maxLength` before allocating,
 * every copy is bounds-checked, and the output must be filled exactly.
 * @throws BlockpackError DECOMPRESS_FAILED, LIMIT_EXCEEDED
 */
export function snappyDecode(src: Uint8Array, maxLength: number): Uint8Array {
  let pos = 0;
  let n = 0;
  for (let shift = 0; ; shift += 7) {
    if (pos >= src.length || shift > 28) throw fail('bad length varint', pos);
    const c = src[pos++];
    n += (c & 0x7f) * 2 ** shift;
    if (c < 0x80) break;
  }
  if (n > maxLength) throw limitExceeded('snappy decoded length', n, maxLength);
  // A snappy element expands at most 64 bytes per 2 input bytes (copy-1 max is 11 per 2), so a
  // declared length far beyond what the input can produce is rejected before allocating.
  if (n > (src.length - pos) * 64 + 64) throw fail(`declared length ${n} impossible for ${src.length} input bytes`, 0);
  const out = new Uint8Array(n);
  let op = 0;
  const end = src.length;
  while (pos < end) {
    const c = src[pos++];
    const tag = c & 3;
    if (tag === 0) {
      let len = c >>> 2;
      if (len >= 60) {
        const extra = len - 59;
        if (pos + extra > end) throw fail('truncated literal length', pos);
        len = 0;
        for (let i = 0; i < extra; i++) len += src[pos + i] * 2 ** (8 * i);
        pos += extra;
      }
      len += 1;
      if (len > end - pos) throw fail('literal past end of input', pos);
      if (len > n - op) throw fail('literal past end of output', pos);
      out.set(src.subarray(pos, pos + len), op);
      pos += len;
      op += len;
      continue;
    }
    let len: number;
    let offset: number;
    if (tag === 1) {
      if (pos >= end) throw fail('truncated copy', pos);
      len = ((c >>> 2) & 7) + 4;
      offset = ((c >>> 5) << 8) | src[pos++];
    } else if (tag === 2) {
      if (pos + 2 > end) throw fail('truncated copy', pos);
      len = (c >>> 2) + 1;
      offset = src[pos] | (src[pos + 1] << 8);
      pos += 2;
    } else {
      if (pos + 4 > end) throw fail('truncated copy', pos);
      len = (c >>> 2) + 1;
      offset = (src[pos] | (src[pos + 1] << 8) | (src[pos + 2] << 16)) + src[pos + 3] * 0x1000000;
      pos += 4;
    }
    if (offset === 0 || offset > op) throw fail(`bad copy offset ${offset}`, pos);
    if (len > n - op) throw fail('copy past end of output', pos);
    if (offset >= len) {
      out.copyWithin(op, op - offset, op - offset + len);
      op += len;
    } else {
      for (let i = 0; i < len; i++, op++) out[op] = out[op - offset];
    }
  }
  if (op !== n) throw fail(`decoded ${op} bytes, header says ${n}`, pos);
  return out;
}
