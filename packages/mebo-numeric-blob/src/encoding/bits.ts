import { ByteWriter, MeboError, MeboErrorCode } from '@mebo/format';

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

/**
 * Runs a codec's encode and decode over `column` a few times when its module loads, so that V8 has
 * type feedback for every branch of the fast loops before it optimises them. A branch first met in
 * optimised code deoptimises it, and V8 11 (Node 20) may then keep running the loop as slower
 * on-stack-replacement code for good: measured 11 → 20–36 ns/point for Chimp decode. Costs about
 * 1–3 ms at import (four codecs); nothing is kept.
 */
export function primeCodec(codec: { encode(v: Float64Array, n: number, out: ByteWriter): void; decode(b: Uint8Array, s: number, e: number, n: number, le: boolean, out: Float64Array): void }, column: Float64Array): void {
  const w = new ByteWriter(column.length * 10 + 64, true);
  const out = new Float64Array(column.length);
  // Feedback vectors are allocated after a function's first few calls: run past that.
  for (let k = 0; k < 12; k++) {
    w.reset();
    codec.encode(column, column.length, w);
    codec.decode(w.bytes, 0, w.pos, column.length, true, out);
  }
}

/** A value column that takes every Gorilla/Chimp branch: repeats, small and large XORs, NaN bits, integers. */
export function primeValues(): Float64Array {
  const v = new Float64Array(160);
  const u = new Uint32Array(v.buffer);
  let x = 0x9e3779b9;
  const next = (): number => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x >>> 0;
  };
  let cur = 100.25;
  for (let i = 0; i < v.length; i++) {
    switch (i % 8) {
      case 0:
        v[i] = i === 0 ? cur : v[i - 1]; // equal
        break;
      case 1:
        u[2 * i] = next();
        u[2 * i + 1] = next(); // any bits
        break;
      case 2:
        v[i] = i * 1024; // integers: long trailing zeros
        break;
      case 3:
        v[i] = v[i - 1] * 2; // exponent only: trailing ≥ 32
        break;
      default:
        cur += ((next() % 2001) - 1000) / 997; // a random walk
        v[i] = cur;
    }
  }
  return v;
}

/** A timestamp column that takes every Delta/DeltaPacked branch: varints of 1 to 10 bytes, all widths. */
export function primeTimestamps(): Float64Array {
  const steps = [1_000_000, 1_000_000, 1_000_007, 999_000, 1_000_000 + 200_000, 0, 30_000_000, 5_000_000_000, -7, 1_000_000, 2 ** 40, -(2 ** 41), 3];
  const t = new Float64Array(130);
  let cur = 1_700_000_000_000_000;
  for (let i = 0; i < t.length; i++) {
    t[i] = cur;
    cur += steps[i % steps.length];
  }
  return t;
}
