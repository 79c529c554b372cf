import { EncodingType, MeboError, MeboErrorCode } from '@mebo/format';
import type { ByteWriter } from '@mebo/format';
import { checkCount, checkOut, checkRange, u32Alias, primeCodec, primeValues } from '../bits.js';
import type { ValueCodec } from '../codec.js';
import { MsbReader, flushBits } from '../msb-bits.js';

/**
 * Gorilla values (0x3, spec §5.2): the first value's 64 bits, then per value the XOR with the
 * previous one: '0' if equal, '10' + the meaningful bits in the previous window, or '11' + leading:5
 * + (blockSize − 1):6 + blockSize bits. Leading zeros above 31 are clamped as Go does (the window
 * grows by the same amount on the trailing side).
 */

const reader = new MsbReader();

export const gorillaValueCodec: ValueCodec = {
  encoding: EncodingType.Gorilla,

  encode(values: Float64Array, n: number, out: ByteWriter): void {
    checkCount(n, values.length);
    if (n === 0) return;
    const src = u32Alias(values, n);
    out.ensure(n * 10 + 8); // at most 77 bits a value
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
    let pL = 0;
    let pT = 0;
    let pSize = 0; // 0: no window yet
    for (let i = 1; i < n; i++) {
      const lo = src[2 * i];
      const hi = src[2 * i + 1];
      const xLo = lo ^ prevLo;
      const xHi = hi ^ prevHi;
      prevLo = lo;
      prevHi = hi;
      let head = 0; // '0': the same value
      let headBits = 1;
      let sHi = 0;
      let sLo = 0;
      let size = 0;
      if (xLo !== 0 || xHi !== 0) {
        let L = xHi !== 0 ? Math.clz32(xHi) : 32 + Math.clz32(xLo);
        let T = xLo !== 0 ? 31 - Math.clz32(xLo & -xLo) : 63 - Math.clz32(xHi & -xHi);
        if (L > 31) {
          T -= L - 31;
          L = 31;
          if (T < 0) T = 0;
        }
        let shift: number;
        if (pSize > 0 && L >= pL && T >= pT) {
          head = 0b10;
          headBits = 2;
          shift = pT;
          size = pSize;
        } else {
          size = 64 - L - T;
          head = (0b11 << 11) | (L << 6) | (size - 1);
          headBits = 13;
          shift = T;
          pL = L;
          pT = T;
          pSize = size;
        }
        // the window: size bits of (xHi:xLo >> shift)
        if (shift === 0) {
          sHi = xHi;
          sLo = xLo;
        } else if (shift < 32) {
          sLo = (xLo >>> shift) | (xHi << (32 - shift));
          sHi = xHi >>> shift;
        } else {
          sLo = xHi >>> (shift - 32);
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
    const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
    let pos = start * 8;
    let hi = 0;
    let lo = 0;
    let i = 1;
    let trailing = -1; // −1: no window yet
    let size = 0;
    // Fast loop: while 128 bits remain, no value (at most 77 bits) nor its peeks (5 bytes from the
    // byte holding the read position) can leave the column, so bytes are read without checks; the
    // tail goes through the checked reader below.
    const fastEnd = end * 8 - 128;
    if (pos <= fastEnd) {
      hi = ((b[start] << 24) | (b[start + 1] << 16) | (b[start + 2] << 8) | b[start + 3]) >>> 0;
      lo = ((b[start + 4] << 24) | (b[start + 5] << 16) | (b[start + 6] << 8) | b[start + 7]) >>> 0;
      pos += 64;
      dst[0] = lo;
      dst[1] = hi;
      for (; i < n && pos <= fastEnd; i++) {
        let k = pos >>> 3;
        let off = pos & 7;
        // the 32 bits at pos (a signed int32: '0' control bit ⇔ w >= 0)
        let w = (dv.getInt32(k) << off) | (b[k + 4] >>> (8 - off));
        if (w < 0) {
          if ((w & 0x4000_0000) !== 0) {
            // '11' + leading:5 + (size − 1):6
            const leading = (w >>> 25) & 0x1f;
            size = ((w >>> 19) & 0x3f) + 1;
            trailing = 64 - leading - size;
            if (trailing < 0) throw new MeboError(MeboErrorCode.CorruptData, `gorilla window ${leading}+${size} exceeds 64 bits`, start);
            pos += 13;
          } else {
            if (trailing < 0) throw new MeboError(MeboErrorCode.CorruptData, 'gorilla window reused before one was defined', start);
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
        } else {
          pos += 1; // '0': same value
        }
        dst[2 * i] = lo;
        dst[2 * i + 1] = hi;
      }
      if (i >= n) return;
    }
    decodeTail(bytes, start, end, n, dst, i, pos, hi, lo, trailing, size);
  },
};

/**
 * The checked loop: values i..n from bit `pos` (or the whole column when i is 1), after the fast
 * loop. Kept out of `decode` so its rarely used branches cannot deoptimise the fast loop.
 */
function decodeTail(bytes: Uint8Array, start: number, end: number, n: number, dst: Uint32Array, i: number, pos: number, hi: number, lo: number, trailing: number, size: number): void {
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
    if (w >>> 31 === 0) {
      r.skip(1); // '0': same value
    } else {
      if (w >>> 30 === 3) {
        // '11' + leading:5 + (size − 1):6
        const leading = (w >>> 25) & 0x1f;
        size = ((w >>> 19) & 0x3f) + 1;
        r.skip(13);
        trailing = 64 - leading - size;
        if (trailing < 0) throw new MeboError(MeboErrorCode.CorruptData, `gorilla window ${leading}+${size} exceeds 64 bits`, start);
      } else {
        r.skip(2);
        if (trailing < 0) throw new MeboError(MeboErrorCode.CorruptData, 'gorilla window reused before one was defined', start);
      }
      const mHi = r.read64(size);
      const mLo = r.lo;
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
    }
    dst[2 * i] = lo;
    dst[2 * i + 1] = hi;
  }
}

// Type feedback for every branch before V8 optimises (see primeCodec).
primeCodec(gorillaValueCodec, primeValues());
