import { EncodingType } from '@mebo/format';
import type { ByteWriter } from '@mebo/format';
import { checkCount, checkOut, checkRange, primeCodec, primeTimestamps } from '../bits.js';
import type { TimestampCodec } from '../codec.js';
import { DodDecoder, ZigzagDods } from './dod.js';
import { R, getUvarint64, putUvarint64, split } from './int64.js';

/**
 * Delta timestamps (0x2, spec §4.2): uvarint(u64(ts0)), then uvarint(zigzag(dod)) for every later
 * value, where the first "dod" is the plain delta ts1 − ts0.
 */

const TWO32 = 0x1_0000_0000;
const HALF_SAFE = 2 ** 52;
const SAFE = 2 ** 53;
const MAX_SAFE = Number.MAX_SAFE_INTEGER;
const zz = new ZigzagDods();
const dd = new DodDecoder();

/** Writes a uvarint of a non-negative Number below 2^53. */
export function putUvarintNumber(buf: Uint8Array, p: number, v: number): number {
  while (v >= 0x8000_0000) {
    buf[p++] = (v % 0x80) | 0x80;
    v = Math.floor(v / 0x80);
  }
  while (v >= 0x80) {
    buf[p++] = (v & 0x7f) | 0x80;
    v >>>= 7;
  }
  buf[p++] = v;
  return p;
}

/** Writes uvarint(u64(t0)) for a safe integer: a negative first value takes 10 bytes, as in Go. */
export function putFirst(buf: Uint8Array, p: number, t0: number): number {
  if (t0 >= 0) return putUvarintNumber(buf, p, t0);
  split(t0);
  return putUvarint64(buf, p, R.hi, R.lo);
}

/** Reads a uvarint into the decoder as the next value; returns the new position. */
export function readDodVarint(dec: DodDecoder, bytes: Uint8Array, p: number, end: number, out: Float64Array, i: number): number {
  p = getUvarint64(bytes, p, end);
  out[i] = R.hi < 0x20_0000 ? dec.small(R.hi * TWO32 + R.lo) : dec.exact(R.hi, R.lo);
  return p;
}

export const deltaTimestampCodec: TimestampCodec = {
  encoding: EncodingType.Delta,

  encode(ts: Float64Array, n: number, out: ByteWriter): void {
    checkCount(n, ts.length);
    if (n === 0) return;
    out.ensure(n * 10);
    const buf = out.bytes;
    zz.start(ts[0]);
    let p = putFirst(buf, out.pos, ts[0]);
    let i = 1;
    // Fast loop in locals while each timestamp is a safe integer, each delta below 2^53 and each
    // delta-of-delta below 2^30 in magnitude; the rest goes through ZigzagDods.
    let prev = ts[0];
    let prevDelta = 0;
    for (; i < n; i++) {
      const t = ts[i];
      if (!(t <= MAX_SAFE && t >= -MAX_SAFE && Math.floor(t) === t)) break; // a safe integer
      const delta = t - prev; // |delta| < 2^54; a result that rounded is at least 2^53 and leaves
      const dod = delta - prevDelta;
      if (!(delta < SAFE && delta > -SAFE && dod < 0x4000_0000 && dod > -0x4000_0000)) break;
      prev = t;
      prevDelta = delta;
      const d = dod | 0;
      const z = (d << 1) ^ (d >> 31); // zigzag, below 2^31
      if (z < 0x80) {
        buf[p++] = z;
      } else if (z < 0x4000) {
        buf[p] = z | 0x80;
        buf[p + 1] = z >>> 7;
        p += 2;
      } else {
        p = putUvarintNumber(buf, p, z);
      }
    }
    zz.resume(prev, prevDelta);
    for (; i < n; i++) {
      const z = zz.next(ts[i], i);
      if (z >= 0) {
        if (z < 0x80) {
          buf[p++] = z;
        } else if (z < 0x4000) {
          buf[p] = (z & 0x7f) | 0x80;
          buf[p + 1] = z >>> 7;
          p += 2;
        } else {
          p = putUvarintNumber(buf, p, z);
        }
      } else {
        p = putUvarint64(buf, p, R.hi, R.lo);
      }
    }
    out.pos = p;
  },

  decode(bytes: Uint8Array, start: number, end: number, n: number, _littleEndian: boolean, out: Float64Array): void {
    checkRange(bytes, start, end);
    checkOut(out, n);
    if (n === 0) return;
    let p = getUvarint64(bytes, start, end);
    let t = dd.start(R.hi, R.lo);
    out[0] = t;
    let i = 1;
    // Fast loop in locals while the running delta and timestamp stay inside ±2^52 and four bytes
    // are left; anything else hands its state to the DodDecoder below.
    if (t < HALF_SAFE && t > -HALF_SAFE) {
      let delta = 0;
      const fastEnd = end - 3; // four bytes readable at p
      for (; i < n && p < fastEnd; i++) {
        // 1- to 4-byte varints inline (zigzag below 2^28: an int32 unzigzag)
        let z = bytes[p];
        let len = 1;
        if (z >= 0x80) {
          const b1 = bytes[p + 1];
          z = (z & 0x7f) | ((b1 & 0x7f) << 7);
          len = 2;
          if (b1 >= 0x80) {
            const b2 = bytes[p + 2];
            z |= (b2 & 0x7f) << 14;
            len = 3;
            if (b2 >= 0x80) {
              const b3 = bytes[p + 3];
              if (b3 >= 0x80) {
                // Longer (a first delta or gap in a fine unit): read whole; past 2^53 or out of
                // range, left for the general loop below to read again.
                const q = getUvarint64(bytes, p, end);
                if (R.hi >= 0x20_0000) break;
                const zz = R.hi * TWO32 + R.lo;
                const nd = delta + (zz % 2 === 0 ? zz / 2 : -(zz + 1) / 2);
                const nt = t + nd;
                if (!(nd < HALF_SAFE && nd > -HALF_SAFE && nt < HALF_SAFE && nt > -HALF_SAFE)) break;
                p = q;
                delta = nd;
                t = nt;
                out[i] = t;
                continue;
              }
              z |= b3 << 21;
              len = 4;
            }
          }
        }
        // |dod| < 2^27 here; the bounds keep every later sum exact.
        const nd = delta + ((z >>> 1) ^ -(z & 1));
        const nt = t + nd;
        if (!(nd < HALF_SAFE && nd > -HALF_SAFE && nt < HALF_SAFE && nt > -HALF_SAFE)) break;
        p += len;
        delta = nd;
        t = nt;
        out[i] = t;
      }
      if (i >= n) return;
      dd.ts = t;
      dd.delta = delta;
    }
    for (; i < n; i++) {
      // Inline 1- and 2-byte varints; longer ones take the general reader.
      if (p + 1 < end) {
        const b = bytes[p];
        if (b < 0x80) {
          out[i] = dd.small(b);
          p++;
          continue;
        }
        const b1 = bytes[p + 1];
        if (b1 < 0x80) {
          out[i] = dd.small((b & 0x7f) | (b1 << 7));
          p += 2;
          continue;
        }
      } else if (p < end && bytes[p] < 0x80) {
        out[i] = dd.small(bytes[p]);
        p++;
        continue;
      }
      p = readDodVarint(dd, bytes, p, end, out, i);
    }
  },
};

// Type feedback for every branch before V8 optimises (see primeCodec).
primeCodec(deltaTimestampCodec, primeTimestamps());
