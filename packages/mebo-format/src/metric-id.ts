import { MeboError, MeboErrorCode } from './errors.js';

/**
 * Metric ids (§8.1): xxHash64 of the name's UTF-8 bytes, seed 0, as Go's cespare/xxhash
 * `Sum64String`. The hash works on u32 halves with Math.imul, so it is synchronous and BigInt-free;
 * BigInt appears only in the `…Of` edge functions.
 */

/** A u64 as two u32 halves; reused as an out-parameter to avoid allocation. */
export interface U64Halves {
  hi: number;
  lo: number;
}

// The five xxHash64 primes as [hi, lo], and two derived seeds for seed 0.
const P1H = 0x9e3779b1, P1L = 0x85ebca87;
const P2H = 0xc2b2ae3d, P2L = 0x27d4eb4f;
const P3H = 0x165667b1, P3L = 0x9e3779f9;
const P4H = 0x85ebca77, P4L = 0xc2b2ae63;
const P5H = 0x27d4eb2f, P5L = 0x165667c5;
const V1H = 0x60ea27ee, V1L = 0xadc0b5d6; // P1 + P2
const V4H = 0x61c8864e, V4L = 0x7a143579; // −P1

// Result registers of the helpers below. Every 32-bit half is kept as a signed int32 (`| 0`), in
// locals and in this Int32Array: values above 2^31 held as uint32 become boxed heap numbers in
// loop variables and closure slots, which measured several times slower.
const R = new Int32Array(2);

/** (a × b) mod 2^64 → R[0]:R[1]. */
function mul(ah: number, al: number, bh: number, bl: number): void {
  const a0 = al & 0xffff;
  const a1 = al >>> 16;
  const b0 = bl & 0xffff;
  const b1 = bl >>> 16;
  const p00 = a0 * b0;
  const p01 = a0 * b1;
  const p10 = a1 * b0;
  const mid = (p00 >>> 16) + (p01 & 0xffff) + (p10 & 0xffff);
  R[1] = (mid << 16) | (p00 & 0xffff);
  R[0] = (a1 * b1 + (p01 >>> 16) + (p10 >>> 16) + (mid >>> 16) + Math.imul(ah, bl) + Math.imul(al, bh)) | 0;
}

/** (a + b) mod 2^64 → R[0]:R[1]. */
function add(ah: number, al: number, bh: number, bl: number): void {
  const l = (al >>> 0) + (bl >>> 0);
  R[1] = l | 0;
  R[0] = (ah + bh + (l > 0xffffffff ? 1 : 0)) | 0;
}

/** rotl(a, r) for 0 < r < 32 → R[0]:R[1]. */
function rotl(ah: number, al: number, r: number): void {
  R[0] = (ah << r) | (al >>> (32 - r));
  R[1] = (al << r) | (ah >>> (32 - r));
}

/**
 * round(acc, input) = rotl(acc + input × P2, 31) × P1 → R[0]:R[1]. The hottest step, so the two
 * multiplications are written out with locals instead of calling mul().
 */
function round(ah: number, al: number, ih: number, il: number): void {
  // t = input × P2: low halves by 16-bit limbs, cross terms with Math.imul
  let a0 = il & 0xffff;
  let a1 = il >>> 16;
  let p00 = a0 * (P2L & 0xffff);
  let p01 = a0 * (P2L >>> 16);
  let p10 = a1 * (P2L & 0xffff);
  let mid = (p00 >>> 16) + (p01 & 0xffff) + (p10 & 0xffff);
  const tl = (mid << 16) | (p00 & 0xffff);
  const th = a1 * (P2L >>> 16) + (p01 >>> 16) + (p10 >>> 16) + (mid >>> 16) + Math.imul(ih, P2L) + Math.imul(il, P2H);
  // t += acc
  const l = (al >>> 0) + (tl >>> 0);
  const sl = l | 0;
  const sh = (th + ah + (l > 0xffffffff ? 1 : 0)) | 0;
  // t = rotl(t, 31)
  const rh = (sh << 31) | (sl >>> 1);
  const rl = (sl << 31) | (sh >>> 1);
  // t × P1
  a0 = rl & 0xffff;
  a1 = rl >>> 16;
  p00 = a0 * (P1L & 0xffff);
  p01 = a0 * (P1L >>> 16);
  p10 = a1 * (P1L & 0xffff);
  mid = (p00 >>> 16) + (p01 & 0xffff) + (p10 & 0xffff);
  R[1] = (mid << 16) | (p00 & 0xffff);
  R[0] = (a1 * (P1L >>> 16) + (p01 >>> 16) + (p10 >>> 16) + (mid >>> 16) + Math.imul(rh, P1L) + Math.imul(rl, P1H)) | 0;
}

function u32le(b: Uint8Array, p: number): number {
  return b[p] | (b[p + 1] << 8) | (b[p + 2] << 16) | (b[p + 3] << 24);
}

/**
 * xxHash64 (seed 0) of `bytes[start:end]`, written into `out` (returned).
 */
export function xxHash64Into(bytes: Uint8Array, out: U64Halves, start = 0, end = bytes.length): U64Halves {
  const len = end - start;
  let p = start;
  let hh = 0;
  let hl = 0;
  if (len >= 32) {
    let v1h = V1H | 0;
    let v1l = V1L | 0;
    let v2h = P2H | 0;
    let v2l = P2L | 0;
    let v3h = 0;
    let v3l = 0;
    let v4h = V4H | 0;
    let v4l = V4L | 0;
    const limit = end - 32;
    do {
      round(v1h, v1l, u32le(bytes, p + 4), u32le(bytes, p));
      v1h = R[0];
      v1l = R[1];
      round(v2h, v2l, u32le(bytes, p + 12), u32le(bytes, p + 8));
      v2h = R[0];
      v2l = R[1];
      round(v3h, v3l, u32le(bytes, p + 20), u32le(bytes, p + 16));
      v3h = R[0];
      v3l = R[1];
      round(v4h, v4l, u32le(bytes, p + 28), u32le(bytes, p + 24));
      v4h = R[0];
      v4l = R[1];
      p += 32;
    } while (p <= limit);
    rotl(v1h, v1l, 1);
    hh = R[0];
    hl = R[1];
    rotl(v2h, v2l, 7);
    add(hh, hl, R[0], R[1]);
    hh = R[0];
    hl = R[1];
    rotl(v3h, v3l, 12);
    add(hh, hl, R[0], R[1]);
    hh = R[0];
    hl = R[1];
    rotl(v4h, v4l, 18);
    add(hh, hl, R[0], R[1]);
    hh = R[0];
    hl = R[1];
    // merge rounds: h = (h ^ round(0, v)) × P1 + P4
    round(0, 0, v1h, v1l);
    mul(hh ^ R[0], hl ^ R[1], P1H, P1L);
    add(R[0], R[1], P4H, P4L);
    hh = R[0];
    hl = R[1];
    round(0, 0, v2h, v2l);
    mul(hh ^ R[0], hl ^ R[1], P1H, P1L);
    add(R[0], R[1], P4H, P4L);
    hh = R[0];
    hl = R[1];
    round(0, 0, v3h, v3l);
    mul(hh ^ R[0], hl ^ R[1], P1H, P1L);
    add(R[0], R[1], P4H, P4L);
    hh = R[0];
    hl = R[1];
    round(0, 0, v4h, v4l);
    mul(hh ^ R[0], hl ^ R[1], P1H, P1L);
    add(R[0], R[1], P4H, P4L);
    hh = R[0];
    hl = R[1];
  } else {
    hh = P5H | 0;
    hl = P5L | 0;
  }
  add(hh, hl, Math.floor(len / 0x1_0000_0000), len | 0);
  hh = R[0];
  hl = R[1];
  while (p + 8 <= end) {
    round(0, 0, u32le(bytes, p + 4), u32le(bytes, p));
    rotl(hh ^ R[0], hl ^ R[1], 27);
    mul(R[0], R[1], P1H, P1L);
    add(R[0], R[1], P4H, P4L);
    hh = R[0];
    hl = R[1];
    p += 8;
  }
  if (p + 4 <= end) {
    mul(0, u32le(bytes, p), P1H, P1L);
    rotl(hh ^ R[0], hl ^ R[1], 23);
    mul(R[0], R[1], P2H, P2L);
    add(R[0], R[1], P3H, P3L);
    hh = R[0];
    hl = R[1];
    p += 4;
  }
  while (p < end) {
    mul(0, bytes[p], P5H, P5L);
    rotl(hh ^ R[0], hl ^ R[1], 11);
    mul(R[0], R[1], P1H, P1L);
    hh = R[0];
    hl = R[1];
    p++;
  }
  // avalanche: h ^= h >> 33; h *= P2; h ^= h >> 29; h *= P3; h ^= h >> 32
  mul(hh, hl ^ (hh >>> 1), P2H, P2L);
  hh = R[0];
  hl = R[1];
  mul(hh ^ (hh >>> 29), hl ^ ((hl >>> 29) | (hh << 3)), P3H, P3L);
  out.hi = R[0] >>> 0;
  out.lo = (R[1] ^ R[0]) >>> 0;
  return out;
}

const scratchHalves: U64Halves = { hi: 0, lo: 0 };
let scratch = new Uint8Array(256);
const utf8 = new TextEncoder();

/**
 * The UTF-8 bytes of `s` in a shared scratch buffer (valid until the next call); ASCII takes a
 * fast path. Lone surrogates become U+FFFD, as TextEncoder does: names must be well-formed Unicode
 * to hash as Go hashes them.
 */
function utf8Scratch(s: string): number {
  const n = s.length;
  if (scratch.length < n * 3) scratch = new Uint8Array(Math.max(n * 3, scratch.length * 2));
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x80) return utf8.encodeInto(s, scratch).written;
    scratch[i] = c;
  }
  return n;
}

/** The metric id of a name (xxHash64 of its UTF-8 bytes), written into `out` (returned). */
export function metricIdInto(name: string, out: U64Halves): U64Halves {
  const n = utf8Scratch(name);
  return xxHash64Into(scratch, out, 0, n);
}

/** The metric id of a name as a bigint (the public API's form). */
export function metricIdOf(name: string): bigint {
  metricIdInto(name, scratchHalves);
  return u64FromHalves(scratchHalves.hi, scratchHalves.lo);
}

/** xxHash64 (seed 0) of bytes as a bigint. */
export function xxHash64(bytes: Uint8Array): bigint {
  xxHash64Into(bytes, scratchHalves);
  return u64FromHalves(scratchHalves.hi, scratchHalves.lo);
}

export function u64FromHalves(hi: number, lo: number): bigint {
  return (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
}

/**
 * Splits a u64 bigint into halves.
 * @throws MeboError INVALID_METRIC_ID when `v` is not in [0, 2^64).
 */
export function u64ToHalves(v: bigint, out: U64Halves): U64Halves {
  if (typeof v !== 'bigint' || v < 0n || v > 0xffff_ffff_ffff_ffffn) {
    throw new MeboError(MeboErrorCode.InvalidMetricID, `metric id must be a u64 bigint, got ${String(v)}`);
  }
  out.hi = Number(v >> 32n);
  out.lo = Number(v & 0xffff_ffffn);
  return out;
}

/** A u64 as 16 lowercase hex digits (for messages). */
export function u64Hex(hi: number, lo: number): string {
  return (hi >>> 0).toString(16).padStart(8, '0') + (lo >>> 0).toString(16).padStart(8, '0');
}
