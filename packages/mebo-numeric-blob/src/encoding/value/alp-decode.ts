import { MeboError, MeboErrorCode, truncated } from '@mebo/format';
import { u32Alias } from '../bits.js';
import { readU64s } from './raw.js';
import { readLsb } from './alp-pack.js';
import { MAX_EXPONENT, N10, P10, SCHEME_MAIN, SCHEME_RAW, SCHEME_RD, packedBytes } from './alp-shared.js';

/**
 * The ALP decoder (spec §5.4.2) with the open-time checks of §5.4.8, plus the ones Go leaves out
 * (e, f ≤ 18; width, rbw ≤ 64; exception positions < count), so hostile columns fail with
 * INVALID_ALP_COLUMN instead of reading out of range.
 */

const TWO32 = 0x1_0000_0000;
const TWO52 = 2 ** 52;
const dict = new Uint32Array(8);

/** A u32 at p, without a DataView (validation runs on every column at open). */
function u32(b: Uint8Array, p: number, le: boolean): number {
  return le ? (b[p] | (b[p + 1] << 8) | (b[p + 2] << 16) | (b[p + 3] << 24)) >>> 0 : ((b[p] << 24) | (b[p + 1] << 16) | (b[p + 2] << 8) | b[p + 3]) >>> 0;
}

function bad(what: string, offset: number): MeboError {
  return new MeboError(MeboErrorCode.InvalidALPColumn, `ALP column: ${what}`, offset);
}

/**
 * Checks an ALP column's structure without decoding it (spec §5.4.8, plus the extra range checks).
 * @throws MeboError INVALID_ALP_SCHEME, INVALID_ALP_COLUMN
 */
export function alpValidate(bytes: Uint8Array, start: number, end: number, n: number, littleEndian: boolean): void {
  const len = end - start;
  if (len === 0) {
    if (n === 0) return;
    throw truncated(start, 1, 0);
  }
  const scheme = bytes[start];
  const body = len - 1;
  if (scheme === SCHEME_MAIN) {
    if (body < 15) throw bad(`main header needs 15 bytes, ${body} left`, start);
    const e = bytes[start + 1];
    const f = bytes[start + 2];
    const width = bytes[start + 3];
    const nExc = u32(bytes, start + 4, littleEndian);
    if (e > MAX_EXPONENT || f > MAX_EXPONENT) throw bad(`exponents e=${e} f=${f} above ${MAX_EXPONENT}`, start);
    if (width > 64) throw bad(`width ${width} above 64`, start);
    const need = 15 + packedBytes(n, width) + 12 * nExc;
    if (body < need) throw bad(`main column needs ${need} bytes after the scheme byte, ${body} left`, start);
  } else if (scheme === SCHEME_RD) {
    if (body < 7) throw bad(`RD header needs 7 bytes, ${body} left`, start);
    const rbw = bytes[start + 1];
    const codeBits = bytes[start + 2];
    const nDict = bytes[start + 3];
    const nExc = u32(bytes, start + 4, littleEndian);
    if (nDict > 8) throw bad(`dictionary of ${nDict} entries (max 8)`, start);
    if (codeBits > 3) throw bad(`code width ${codeBits} above 3`, start);
    if (rbw > 64) throw bad(`right width ${rbw} above 64`, start);
    const need = 7 + 2 * nDict + packedBytes(n, codeBits) + packedBytes(n, rbw) + 6 * nExc;
    if (body < need) throw bad(`RD column needs ${need} bytes after the scheme byte, ${body} left`, start);
  } else if (scheme === SCHEME_RAW) {
    if (body < 8 * n) throw bad(`raw column needs ${8 * n} bytes after the scheme byte, ${body} left`, start);
  } else {
    throw new MeboError(MeboErrorCode.InvalidALPScheme, `ALP scheme ${scheme} (expected 0, 1 or 2)`, start);
  }
}

/** Decodes n values from a column that alpValidate accepted. */
export function alpDecode(bytes: Uint8Array, start: number, end: number, n: number, le: boolean, out: Float64Array): void {
  alpValidate(bytes, start, end, n, le);
  if (n === 0) return;
  const scheme = bytes[start];
  const dst = u32Alias(out, n);
  if (scheme === SCHEME_RAW) {
    readU64s(bytes, start + 1, n, le, dst);
  } else if (scheme === SCHEME_MAIN) {
    decodeMain(bytes, start, end, n, le, out, dst);
  } else {
    decodeRD(bytes, start, end, n, le, dst);
  }
}

function decodeMain(bytes: Uint8Array, start: number, end: number, n: number, le: boolean, out: Float64Array, dst: Uint32Array): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const e = bytes[start + 1];
  const f = bytes[start + 2];
  const width = bytes[start + 3];
  const nExc = view.getUint32(start + 4, le);
  let mnHi: number;
  let mnLo: number;
  if (le) {
    mnLo = view.getUint32(start + 8, true);
    mnHi = view.getInt32(start + 12, true);
  } else {
    mnHi = view.getInt32(start + 8, false);
    mnLo = view.getUint32(start + 12, false);
  }
  const pf = P10[f];
  const ie = N10[e];
  const codes = start + 16;
  const mn = mnHi * TWO32 + mnLo;
  if (width === 0) {
    const v = mn * pf * ie; // mn as a double is int64 → float64 (one rounding)
    for (let i = 0; i < n; i++) out[i] = v;
  } else if (width <= 32 && mn < TWO52 && mn > -TWO52) {
    // code < 2^32 and |min| < 2^52: the int64 sum is exact in a double and cannot wrap.
    for (let i = 0, bit = 0; i < n; i++, bit += width) out[i] = (readLsbQ(bytes, view, codes, end, bit, width) + mn) * pf * ie;
  } else {
    for (let i = 0, bit = 0; i < n; i++, bit += width) {
      let lo: number;
      let hi: number;
      if (width <= 32) {
        lo = readLsbQ(bytes, view, codes, end, bit, width);
        hi = 0;
      } else {
        lo = readLsbQ(bytes, view, codes, end, bit, 32);
        hi = readLsbQ(bytes, view, codes, end, bit + 32, width - 32);
      }
      // int64(code + min), wrapping, then int64 → double (the one rounding of hi·2^32 + lo).
      const sLo = lo + mnLo;
      const sHi = (hi + mnHi + (sLo >= TWO32 ? 1 : 0)) | 0;
      out[i] = (sHi * TWO32 + (sLo >>> 0)) * pf * ie;
    }
  }
  let p = codes + packedBytes(n, width);
  for (let k = 0; k < nExc; k++, p += 12) {
    const i = view.getUint32(p, le);
    if (i >= n) throw bad(`exception position ${i} ≥ count ${n}`, p);
    if (le) {
      dst[2 * i] = view.getUint32(p + 4, true);
      dst[2 * i + 1] = view.getUint32(p + 8, true);
    } else {
      dst[2 * i + 1] = view.getUint32(p + 4, false);
      dst[2 * i] = view.getUint32(p + 8, false);
    }
  }
}

function decodeRD(bytes: Uint8Array, start: number, end: number, n: number, le: boolean, dst: Uint32Array): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const rbw = bytes[start + 1];
  const codeBits = bytes[start + 2];
  const nDict = bytes[start + 3];
  const nExc = view.getUint32(start + 4, le);
  let p = start + 8;
  dict.fill(0); // codes past nDict read 0, as Go's fixed 8-entry table does
  for (let k = 0; k < nDict; k++, p += 2) dict[k] = view.getUint16(p, le);
  const leftBase = p;
  const rightBase = leftBase + packedBytes(n, codeBits);
  if (rbw > 32 && rbw < 64) {
    // The usual shape (full-precision doubles): the right part spans both halves; setRD inlined.
    const sh = rbw - 32;
    for (let i = 0, bit = 0; i < n; i++, bit += rbw) {
      const left = codeBits === 0 ? dict[0] : dict[readLsbQ(bytes, view, leftBase, end, i * codeBits, codeBits)];
      dst[2 * i] = readLsbQ(bytes, view, rightBase, end, bit, 32);
      dst[2 * i + 1] = (left << sh) | readLsbQ(bytes, view, rightBase, end, bit + 32, sh);
    }
  } else {
    for (let i = 0; i < n; i++) {
      const left = codeBits === 0 ? dict[0] : dict[readLsbQ(bytes, view, leftBase, end, i * codeBits, codeBits)];
      setRD(dst, i, left, bytes, view, rightBase, end, rbw);
    }
  }
  p = rightBase + packedBytes(n, rbw);
  for (let k = 0; k < nExc; k++, p += 6) {
    const i = view.getUint32(p, le);
    if (i >= n) throw bad(`exception position ${i} ≥ count ${n}`, p);
    setRD(dst, i, view.getUint16(p + 4, le), bytes, view, rightBase, end, rbw);
  }
}

/** dst[i] = frombits((left << rbw) | right_i), mod 2^64. */
function setRD(dst: Uint32Array, i: number, left: number, bytes: Uint8Array, view: DataView, base: number, end: number, rbw: number): void {
  let lo: number;
  let hi: number;
  if (rbw >= 32) {
    lo = readLsbQ(bytes, view, base, end, i * rbw, 32);
    const rHi = rbw === 32 ? 0 : readLsbQ(bytes, view, base, end, i * rbw + 32, rbw - 32);
    hi = rbw === 64 ? rHi : (left << (rbw - 32)) | rHi;
  } else {
    const r = rbw === 0 ? 0 : readLsbQ(bytes, view, base, end, i * rbw, rbw);
    lo = (rbw === 0 ? left : (left << rbw) | r) >>> 0;
    hi = rbw === 0 ? 0 : left >>> (32 - rbw);
  }
  dst[2 * i] = lo;
  dst[2 * i + 1] = hi >>> 0;
}

/**
 * readLsb with one range check: when the five bytes from the field's first byte are inside the
 * column, one little-endian word read (plus a byte) instead of four checked byte reads.
 */
function readLsbQ(b: Uint8Array, view: DataView, base: number, end: number, bitPos: number, w: number): number {
  const i = base + (bitPos >>> 3);
  if (i + 4 >= end) return readLsb(b, base, end, bitPos, w);
  const off = bitPos & 7;
  let v = view.getUint32(i, true) >>> off;
  if (off + w > 32) v |= b[i + 4] << (32 - off);
  return w === 32 ? v >>> 0 : v & ((1 << w) - 1);
}
