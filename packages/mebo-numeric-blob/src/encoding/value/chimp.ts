import { EncodingType, MeboError, MeboErrorCode } from '@mebo/format';
import type { ByteWriter } from '@mebo/format';
import { checkCount, checkOut, checkRange, u32Alias, primeCodec, primeValues } from '../bits.js';
import type { ValueCodec } from '../codec.js';
import { MsbReader, flushBits } from '../msb-bits.js';

/**
 * Chimp values (0x4, spec §5.3): the first value's 64 bits, then per XOR a 2-bit flag:
 * 00 equal; 01 (more than 6 trailing zeros) bucket:3 + sig:6 + the significant bits; 10 the low
 * (64 − storedLeading) bits; 11 bucket:3 + the low (64 − roundedLeading) bits. Leading zeros are
 * rounded down to 0, 8, 12, 16, 18, 20, 22 or 24.
 */

const NONE = 65;
/** Bucket of a leading-zero count (0–64). */
const BUCKET = new Uint8Array(65);
/** Leading-zero count rounded down to its bucket's value. */
const ROUND = new Uint8Array(65);
const DECODE = [0, 8, 12, 16, 18, 20, 22, 24] as const;
const LEAD = Uint8Array.from(DECODE);
for (let lz = 0; lz <= 64; lz++) {
  let b = 0;
  while (b < 7 && DECODE[b + 1] <= lz) b++;
  BUCKET[lz] = b;
  ROUND[lz] = DECODE[b];
}

const reader = new MsbReader();

export const chimpValueCodec: ValueCodec = {
  encoding: EncodingType.Chimp,

  encode(values: Float64Array, n: number, out: ByteWriter): void {
    checkCount(n, values.length);
    if (n === 0) return;
    const src = u32Alias(values, n);
    out.ensure(n * 10 + 8); // at most 75 bits a value
    // The stream is written in 32-bit words through the writer's DataView (its bytes start at offset
    // 0 of the buffer); acc holds the cnt (0–31) pending bits, right-aligned, and is 0 when cnt is 0.
    const dv = out.view;
    let p = out.pos;
    let prevLo = src[0];
    let prevHi = src[1];
    dv.setUint32(p, prevHi);
    dv.setUint32(p + 4, prevLo);
    p += 8;
    let acc = 0;
    let cnt = 0;
    let stored = NONE;
    for (let i = 1; i < n; i++) {
      const lo = src[2 * i];
      const hi = src[2 * i + 1];
      const xLo = lo ^ prevLo;
      const xHi = hi ^ prevHi;
      prevLo = lo;
      prevHi = hi;
      let head = 0; // '00': the same value
      let headBits = 2;
      let sHi = xHi;
      let sLo = xLo;
      let size = 0;
      if (xLo === 0 && xHi === 0) {
        stored = NONE;
      } else {
        const lz = xHi !== 0 ? Math.clz32(xHi) : 32 + Math.clz32(xLo);
        const tz = xLo !== 0 ? 31 - Math.clz32(xLo & -xLo) : 63 - Math.clz32(xHi & -xHi);
        const lr = ROUND[lz];
        if (tz > 6) {
          size = 64 - lr - tz; // ≥ 1: tz > 6 leaves room (Go clamps a non-positive one to 1)
          head = (1 << 9) | (BUCKET[lz] << 6) | (size & 0x3f);
          headBits = 11;
          if (tz < 32) {
            sLo = (xLo >>> tz) | (xHi << (32 - tz));
            sHi = xHi >>> tz;
          } else {
            sLo = xHi >>> (tz - 32);
            sHi = 0;
          }
          stored = NONE;
        } else if (lr === stored) {
          head = 0b10;
          size = 64 - lr;
        } else {
          stored = lr;
          head = (0b11 << 3) | BUCKET[lz];
          headBits = 5;
          size = 64 - lr;
        }
      }
      // One path for every case (rarely taken branches with calls would deoptimise the loop).
      // The head and the window's high part go in one put when they fit 32 bits (the usual case).
      let v: number;
      let k: number;
      if (size > 32) {
        k = size - 32;
        v = sHi & (0xffff_ffff >>> (32 - k));
      } else {
        k = size;
        v = size === 32 ? sLo : sLo & ((1 << size) - 1);
      }
      let t: number;
      if (headBits + k <= 32) {
        v = (head << k) | v;
        k += headBits;
      } else {
        // put(head, headBits)
        t = cnt + headBits;
        if (t < 32) {
          acc = (acc << headBits) | head;
          cnt = t;
        } else {
          t -= 32;
          dv.setInt32(p, (acc << (32 - cnt)) | (head >>> t));
          p += 4;
          acc = t === 0 ? 0 : head & ((1 << t) - 1);
          cnt = t;
        }
      }
      // put(v, k)
      t = cnt + k;
      if (t < 32) {
        acc = (acc << k) | v;
        cnt = t;
      } else {
        t -= 32;
        dv.setInt32(p, (acc << (32 - cnt)) | (v >>> t));
        p += 4;
        acc = t === 0 ? 0 : v & ((1 << t) - 1);
        cnt = t;
      }
      if (size > 32) {
        // put(sLo, 32)
        dv.setInt32(p, (acc << (32 - cnt)) | (sLo >>> cnt));
        p += 4;
        acc = cnt === 0 ? 0 : sLo & ((1 << cnt) - 1);
      }
    }
    out.pos = flushBits(out.bytes, p, acc, cnt);
  },

  decode(bytes: Uint8Array, start: number, end: number, n: number, _littleEndian: boolean, out: Float64Array): void {
    checkRange(bytes, start, end);
    checkOut(out, n);
    if (n === 0) return;
    const dst = u32Alias(out, n);
    const b = bytes;
    let pos = start * 8;
    let hi = 0;
    let lo = 0;
    let i = 1;
    let stored = NONE;
    // Fast loop: while 128 bits remain, no value (at most 75 bits) nor its peeks (5 bytes from the
    // byte holding the read position) can leave the column, so bytes are read without checks; the
    // tail goes through the checked reader below.
    const fastEnd = end * 8 - 128;
    if (pos <= fastEnd) {
      const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
      hi = dv.getUint32(start);
      lo = dv.getUint32(start + 4);
      pos += 64;
      dst[0] = lo;
      dst[1] = hi;
      for (; i < n && pos <= fastEnd; i++) {
        let k = pos >>> 3;
        let off = pos & 7;
        let w = (dv.getInt32(k) << off) | (b[k + 4] >>> (8 - off));
        const flag = w >>> 30;
        let size = 0;
        let trailing = 0;
        if (flag === 0) {
          pos += 2;
          stored = NONE;
          dst[2 * i] = lo;
          dst[2 * i + 1] = hi;
          continue;
        } else if (flag === 1) {
          // '01' + bucket:3 + sig:6
          const lead = LEAD[(w >>> 27) & 7];
          size = (w >>> 21) & 0x3f;
          if (size === 0) size = 64;
          trailing = 64 - lead - size;
          if (trailing < 0) throw new MeboError(MeboErrorCode.CorruptData, `chimp window ${lead}+${size} exceeds 64 bits`, start);
          pos += 11;
          stored = NONE;
        } else if (flag === 3) {
          stored = LEAD[(w >>> 27) & 7];
          size = 64 - stored;
          pos += 5;
        } else {
          if (stored === NONE) throw new MeboError(MeboErrorCode.CorruptData, 'chimp flag 10 without a stored leading-zero count', start);
          size = 64 - stored;
          pos += 2;
        }
        k = pos >>> 3;
        off = pos & 7;
        w = (dv.getInt32(k) << off) | (b[k + 4] >>> (8 - off));
        let mHi = 0;
        let mLo: number;
        if (size <= 32) {
          mLo = w >>> (32 - size);
        } else {
          mHi = w >>> (64 - size);
          const q = pos + size - 32;
          k = q >>> 3;
          off = q & 7;
          mLo = (dv.getInt32(k) << off) | (b[k + 4] >>> (8 - off));
        }
        pos += size;
        // prev ^= meaningful << trailing
        if (trailing === 0) {
          hi ^= mHi;
          lo ^= mLo;
        } else if (trailing < 32) {
          hi ^= (mHi << trailing) | (mLo >>> (32 - trailing));
          lo ^= mLo << trailing;
        } else {
          hi ^= mLo << (trailing - 32);
        }
        hi >>>= 0;
        lo >>>= 0;
        dst[2 * i] = lo;
        dst[2 * i + 1] = hi;
      }
      if (i >= n) return;
    }
    decodeTail(bytes, start, end, n, dst, i, pos, hi, lo, stored);
  },
};

/**
 * The checked loop: values i..n from bit `pos` (or the whole column when i is 1), after the fast
 * loop. Kept out of `decode` so its rarely used branches cannot deoptimise the fast loop.
 */
function decodeTail(bytes: Uint8Array, start: number, end: number, n: number, dst: Uint32Array, i: number, pos: number, hi: number, lo: number, stored: number): void {
  const r = reader;
  r.reset(bytes, start, end);
  if (i === 1) {
    hi = r.read(32);
    lo = r.read(32);
    dst[0] = lo;
    dst[1] = hi;
  } else {
    r.seek(pos);
  }
  for (; i < n; i++) {
    const w = r.peek32();
    const flag = w >>> 30;
    if (flag === 0) {
      r.skip(2);
      stored = NONE;
    } else if (flag === 1) {
      // '01' + bucket:3 + sig:6
      const lead = DECODE[(w >>> 27) & 7];
      let sig = (w >>> 21) & 0x3f;
      if (sig === 0) sig = 64;
      r.skip(11);
      const trailing = 64 - lead - sig;
      if (trailing < 0) throw new MeboError(MeboErrorCode.CorruptData, `chimp window ${lead}+${sig} exceeds 64 bits`, start);
      const mHi = r.read64(sig);
      const mLo = r.lo;
      if (trailing === 0) {
        hi ^= mHi;
        lo ^= mLo;
      } else if (trailing < 32) {
        hi ^= (mHi << trailing) | (mLo >>> (32 - trailing));
        lo ^= mLo << trailing;
      } else {
        hi ^= mLo << (trailing - 32);
      }
      hi >>>= 0;
      lo >>>= 0;
      stored = NONE;
    } else {
      if (flag === 3) {
        stored = DECODE[(w >>> 27) & 7];
        r.skip(5);
      } else {
        if (stored === NONE) throw new MeboError(MeboErrorCode.CorruptData, 'chimp flag 10 without a stored leading-zero count', start);
        r.skip(2);
      }
      const mHi = r.read64(64 - stored);
      hi = (hi ^ mHi) >>> 0;
      lo = (lo ^ r.lo) >>> 0;
    }
    dst[2 * i] = lo;
    dst[2 * i + 1] = hi;
  }
}

// Type feedback for every branch before V8 optimises (see primeCodec).
primeCodec(chimpValueCodec, primeValues());
