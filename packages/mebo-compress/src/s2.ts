import { CompressionType, MeboError, readUvarint, writeUvarint } from '@mebo/format';
import { corrupt, resolveMaxOutput, sizeExceedsLimit, truncatedInput } from './codec.js';
import type { Codec } from './codec.js';
import { hashLogFor, hashTable } from './match.js';

/**
 * S2 (compression id 0x3): the S2 *block* format that mebo v1.9.0 writes with klauspost
 * `s2.Encode(nil, src)` and reads with `s2.DecodedLen` + `s2.Decode`: uvarint(decoded length), then
 * Snappy elements told apart by the low two bits of the tag byte:
 *
 * - 00 literal: length-1 in the top 6 bits, or 60..63 = length-1 in the next 1..4 bytes (LE);
 * - 01 copy, 1-byte offset: length 4..11 in bits 2-4, offset bits 8-10 in bits 5-7, low 8 bits
 *   next. S2's extension: offset 0 is a **repeat** of the last offset, with bits 2-4 giving
 *   0..4 → length 4..8, 5 → 8 + next byte, 6 → 260 + next 2 bytes, 7 → 65540 + next 3 bytes;
 * - 10 copy, 2-byte LE offset, length 1..64 in the top 6 bits;
 * - 11 copy, 4-byte LE offset, length 1..64 in the top 6 bits.
 *
 * Offsets must be 1..bytes written so far; a repeat before any copy is corrupt; the output must
 * end exactly at the declared length.
 */

const MAX_BLOCK = 0xffffffff;
const MIN_MATCH = 4;
/** Longest single repeat element: 65540 + 2^24 - 1. */
const MAX_REPEAT = 65540 + 0xffffff;

export const s2Codec: Codec = Object.freeze({
  type: CompressionType.S2,
  name: 's2',
  compress: s2Encode,
  decompress: s2Decode,
});

/** Largest encoded size of `n` bytes (Snappy's MaxEncodedLen formula: 32 + n + n/6). */
export function s2MaxEncodedLen(n: number): number {
  return 32 + n + Math.floor(n / 6);
}

/**
 * Reads the declared decoded length of an S2 block.
 * @throws MeboError TRUNCATED, CORRUPT_DATA
 */
export function s2DecodedLen(src: Uint8Array): number {
  const state = { pos: 0 };
  const len = readUvarint(src, state);
  if (len > MAX_BLOCK) throw corrupt('s2', `declared length ${len} is above 2^32-1`, 0);
  return len;
}

/**
 * Decodes one S2 (or Snappy) block. The declared length is checked against `maxOutput` before
 * the output is allocated.
 * @throws MeboError DECOMPRESSED_SIZE_EXCEEDS_LIMIT, CORRUPT_DATA, TRUNCATED, INVALID_ARGUMENT
 */
export function s2Decode(src: Uint8Array, maxOutput?: number): Uint8Array {
  const limit = resolveMaxOutput(maxOutput);
  const n = src.length;
  if (n === 0) return new Uint8Array(0);
  const state = { pos: 0 };
  let dLen: number;
  try {
    dLen = readUvarint(src, state);
  } catch (e) {
    if (e instanceof MeboError) throw new MeboError(e.code, `s2: decoded length: ${e.message}`);
    throw e;
  }
  if (dLen > MAX_BLOCK) throw corrupt('s2', `declared length ${dLen} is above 2^32-1`, 0);
  if (dLen > limit) throw sizeExceedsLimit('s2', dLen, limit, 0);
  const out = new Uint8Array(dLen);
  let s = state.pos;
  let d = 0;
  let offset = 0;
  while (s < n) {
    const tag = src[s];
    let len: number;
    switch (tag & 3) {
      case 0: {
        let x = tag >>> 2;
        if (x < 60) s++;
        else {
          const nb = x - 59;
          if (n - s - 1 < nb) throw truncatedInput('s2', 'literal length', s);
          x = src[s + 1];
          if (nb > 1) x |= src[s + 2] << 8;
          if (nb > 2) x |= src[s + 3] << 16;
          if (nb > 3) x = (x >>> 0) + src[s + 4] * 0x1000000;
          s += 1 + nb;
        }
        len = x + 1;
        if (len > dLen - d) throw corrupt('s2', `literal of ${len} bytes overruns the declared length`, s);
        if (len > n - s) throw truncatedInput('s2', `literal of ${len} bytes`, s);
        if (len < 32) for (let i = 0; i < len; i++) out[d + i] = src[s + i];
        else out.set(src.subarray(s, s + len), d);
        s += len;
        d += len;
        continue;
      }
      case 1: {
        if (n - s < 2) throw truncatedInput('s2', 'copy', s);
        len = (tag >>> 2) & 7;
        const off = ((tag & 0xe0) << 3) | src[s + 1];
        s += 2;
        if (off !== 0) {
          offset = off;
          len += 4;
        } else if (len < 5) {
          len += 4;
        } else if (len === 5) {
          if (n - s < 1) throw truncatedInput('s2', 'repeat length', s);
          len = src[s] + 8;
          s += 1;
        } else if (len === 6) {
          if (n - s < 2) throw truncatedInput('s2', 'repeat length', s);
          len = (src[s] | (src[s + 1] << 8)) + 260;
          s += 2;
        } else {
          if (n - s < 3) throw truncatedInput('s2', 'repeat length', s);
          len = (src[s] | (src[s + 1] << 8) | (src[s + 2] << 16)) + 65540;
          s += 3;
        }
        break;
      }
      case 2:
        if (n - s < 3) throw truncatedInput('s2', 'copy', s);
        offset = src[s + 1] | (src[s + 2] << 8);
        len = 1 + (tag >>> 2);
        s += 3;
        break;
      default:
        if (n - s < 5) throw truncatedInput('s2', 'copy', s);
        offset = (src[s + 1] | (src[s + 2] << 8) | (src[s + 3] << 16)) + src[s + 4] * 0x1000000;
        len = 1 + (tag >>> 2);
        s += 5;
        break;
    }
    if (offset <= 0 || offset > d) throw corrupt('s2', `copy offset ${offset} at output position ${d}`, s);
    if (len > dLen - d) throw corrupt('s2', `copy of ${len} bytes overruns the declared length`, s);
    let from = d - offset;
    if (len >= 32 && offset >= len) {
      out.copyWithin(d, from, from + len);
      d += len;
    } else if (len >= 32 && offset === 1) {
      out.fill(out[from], d, d + len); // a run
      d += len;
    } else {
      const end = d + len;
      while (d < end) out[d++] = out[from++];
    }
  }
  if (d !== dLen) throw corrupt('s2', `decoded ${d} bytes, block declares ${dLen}`, s);
  return out;
}

/**
 * Encodes `src` as one S2 block (greedy: a repeat of the last offset is tried first, then a hash
 * candidate). Go's s2.Decode reads it; so does any Snappy decoder when no repeat was emitted.
 */
export function s2Encode(src: Uint8Array): Uint8Array {
  const n = src.length;
  if (n === 0) return new Uint8Array(0);
  const out = new Uint8Array(s2MaxEncodedLen(n));
  let op = writeUvarint(out, 0, n);
  let anchor = 0;
  if (n >= 2 * MIN_MATCH) {
    const hashLog = hashLogFor(n);
    const shift = 32 - hashLog;
    const table = hashTable(hashLog);
    const limit = n - MIN_MATCH;
    let ip = 0;
    let last = 0;
    let misses = 0;
    while (ip <= limit) {
      const seq = src[ip] | (src[ip + 1] << 8) | (src[ip + 2] << 16) | (src[ip + 3] << 24);
      const h = Math.imul(seq, 0x9e3779b1) >>> shift;
      let ref = table[h] - 1;
      table[h] = ip + 1;
      let repeat = false;
      if (last > 0 && ip >= last) {
        const r = ip - last;
        if ((src[r] | (src[r + 1] << 8) | (src[r + 2] << 16) | (src[r + 3] << 24)) === seq) {
          ref = r;
          repeat = true;
        }
      }
      if (!repeat && (ref < 0 || (src[ref] | (src[ref + 1] << 8) | (src[ref + 2] << 16) | (src[ref + 3] << 24)) !== seq)) {
        ip += 1 + (misses++ >> 5);
        continue;
      }
      let len = MIN_MATCH;
      while (ip + len < n && src[ref + len] === src[ip + len]) len++;
      const off = ip - ref;
      // A 4-byte offset costs 5 bytes: only worth it for longer matches.
      if (!repeat && off > 0xffff && len < 8) {
        ip += 1 + (misses++ >> 5);
        continue;
      }
      misses = 0;
      // Extend backwards over literals not yet written (the offset stays the same).
      while (ip > anchor && ref > 0 && src[ip - 1] === src[ref - 1]) {
        ip--;
        ref--;
        len++;
      }
      if (ip > anchor) op = writeLiteral(src, out, op, anchor, ip - anchor);
      op = repeat ? writeRepeat(out, op, len) : writeCopy(out, op, off, len);
      last = off;
      ip += len;
      anchor = ip;
    }
  }
  if (anchor < n) op = writeLiteral(src, out, op, anchor, n - anchor);
  return out.slice(0, op);
}

function writeLiteral(src: Uint8Array, out: Uint8Array, op: number, from: number, len: number): number {
  const x = len - 1;
  if (x < 60) out[op++] = x << 2;
  else if (x < 0x100) {
    out[op++] = 60 << 2;
    out[op++] = x;
  } else if (x < 0x10000) {
    out[op++] = 61 << 2;
    out[op++] = x & 0xff;
    out[op++] = x >>> 8;
  } else if (x < 0x1000000) {
    out[op++] = 62 << 2;
    out[op++] = x & 0xff;
    out[op++] = (x >>> 8) & 0xff;
    out[op++] = x >>> 16;
  } else {
    out[op++] = 63 << 2;
    out[op++] = x & 0xff;
    out[op++] = (x >>> 8) & 0xff;
    out[op++] = (x >>> 16) & 0xff;
    out[op++] = x >>> 24;
  }
  if (len < 32) for (let i = 0; i < len; i++) out[op + i] = src[from + i];
  else out.set(src.subarray(from, from + len), op);
  return op + len;
}

/** A copy of `len` ≥ 4 bytes at `offset` ≥ 1; lengths past one element continue as repeats. */
function writeCopy(out: Uint8Array, op: number, offset: number, len: number): number {
  if (offset < 2048 && len <= 11) {
    out[op++] = ((offset >>> 8) << 5) | ((len - 4) << 2) | 1;
    out[op++] = offset & 0xff;
    return op;
  }
  if (offset < 2048 && len > 64) {
    // 2-byte copy-1 of 8, then a repeat: one byte shorter than a copy-2 of 64 and a repeat.
    out[op++] = ((offset >>> 8) << 5) | (4 << 2) | 1;
    out[op++] = offset & 0xff;
    return writeRepeat(out, op, len - 8);
  }
  // Copy-2/copy-4 hold up to 64 bytes; the rest follows as a repeat (at least 4 bytes).
  const first = len <= 64 ? len : len - 64 >= MIN_MATCH ? 64 : 60;
  if (offset <= 0xffff) {
    out[op++] = ((first - 1) << 2) | 2;
    out[op++] = offset & 0xff;
    out[op++] = offset >>> 8;
  } else {
    out[op++] = ((first - 1) << 2) | 3;
    out[op++] = offset & 0xff;
    out[op++] = (offset >>> 8) & 0xff;
    out[op++] = (offset >>> 16) & 0xff;
    out[op++] = offset >>> 24;
  }
  return first < len ? writeRepeat(out, op, len - first) : op;
}

/** Repeats of the last offset, `len` ≥ 4. */
function writeRepeat(out: Uint8Array, op: number, len: number): number {
  while (len > 0) {
    let part = len;
    if (part > MAX_REPEAT) part = len - MAX_REPEAT >= MIN_MATCH ? MAX_REPEAT : MAX_REPEAT - MIN_MATCH;
    len -= part;
    if (part <= 8) {
      out[op++] = ((part - 4) << 2) | 1;
      out[op++] = 0;
    } else if (part < 264) {
      out[op++] = (5 << 2) | 1;
      out[op++] = 0;
      out[op++] = part - 8;
    } else if (part < 65796) {
      const x = part - 260;
      out[op++] = (6 << 2) | 1;
      out[op++] = 0;
      out[op++] = x & 0xff;
      out[op++] = x >>> 8;
    } else {
      const x = part - 65540;
      out[op++] = (7 << 2) | 1;
      out[op++] = 0;
      out[op++] = x & 0xff;
      out[op++] = (x >>> 8) & 0xff;
      out[op++] = x >>> 16;
    }
  }
  return op;
}
