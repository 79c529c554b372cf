/**
 * ALP arithmetic shared by the encoder and decoder (spec §5.4.3). Byte identity with Go depends
 * on these exact doubles and this exact evaluation order.
 */

export const SCHEME_MAIN = 0;
export const SCHEME_RD = 1;
export const SCHEME_RAW = 2;
export const MAX_EXPONENT = 18;

/** 10^k as double literals (Math.pow(10, k) need not be the same double for negative k). */
export const P10: readonly number[] = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18];
/** 10^−k as double literals. */
export const N10: readonly number[] = [
  1e-0, 1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8, 1e-9, 1e-10, 1e-11, 1e-12, 1e-13, 1e-14, 1e-15, 1e-16, 1e-17, 1e-18,
];

/** 1.5 × 2^52: adding and subtracting it rounds half to even at the ones place for |x| < 2^51. */
const MAGIC = 6755399441055744.0;
const TWO51 = 2 ** 51;
const TWO52 = 2 ** 52;

/** Go math.Round: halves away from zero; NaN, ±Inf and |x| ≥ 2^52 unchanged; sign of zero kept. */
export function goRound(x: number): number {
  if (!(Math.abs(x) < TWO52)) return x;
  const t = Math.trunc(x);
  if (Math.abs(x - t) >= 0.5) return t + (x < 0 ? -1 : 1);
  return t;
}

/**
 * The ALP digit of a scaled value: an integer-valued double (an exact int64), or NaN for "no
 * digit" (NaN, ±Inf, or |round(s)| ≥ 9.2e18).
 */
export function alpDigit(s: number): number {
  if (Math.abs(s) < TWO51) return s + MAGIC - MAGIC;
  const r = goRound(s);
  return Math.abs(r) < 9.2e18 ? r : NaN;
}

/** Bits needed for the unsigned 64-bit hi:lo. */
export function bitlen64(hi: number, lo: number): number {
  return hi !== 0 ? 64 - Math.clz32(hi) : lo !== 0 ? 32 - Math.clz32(lo) : 0;
}

/** ceil(n × w / 8) without losing precision for large n. */
export function packedBytes(n: number, w: number): number {
  return Math.ceil((n * w) / 8);
}
