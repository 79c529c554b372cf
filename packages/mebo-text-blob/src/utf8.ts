/**
 * UTF-8 for short strings. Values and tags are at most 255 bytes and mostly ASCII, where a plain
 * loop beats TextEncoder/TextDecoder (whose per-call overhead dominates at this size).
 */

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

/**
 * Writes `s` as UTF-8 at `pos` of `dst` (which must have room for 3 × s.length bytes) and returns
 * the byte count. Lone surrogates become U+FFFD, as TextEncoder does.
 */
export function writeUtf8(dst: Uint8Array, pos: number, s: string): number {
  const n = s.length;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x80) return encoder.encodeInto(s, dst.subarray(pos, pos + 3 * n)).written;
    dst[pos + i] = c;
  }
  return n;
}

/**
 * Text series repeat a few values ("INFO", "200 OK", versions) over and over. Values of 4 to
 * CACHE_MAX_LEN bytes go through a direct-mapped cache: the slot comes from the length and the
 * first and last four bytes, and each slot keeps a copy of the bytes it was made from next to the
 * string. A hit (all bytes equal, compared four at a time) returns the same string object: no
 * allocation, no decoding. The mapping bytes → string is fixed, so any value may be cached (ASCII
 * or not, valid UTF-8 or not) and a hit is exactly what decoding would have produced; a collision
 * only costs a miss. Memory is fixed (CACHE_SLOTS strings of ≤ CACHE_MAX_LEN bytes and their byte
 * copies, ~200 KiB), shared by all blobs, and holds no reference to any blob.
 */
const CACHE_BITS = 12;
const CACHE_SLOTS = 1 << CACHE_BITS;
/** Longest value (in bytes) the cache holds; longer ones are decoded every time. */
export const CACHE_MAX_LEN = 48;
const cacheStr: string[] = new Array<string>(CACHE_SLOTS).fill('');
/** Byte length of each slot's value; -1 = empty. */
const cacheLen = new Int32Array(CACHE_SLOTS).fill(-1);
/**
 * Admission: a miss caches its value only when the slot's previous miss had the same fingerprint
 * (length, first, middle and last four bytes), i.e. on the value's second sighting in a row at that
 * slot. Unique values (free text) then cost one Int32 store instead of a byte copy, and do not evict
 * the repeated values cached there.
 */
const cacheSeen = new Int32Array(CACHE_SLOTS);
const cacheBytes = new Uint8Array(CACHE_SLOTS * CACHE_MAX_LEN);
const cacheView = new DataView(cacheBytes.buffer);

/**
 * Decodes the `len` bytes at `pos` of `src` (`view` is a DataView over exactly `src`'s bytes).
 * Invalid sequences become U+FFFD and a leading U+FEFF is kept, exactly as
 * `new TextDecoder('utf-8', { ignoreBOM: true }).decode` does.
 */
export function readUtf8(src: Uint8Array, view: DataView, pos: number, len: number): string {
  // Only the cache probe is here, so that TurboFan inlines it into reader loops; misses and
  // values outside 4..CACHE_MAX_LEN bytes take `readUncached` / `cacheMiss`.
  if (len < 4 || len > CACHE_MAX_LEN) return readUncached(src, view, pos, len);
  const last = len - 4;
  const w0 = view.getInt32(pos, true);
  const wl = view.getInt32(pos + last, true);
  const h = Math.imul(w0 ^ Math.imul(wl ^ len, 0x85ebca6b), 0x9e3779b1);
  const slot = h >>> (32 - CACHE_BITS);
  const base = slot * CACHE_MAX_LEN;
  if (cacheLen[slot] === len && cacheView.getInt32(base, true) === w0 && cacheView.getInt32(base + last, true) === wl) {
    let k = 4;
    while (k < last && view.getInt32(pos + k, true) === cacheView.getInt32(base + k, true)) k += 4;
    if (k >= last) return cacheStr[slot];
  }
  return cacheMiss(src, view, pos, len, h, slot);
}

function cacheMiss(src: Uint8Array, view: DataView, pos: number, len: number, h: number, slot: number): string {
  const last = len - 4;
  const wl = view.getInt32(pos + last, true);
  let acc = view.getInt32(pos, true) | wl;
  for (let k = 4; k < last; k += 4) acc |= view.getInt32(pos + k, true);
  const str = (acc & 0x80808080) === 0 ? asciiString(src, pos, len) : decoder.decode(src.subarray(pos, pos + len));
  const seen = h ^ Math.imul(view.getInt32(pos + (last >> 1), true), 0xc2b2ae35);
  if (cacheSeen[slot] !== seen) {
    cacheSeen[slot] = seen;
    return str;
  }
  cacheLen[slot] = len;
  cacheStr[slot] = str;
  const base = slot * CACHE_MAX_LEN;
  for (let k = 0; k < last; k += 4) cacheView.setInt32(base + k, view.getInt32(pos + k, true), true);
  cacheView.setInt32(base + last, wl, true);
  return str;
}

/** Values of 0–3 bytes and over CACHE_MAX_LEN bytes. */
function readUncached(src: Uint8Array, view: DataView, pos: number, len: number): string {
  if (len < 4) {
    if (len === 0) return '';
    const a = src[pos];
    if (len === 1) {
      if (a < 0x80) return String.fromCharCode(a); // V8 keeps one-char strings interned
      return shortNonAscii(src, pos, 1, a);
    }
    const b = src[pos + 1];
    if (len === 2) return (a | b) < 0x80 ? String.fromCharCode(a) + String.fromCharCode(b) : shortNonAscii(src, pos, 2, a | (b << 8));
    const c = src[pos + 2];
    if ((a | b | c) < 0x80) return String.fromCharCode(a) + String.fromCharCode(b) + String.fromCharCode(c);
    return shortNonAscii(src, pos, 3, a | (b << 8) | (c << 16));
  }
  let acc = 0;
  let k = pos;
  for (const e = pos + len - 4; k <= e; k += 4) acc |= view.getInt32(k, true);
  for (const e = pos + len; k < e; k++) acc |= src[k];
  return (acc & 0x80808080) === 0 ? asciiString(src, pos, len) : decoder.decode(src.subarray(pos, pos + len));
}

/**
 * Values of 1–3 bytes with a byte ≥ 0x80 ("°", "✓", "中"): a small direct-mapped cache keyed by the
 * bytes themselves (length in the top byte), so the key comparison is exact.
 */
const SHORT_BITS = 8;
const shortKey = new Int32Array(1 << SHORT_BITS).fill(-1);
const shortStr: string[] = new Array<string>(1 << SHORT_BITS).fill('');

function shortNonAscii(src: Uint8Array, pos: number, len: number, bytes: number): string {
  const key = bytes | (len << 24);
  const slot = Math.imul(key, 0x9e3779b1) >>> (32 - SHORT_BITS);
  if (shortKey[slot] === key) return shortStr[slot];
  const str = decoder.decode(src.subarray(pos, pos + len));
  shortKey[slot] = key;
  shortStr[slot] = str;
  return str;
}

/**
 * Node's Buffer has a native latin1 slice that takes any Uint8Array and allocates nothing but the
 * string: about twice as fast as fromCharCode over a subarray. For ASCII bytes latin1 is exact.
 */
const latin1Slice = (globalThis as { Buffer?: { prototype: { latin1Slice?: unknown } } }).Buffer?.prototype.latin1Slice as
  | ((this: Uint8Array, start: number, end: number) => string)
  | undefined;

function asciiString(src: Uint8Array, pos: number, len: number): string {
  if (len <= 6) {
    // Short: concatenating single-char strings (V8 keeps them interned) beats any native call.
    let s = '';
    for (let i = 0; i < len; i++) s += String.fromCharCode(src[pos + i]);
    return s;
  }
  if (latin1Slice) return latin1Slice.call(src, pos, pos + len);
  return String.fromCharCode.apply(null, src.subarray(pos, pos + len) as unknown as number[]);
}

export function utf8Bytes(s: string): Uint8Array {
  return encoder.encode(s);
}
