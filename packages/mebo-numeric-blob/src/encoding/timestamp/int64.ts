import { MeboError, MeboErrorCode, truncated } from '@mebo/format';

/**
 * Exact int64 helpers on 32-bit halves for the timestamp codecs' slow paths (values or deltas
 * beyond ±2^52). Results land in the module-level `R` pair: no allocation, no BigInt.
 */

const TWO32 = 0x1_0000_0000;

/** The result register: hi is a signed or unsigned 32-bit half as documented per function, lo unsigned. */
export const R = { hi: 0, lo: 0 };

/** Splits a safe integer into R (hi signed). */
export function split(v: number): void {
  const hi = Math.floor(v / TWO32);
  R.hi = hi | 0;
  R.lo = (v - hi * TWO32) >>> 0;
}

/** The Number nearest to the signed int64 hi:lo (exact while it is a safe integer). */
export function toNumber(hi: number, lo: number): number {
  return (hi | 0) * TWO32 + (lo >>> 0);
}

/** R = a − b (wrapping), hi signed. */
export function sub(aHi: number, aLo: number, bHi: number, bLo: number): void {
  const lo = (aLo >>> 0) - (bLo >>> 0);
  R.lo = lo >>> 0;
  R.hi = (aHi - bHi - (lo < 0 ? 1 : 0)) | 0;
}

/** R = a + b (wrapping), hi signed. */
export function add(aHi: number, aLo: number, bHi: number, bLo: number): void {
  const lo = (aLo >>> 0) + (bLo >>> 0);
  R.lo = lo >>> 0;
  R.hi = (aHi + bHi + (lo >= TWO32 ? 1 : 0)) | 0;
}

/** R = zigzag(hi:lo) as an unsigned pair (hi unsigned). */
export function zigzag64(hi: number, lo: number): void {
  const sign = hi >> 31;
  R.hi = (((hi << 1) | (lo >>> 31)) ^ sign) >>> 0;
  R.lo = ((lo << 1) ^ sign) >>> 0;
}

/** R = unzigzag(hi:lo), hi signed. */
export function unzigzag64(hi: number, lo: number): void {
  const mask = -(lo & 1);
  R.lo = (((lo >>> 1) | (hi << 31)) ^ mask) >>> 0;
  R.hi = ((hi >>> 1) ^ mask) | 0;
}

/** Writes the unsigned 64-bit hi:lo as a uvarint at buf[pos]; returns the new position (≤ 10 bytes). */
export function putUvarint64(buf: Uint8Array, pos: number, hi: number, lo: number): number {
  hi >>>= 0;
  lo >>>= 0;
  while (hi !== 0 || lo >= 0x80) {
    buf[pos++] = (lo & 0x7f) | 0x80;
    lo = ((lo >>> 7) | (hi << 25)) >>> 0;
    hi >>>= 7;
  }
  buf[pos++] = lo;
  return pos;
}

/**
 * Reads a uvarint of up to 10 bytes from bytes[pos..end) into R (hi unsigned); returns the new
 * position. Like Go's binary.Uvarint, a 10th byte above 1 overflows 64 bits and is corrupt.
 * @throws MeboError TRUNCATED or INVALID_TIMESTAMP_DATA
 */
export function getUvarint64(bytes: Uint8Array, pos: number, end: number): number {
  let lo = 0;
  let hi = 0;
  for (let i = 0; i < 10; i++) {
    if (pos >= end) throw truncated(pos, 1, 0);
    const b = bytes[pos++];
    const g = b & 0x7f;
    const shift = i * 7;
    if (shift < 28) {
      lo |= g << shift;
    } else if (shift === 28) {
      lo |= g << 28; // low 4 bits of g land in lo, the other 3 in hi
      hi |= g >>> 4;
    } else {
      hi |= g << (shift - 32);
    }
    if (b < 0x80) {
      if (i === 9 && b > 1) break;
      R.hi = hi >>> 0;
      R.lo = lo >>> 0;
      return pos;
    }
  }
  throw new MeboError(MeboErrorCode.InvalidTimestampData, 'uvarint overflows 64 bits', pos - 1);
}
