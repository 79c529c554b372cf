import { EncodingType, truncated } from '@mebo/format';
import type { ByteWriter } from '@mebo/format';
import { checkCount, checkOut, checkRange, primeCodec, primeTimestamps } from '../bits.js';
import type { TimestampCodec } from '../codec.js';
import { putFirst, putUvarintNumber, readDodVarint } from './delta.js';
import { DodDecoder, ZigzagDods } from './dod.js';
import { R, getUvarint64, putUvarint64 } from './int64.js';

/**
 * DeltaPacked timestamps (0x5, spec §4.3): the first two values exactly as Delta, then the
 * zigzagged delta-of-deltas in groups of four behind a control byte (2 bits per value, value 0 in
 * the low bits) giving each one's width (1, 2, 4 or 8 bytes, little-endian whatever the engine).
 */

const TWO32 = 0x1_0000_0000;
const HALF_SAFE = 2 ** 52;
const SAFE = 2 ** 53;
const MAX_SAFE = Number.MAX_SAFE_INTEGER;
const WIDTH = [1, 2, 4, 8] as const;
const zz = new ZigzagDods();
const dd = new DodDecoder();

export const deltaPackedTimestampCodec: TimestampCodec = {
  encoding: EncodingType.DeltaPacked,

  encode(ts: Float64Array, n: number, out: ByteWriter): void {
    checkCount(n, ts.length);
    if (n === 0) return;
    out.ensure(n * 9 + 24);
    const buf = out.bytes;
    zz.start(ts[0]);
    let p = putFirst(buf, out.pos, ts[0]);
    if (n > 1) {
      const z = zz.next(ts[1], 1);
      p = z >= 0 ? putUvarintNumber(buf, p, z) : putUvarint64(buf, p, R.hi, R.lo);
    }
    let ctl = 0;
    let i = 2;
    let j = 0;
    // Fast loop in locals while each timestamp is a safe integer, each delta below 2^53 and each
    // delta-of-delta below 2^30 in magnitude (a zigzag of at most 4 bytes); the rest goes through
    // ZigzagDods, from the same group position.
    if (n > 2) {
      let prev = ts[1];
      let prevDelta = ts[1] - ts[0]; // exact: ZigzagDods accepted both
      if (prevDelta < SAFE && prevDelta > -SAFE) {
        for (; i < n; i++, j = (j + 1) & 3) {
          const t = ts[i];
          if (!(t <= MAX_SAFE && t >= -MAX_SAFE && Math.floor(t) === t)) break; // a safe integer
          const delta = t - prev; // |delta| < 2^54; a result that rounded is at least 2^53 and leaves
          const dod = delta - prevDelta;
          if (!(delta < SAFE && delta > -SAFE && dod < 0x4000_0000 && dod > -0x4000_0000)) break;
          prev = t;
          prevDelta = delta;
          if (j === 0) {
            ctl = p++;
            buf[ctl] = 0;
          }
          const d = dod | 0;
          const z = (d << 1) ^ (d >> 31); // zigzag, below 2^31
          if (z <= 0xff) {
            buf[p++] = z;
          } else if (z <= 0xffff) {
            buf[p] = z;
            buf[p + 1] = z >>> 8;
            p += 2;
            buf[ctl] |= 1 << (2 * j);
          } else {
            buf[p] = z;
            buf[p + 1] = z >>> 8;
            buf[p + 2] = z >>> 16;
            buf[p + 3] = z >>> 24;
            p += 4;
            buf[ctl] |= 2 << (2 * j);
          }
        }
        zz.resume(prev, prevDelta);
      }
    }
    for (; i < n; i++, j = (j + 1) & 3) {
      if (j === 0) {
        ctl = p++;
        buf[ctl] = 0;
      }
      const z = zz.next(ts[i], i);
      let hi: number;
      let lo: number;
      if (z >= 0) {
        if (z <= 0xff) {
          buf[p++] = z;
          continue; // tag 0
        }
        if (z <= 0xffff) {
          buf[p] = z & 0xff;
          buf[p + 1] = z >>> 8;
          p += 2;
          buf[ctl] |= 1 << (2 * j);
          continue;
        }
        hi = Math.floor(z / TWO32);
        lo = z - hi * TWO32;
      } else {
        hi = R.hi;
        lo = R.lo;
      }
      if (hi === 0 && lo > 0xffff) {
        buf[p] = lo & 0xff;
        buf[p + 1] = (lo >>> 8) & 0xff;
        buf[p + 2] = (lo >>> 16) & 0xff;
        buf[p + 3] = lo >>> 24;
        p += 4;
        buf[ctl] |= 2 << (2 * j);
      } else if (hi === 0) {
        // Only reachable from the exact path with a small value.
        if (lo <= 0xff) {
          buf[p++] = lo;
        } else {
          buf[p] = lo & 0xff;
          buf[p + 1] = lo >>> 8;
          p += 2;
          buf[ctl] |= 1 << (2 * j);
        }
      } else {
        for (let k = 0; k < 4; k++) buf[p + k] = (lo >>> (8 * k)) & 0xff;
        for (let k = 0; k < 4; k++) buf[p + 4 + k] = (hi >>> (8 * k)) & 0xff;
        p += 8;
        buf[ctl] |= 3 << (2 * j);
      }
    }
    out.pos = p;
  },

  decode(bytes: Uint8Array, start: number, end: number, n: number, _littleEndian: boolean, out: Float64Array): void {
    checkRange(bytes, start, end);
    checkOut(out, n);
    if (n === 0) return;
    let p = getUvarint64(bytes, start, end);
    out[0] = dd.start(R.hi, R.lo);
    if (n === 1) return;
    p = readDodVarint(dd, bytes, p, end, out, 1);
    let i = 2;
    // Fast loop in locals over whole groups whose widths are 1, 2 or 4 bytes (no 8), while all 33
    // bytes a group can take are in range and the delta and timestamp stay inside ±2^52. A group
    // that fails any of this is left to the general loop below, from the DodDecoder's state.
    let t = dd.ts;
    let delta = dd.delta;
    if (t < HALF_SAFE && t > -HALF_SAFE && delta < HALF_SAFE && delta > -HALF_SAFE && dd.isFast()) {
      const lastGroup = n - 4;
      const fastEnd = end - 33;
      while (i <= lastGroup && p <= fastEnd) {
        const ctl = bytes[p];
        if ((ctl & (ctl >>> 1) & 0x55) !== 0) break; // an 8-byte width
        let q = p + 1;
        let t1 = t;
        let d1 = delta;
        let ok = true;
        for (let j = 0; j < 4; j++) {
          const tag = (ctl >>> (2 * j)) & 3;
          let z: number;
          if (tag === 0) {
            z = bytes[q];
            q++;
          } else if (tag === 1) {
            z = bytes[q] | (bytes[q + 1] << 8);
            q += 2;
          } else {
            z = (bytes[q] | (bytes[q + 1] << 8) | (bytes[q + 2] << 16) | (bytes[q + 3] << 24)) >>> 0;
            q += 4;
          }
          d1 += (z >>> 1) ^ -(z & 1); // unzigzag of a u32 fits an int32
          t1 += d1;
          if (!(d1 < HALF_SAFE && d1 > -HALF_SAFE && t1 < HALF_SAFE && t1 > -HALF_SAFE)) ok = false;
          out[i + j] = t1;
        }
        if (!ok) break;
        t = t1;
        delta = d1;
        p = q;
        i += 4;
      }
      dd.ts = t;
      dd.delta = delta;
    }
    while (i < n) {
      if (p >= end) throw truncated(p, 1, 0);
      const ctl = bytes[p++];
      const k = n - i < 4 ? n - i : 4;
      for (let j = 0; j < k; j++, i++) {
        const w = WIDTH[(ctl >>> (2 * j)) & 3];
        if (end - p < w) throw truncated(p, w, end - p);
        switch (w) {
          case 1:
            out[i] = dd.small(bytes[p]);
            break;
          case 2:
            out[i] = dd.small(bytes[p] | (bytes[p + 1] << 8));
            break;
          case 4:
            out[i] = dd.small((bytes[p] | (bytes[p + 1] << 8) | (bytes[p + 2] << 16) | (bytes[p + 3] << 24)) >>> 0);
            break;
          default: {
            const lo = (bytes[p] | (bytes[p + 1] << 8) | (bytes[p + 2] << 16) | (bytes[p + 3] << 24)) >>> 0;
            const hi = (bytes[p + 4] | (bytes[p + 5] << 8) | (bytes[p + 6] << 16) | (bytes[p + 7] << 24)) >>> 0;
            out[i] = hi < 0x20_0000 ? dd.small(hi * TWO32 + lo) : dd.exact(hi, lo);
          }
        }
        p += w;
      }
    }
  },
};

// Type feedback for every branch before V8 optimises (see primeCodec).
primeCodec(deltaPackedTimestampCodec, primeTimestamps());
