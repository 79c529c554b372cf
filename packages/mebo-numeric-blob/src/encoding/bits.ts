import { MeboError, MeboErrorCode } from '@mebo/format';

/**
 * Shared helpers for the column codecs: float bit access through 32-bit halves (no BigInt),
 * 64-bit counts, and the codec error builders.
 */

/** True on little-endian hosts; the Uint32Array aliases below assume it (every supported Node target is LE). */
export const HOST_LE = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/**
 * A Uint32Array alias over the first `n` doubles of `a`: element 2i is the low half of bits(a[i]),
 * 2i+1 the high half. Reading bits this way keeps NaN payloads exact (a Number round trip may not).
 */
export function u32Alias(a: Float64Array, n: number): Uint32Array {
  if (!HOST_LE) throw new MeboError(MeboErrorCode.InvalidArgument, 'big-endian hosts are not supported');
  return new Uint32Array(a.buffer, a.byteOffset, n * 2);
}

/** Leading zeros of the 64-bit value hi:lo (64 for zero). */
export function clz64(hi: number, lo: number): number {
  return hi !== 0 ? Math.clz32(hi) : 32 + Math.clz32(lo);
}

/** Trailing zeros of the 64-bit value hi:lo (64 for zero). */
export function ctz64(hi: number, lo: number): number {
  if (lo !== 0) return 31 - Math.clz32(lo & -lo);
  if (hi !== 0) return 63 - Math.clz32(hi & -hi);
  return 64;
}

/** Checks that a decode target can hold n values. */
export function checkOut(out: Float64Array, n: number): void {
  if (!(n >= 0 && n <= out.length && Number.isInteger(n))) {
    throw new MeboError(MeboErrorCode.InvalidArgument, `cannot decode ${n} values into an array of ${out.length}`);
  }
}

/** Checks [start,end) against the buffer. */
export function checkRange(bytes: Uint8Array, start: number, end: number): void {
  if (!(Number.isInteger(start) && Number.isInteger(end) && start >= 0 && start <= end && end <= bytes.length)) {
    throw new MeboError(MeboErrorCode.InvalidArgument, `column range [${start}, ${end}) outside a buffer of ${bytes.length} bytes`);
  }
}

export function checkCount(n: number, length: number): void {
  if (!(Number.isInteger(n) && n >= 0 && n <= length)) {
    throw new MeboError(MeboErrorCode.InvalidArgument, `count ${n} outside [0, ${length}]`);
  }
}

export function corrupt(code: MeboErrorCode, what: string, offset: number): MeboError {
  return new MeboError(code, what, offset);
}
