import { MeboError, MeboErrorCode } from '../errors.js';

const TWO32 = 0x1_0000_0000;

/**
 * Reads a two's-complement i64 as a Number. Values outside ±(2^53 − 1) cannot be represented
 * exactly, so they are rejected rather than rounded (µs epochs stay safe until the year 2255).
 * @throws MeboError CORRUPT_DATA when the value is not a safe integer.
 */
export function readSafeI64(view: DataView, pos: number, littleEndian: boolean): number {
  const hi = view.getInt32(littleEndian ? pos + 4 : pos, littleEndian);
  const lo = view.getUint32(littleEndian ? pos : pos + 4, littleEndian);
  const v = hi * TWO32 + lo;
  if (!Number.isSafeInteger(v)) {
    throw new MeboError(MeboErrorCode.CorruptData, `i64 0x${(hi >>> 0).toString(16)}${lo.toString(16).padStart(8, '0')} is not a safe integer`, pos);
  }
  return v;
}

/** Writes a safe integer as a two's-complement i64. The caller checks `Number.isSafeInteger`. */
export function writeI64(view: DataView, pos: number, v: number, littleEndian: boolean): void {
  const hi = Math.floor(v / TWO32);
  const lo = v - hi * TWO32;
  view.setUint32(littleEndian ? pos + 4 : pos, hi >>> 0, littleEndian);
  view.setUint32(littleEndian ? pos : pos + 4, lo >>> 0, littleEndian);
}

/** Reads a u64 as two u32 halves into `out` (no BigInt). */
export function readU64Halves(view: DataView, pos: number, littleEndian: boolean, out: { hi: number; lo: number }): void {
  out.hi = view.getUint32(littleEndian ? pos + 4 : pos, littleEndian);
  out.lo = view.getUint32(littleEndian ? pos : pos + 4, littleEndian);
}

export function writeU64Halves(view: DataView, pos: number, hi: number, lo: number, littleEndian: boolean): void {
  view.setUint32(littleEndian ? pos + 4 : pos, hi >>> 0, littleEndian);
  view.setUint32(littleEndian ? pos : pos + 4, lo >>> 0, littleEndian);
}
