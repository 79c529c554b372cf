import type { ByteWriter } from '@mebo/format';
import { u32Alias } from '../bits.js';
import { writeU64s } from './raw.js';
import { LsbPacker } from './alp-pack.js';
import { MAX_EXPONENT, N10, P10, SCHEME_MAIN, SCHEME_RAW, SCHEME_RD, alpDigit, bitlen64, packedBytes } from './alp-shared.js';

/**
 * The ALP encoder (spec §5.4.3–§5.4.7): (e,f) search on a strided sample, the main pass over all
 * values, the RD plan, then the smallest of main / RD / raw. Digits are integer-valued doubles
 * (exact int64s); 64-bit differences go through 32-bit halves.
 */

const TWO32 = 0x1_0000_0000;
const SAFE = 2 ** 53;
const MAIN_HEADER_BITS = 120;
const RD_HEADER_BITS = 56;
const MAX_DICT = 8;

// Scratch reused across columns (grown on demand, never shrunk).
let digits = new Float64Array(256);
let excPos = new Uint32Array(256);
const counts = new Uint32Array(65536);
let touched = new Uint32Array(256);
const sampleVals = new Float64Array(64);
const sampleHi = new Uint32Array(64);
const sampleScaled = new Float64Array(64);
const TWO51 = 2 ** 51;
const MAGIC = 6755399441055744.0;
const packer = new LsbPacker();

// Results of the helpers below (module registers: no allocation).
let mainMin = 0;
let mainWidth = 0;
let mainExc = 0;
const dict = new Uint32Array(MAX_DICT);
const dictCnt = new Uint32Array(MAX_DICT);
let nDict = 0;
let covered = 0;

/** Appends the ALP column for values[0..n) (n ≥ 1). */
export function alpEncode(values: Float64Array, n: number, out: ByteWriter): void {
  const bits = u32Alias(values, n);
  const stride = n > 32 ? Math.floor(n / 32) : 1;
  let ns = 0;
  for (let i = 0; i < n; i += stride) {
    sampleVals[ns] = values[i];
    sampleHi[ns] = bits[2 * i + 1];
    ns++;
  }
  const ef = bestEF(ns);
  const e = ef >>> 8;
  const f = ef & 0xff;
  const mainOk = mainPass(values, n, e, f);
  const mainBits = mainOk ? MAIN_HEADER_BITS + n * mainWidth + mainExc * 96 : Infinity;
  const rawBits = n * 64;
  if (mainOk && mainExc === 0 && mainBits <= rawBits) {
    writeMain(values, n, e, f, out);
    return;
  }
  const rbw = bestCut(ns);
  buildDict(bits, n, rbw);
  const codeBits = nDict <= 1 ? 1 : 32 - Math.clz32(nDict - 1);
  const rdBits = RD_HEADER_BITS + nDict * 16 + n * codeBits + n * rbw + (n - covered) * 48;
  if (mainOk && mainBits <= rdBits && mainBits <= rawBits) {
    writeMain(values, n, e, f, out);
  } else if (rdBits <= rawBits) {
    writeRD(bits, n, rbw, codeBits, n - covered, out);
  } else {
    out.ensure(1 + 8 * n);
    out.bytes[out.pos++] = SCHEME_RAW;
    writeU64s(out.view, out.pos, bits, n, out.littleEndian);
    out.pos += 8 * n;
  }
}

/** The (e,f) search over the sample: returns e << 8 | f. Ties keep the earlier pair. */
function bestEF(ns: number): number {
  let best = Infinity;
  let bestE = 0;
  let bestF = 0;
  // Speed only: the previous column's pair gives an upper bound X on the minimum, so any pair whose
  // partial estimate exceeds X can be dropped early. The scan below still picks the first pair (in
  // Go's order) with the smallest estimate, as Go does.
  let limit = sampleEstimate(ns, lastE, lastF) + 1;
  for (let e = 0; e <= MAX_EXPONENT; e++) {
    const pe = P10[e];
    const ie = N10[e];
    // (v × 10^e) is shared by every f of this e; the product order stays (v × P[e]) × N[f].
    for (let k = 0; k < ns; k++) sampleScaled[k] = sampleVals[k] * pe;
    for (let f = 0; f <= e; f++) {
      const pf = P10[f];
      const inf = N10[f];
      let nExc = 0;
      let mn = Infinity;
      let mx = -Infinity;
      let pruned = false;
      for (let k = 0; k < ns; k++) {
        const v = sampleVals[k];
        const s = sampleScaled[k] * inf;
        const d = s < TWO51 && s > -TWO51 ? s + MAGIC - MAGIC : alpDigit(s);
        // d is NaN on failure, and NaN * … !== v, so one comparison covers both cases (value compare: −0 === 0).
        if (d * pf * ie !== v) {
          nExc++;
          // est ≥ nExc × 96 already: this pair cannot be strictly better (Go prunes the same way).
          if (nExc * 96 >= limit) {
            pruned = true;
            break;
          }
          continue;
        }
        if (d < mn || d > mx) {
          if (d < mn) mn = d;
          if (d > mx) mx = d;
          // Width only grows as the scan goes on: once ns × width + nExc × 96 reaches best, this pair cannot win.
          if (ns * rangeBits(mn, mx) + nExc * 96 >= limit) {
            pruned = true;
            break;
          }
        }
      }
      if (pruned) continue;
      const width = nExc < ns ? rangeBits(mn, mx) : 0;
      const est = ns * width + nExc * 96;
      if (est < best) {
        best = est;
        if (best < limit) limit = best;
        bestE = e;
        bestF = f;
      }
    }
  }
  lastE = bestE;
  lastF = bestF;
  return (bestE << 8) | bestF;
}

/** The previous column's choice (a hint for the next search's bound; never changes its result). */
let lastE = 0;
let lastF = 0;

/** The sample estimate ns × width + nExc × 96 of one (e,f) pair, unpruned. */
function sampleEstimate(ns: number, e: number, f: number): number {
  const pe = P10[e];
  const ie = N10[e];
  const pf = P10[f];
  const inf = N10[f];
  let nExc = 0;
  let mn = Infinity;
  let mx = -Infinity;
  for (let k = 0; k < ns; k++) {
    const v = sampleVals[k];
    const d = alpDigit(v * pe * inf);
    if (d * pf * ie !== v) {
      nExc++;
      continue;
    }
    if (d < mn) mn = d;
    if (d > mx) mx = d;
  }
  return ns * (nExc < ns ? rangeBits(mn, mx) : 0) + nExc * 96;
}

/** bitlen(u64(mx − mn)) for integer-valued doubles mn ≤ mx within ±9.2e18. */
function rangeBits(mn: number, mx: number): number {
  const r = mx - mn;
  if (r < SAFE) return r < TWO32 ? 32 - Math.clz32(r) : 64 - Math.clz32(Math.floor(r / TWO32));
  // Exact: split both and subtract with borrow.
  const aHi = Math.floor(mx / TWO32);
  const aLo = mx - aHi * TWO32;
  const bHi = Math.floor(mn / TWO32);
  const bLo = mn - bHi * TWO32;
  const lo = aLo - bLo;
  const hi = aHi - bHi - (lo < 0 ? 1 : 0);
  return bitlen64(hi >>> 0, lo >>> 0);
}

/** The main pass with (e,f) over all values: digits, exceptions, min, width. False if every value is an exception. */
function mainPass(values: Float64Array, n: number, e: number, f: number): boolean {
  if (digits.length < n) {
    digits = new Float64Array(Math.max(n, digits.length * 2));
    excPos = new Uint32Array(digits.length);
  }
  const pe = P10[e];
  const ie = N10[e];
  const pf = P10[f];
  const inf = N10[f];
  let nExc = 0;
  let mn = Infinity;
  let mx = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    const d = alpDigit(v * pe * inf);
    const back = d * pf * ie;
    // Bit comparison: equal values with equal signs of zero (NaN d gives NaN back, never equal).
    if (back !== v || (back === 0 && 1 / back !== 1 / v)) {
      excPos[nExc++] = i;
      continue;
    }
    digits[i] = d;
    if (d < mn) mn = d;
    if (d > mx) mx = d;
  }
  mainExc = nExc;
  if (nExc === n) return false;
  mainMin = mn;
  mainWidth = rangeBits(mn, mx);
  return true;
}

function writeMain(values: Float64Array, n: number, e: number, f: number, out: ByteWriter): void {
  const width = mainWidth;
  const nExc = mainExc;
  const mn = mainMin;
  out.ensure(16 + packedBytes(n, width) + 8 + nExc * 12);
  const b = out.bytes;
  const view = out.view;
  const le = out.littleEndian;
  let p = out.pos;
  b[p] = SCHEME_MAIN;
  b[p + 1] = e;
  b[p + 2] = f;
  b[p + 3] = width;
  view.setUint32(p + 4, nExc, le);
  const mnHi = Math.floor(mn / TWO32);
  const mnLo = mn - mnHi * TWO32;
  putU64(view, p + 8, mnHi >>> 0, mnLo, le);
  p += 16;
  if (width > 0) {
    // Exception slots carry code 0.
    for (let k = 0; k < nExc; k++) digits[excPos[k]] = mn;
    const pk = packer;
    pk.begin(b, p);
    if (width <= 32) {
      for (let i = 0; i < n; i++) pk.put(digits[i] - mn, width);
    } else if (width <= 52) {
      for (let i = 0; i < n; i++) {
        const c = digits[i] - mn;
        const hi = Math.floor(c / TWO32);
        pk.put(c - hi * TWO32, 32);
        pk.put(hi, width - 32);
      }
    } else {
      for (let i = 0; i < n; i++) {
        const d = digits[i];
        const dHi = Math.floor(d / TWO32);
        const lo = d - dHi * TWO32 - mnLo;
        const hi = (dHi - mnHi - (lo < 0 ? 1 : 0)) >>> 0;
        pk.put(lo >>> 0, 32);
        pk.put(width === 64 ? hi : hi & (0xffff_ffff >>> (64 - width)), width - 32);
      }
    }
    p = pk.end();
  }
  if (nExc > 0) {
    const src = u32Alias(values, n);
    for (let k = 0; k < nExc; k++) {
      const i = excPos[k];
      view.setUint32(p, i, le);
      putU64(view, p + 4, src[2 * i + 1], src[2 * i], le);
      p += 12;
    }
  }
  out.pos = p;
}

function putU64(view: DataView, p: number, hi: number, lo: number, le: boolean): void {
  if (le) {
    view.setUint32(p, lo, true);
    view.setUint32(p + 4, hi, true);
  } else {
    view.setUint32(p, hi, false);
    view.setUint32(p + 4, lo, false);
  }
}

/** Keeps the 8 best (count desc, left asc) of one (left, count) candidate in dict/dictCnt. */
function top8Insert(l: number, c: number): void {
  let i = nDict;
  while (i > 0 && (dictCnt[i - 1] < c || (dictCnt[i - 1] === c && dict[i - 1] > l))) {
    if (i < MAX_DICT) {
      dict[i] = dict[i - 1];
      dictCnt[i] = dictCnt[i - 1];
    }
    i--;
  }
  if (i < MAX_DICT) {
    dict[i] = l;
    dictCnt[i] = c;
    if (nDict < MAX_DICT) nDict++;
  }
}

function sumCovered(): number {
  let s = 0;
  for (let i = 0; i < nDict; i++) s += dictCnt[i];
  return s;
}

// Distinct lefts of the sample at one cut (≤ 63 of them).
const cutLefts = new Uint32Array(64);
const cutCnts = new Uint32Array(64);

/** The RD cut on the sample: the rbw in [48, 63] with the smallest estimate (first one on ties). */
function bestCut(ns: number): number {
  let best = Infinity;
  let rbw = 63;
  for (let i = 1; i <= 16; i++) {
    const r = 64 - i;
    const sh = 32 - i; // left = bits >> r = hi >>> (r − 32)
    let m = 0;
    for (let k = 0; k < ns; k++) {
      const l = sampleHi[k] >>> sh;
      let j = 0;
      while (j < m && cutLefts[j] !== l) j++;
      if (j === m) {
        cutLefts[m] = l;
        cutCnts[m] = 1;
        m++;
      } else {
        cutCnts[j]++;
      }
    }
    nDict = 0;
    for (let j = 0; j < m; j++) top8Insert(cutLefts[j], cutCnts[j]);
    const ex = ns - sumCovered();
    const codeBits = nDict <= 1 ? 1 : 32 - Math.clz32(nDict - 1);
    const total = RD_HEADER_BITS + nDict * 16 + ns * codeBits + ns * r + ex * 48;
    if (total < best) {
      best = total;
      rbw = r;
    }
  }
  return rbw;
}

/** The dictionary over all n patterns at rbw (sets dict, nDict, covered). */
function buildDict(bits: Uint32Array, n: number, rbw: number): void {
  const sh = rbw - 32;
  if (touched.length < Math.min(n, 65536)) touched = new Uint32Array(Math.min(Math.max(n, touched.length * 2), 65536));
  let m = 0;
  for (let i = 0; i < n; i++) {
    const l = bits[2 * i + 1] >>> sh;
    if (counts[l]++ === 0) touched[m++] = l;
  }
  nDict = 0;
  for (let j = 0; j < m; j++) {
    const l = touched[j];
    top8Insert(l, counts[l]);
    counts[l] = 0;
  }
  covered = sumCovered();
}

function writeRD(bits: Uint32Array, n: number, rbw: number, codeBits: number, nExc: number, out: ByteWriter): void {
  out.ensure(8 + 2 * nDict + packedBytes(n, codeBits) + packedBytes(n, rbw) + 8 + 6 * nExc);
  const b = out.bytes;
  const view = out.view;
  const le = out.littleEndian;
  let p = out.pos;
  b[p] = SCHEME_RD;
  b[p + 1] = rbw;
  b[p + 2] = codeBits;
  b[p + 3] = nDict;
  view.setUint32(p + 4, nExc, le);
  p += 8;
  for (let k = 0; k < nDict; k++, p += 2) view.setUint16(p, dict[k], le);
  const sh = rbw - 32;
  const pk = packer;
  pk.begin(b, p);
  for (let i = 0; i < n; i++) {
    const l = bits[2 * i + 1] >>> sh;
    let c = 0;
    while (c < nDict && dict[c] !== l) c++;
    pk.put(c === nDict ? 0 : c, codeBits);
  }
  p = pk.end();
  pk.begin(b, p);
  const hiMask = sh === 0 ? 0 : 0xffff_ffff >>> (32 - sh);
  for (let i = 0; i < n; i++) {
    pk.put(bits[2 * i], 32);
    pk.put((bits[2 * i + 1] & hiMask) >>> 0, sh);
  }
  p = pk.end();
  if (nExc > 0) {
    for (let i = 0; i < n; i++) {
      const l = bits[2 * i + 1] >>> sh;
      let c = 0;
      while (c < nDict && dict[c] !== l) c++;
      if (c < nDict) continue;
      view.setUint32(p, i, le);
      view.setUint16(p + 4, l, le);
      p += 6;
    }
  }
  out.pos = p;
}
