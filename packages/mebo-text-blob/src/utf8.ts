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
 * Text series repeat a few values ("INFO", "200 OK", versions) over and over. Short ASCII strings
 * go through a direct-mapped cache keyed by a hash of their length and a few bytes: a hit (verified
 * byte for byte) returns the same string object with no allocation.
 */
const CACHE_BITS = 12;
const CACHE_MAX_LEN = 48;
const cache: string[] = new Array<string>(1 << CACHE_BITS).fill('\u0000'.repeat(CACHE_MAX_LEN + 1));

/** Decodes `len` bytes at `pos`; invalid sequences become U+FFFD (as Go's string→rune would show them). */
export function readUtf8(src: Uint8Array, pos: number, len: number): string {
  if (len === 0) return '';
  if (len <= CACHE_MAX_LEN) {
    // Slot from the length and three sampled bytes; the byte-for-byte check below makes any
    // collision harmless (a miss), and a hit proves the bytes are ASCII (cached strings are).
    const end = pos + len;
    const h = Math.imul(len ^ (src[pos] << 8) ^ (src[end - 1] << 16) ^ (src[pos + (len >> 1)] << 24), 0x9e3779b1);
    const slot = h >>> (32 - CACHE_BITS);
    const hit = cache[slot];
    if (hit.length === len) {
      let i = 0;
      while (i < len && hit.charCodeAt(i) === src[pos + i]) i++;
      if (i === len) return hit;
    }
    let i = pos;
    while (i < end && src[i] < 0x80) i++;
    if (i === end) {
      const str = asciiString(src, pos, len);
      cache[slot] = str;
      return str;
    }
  }
  return decoder.decode(src.subarray(pos, pos + len));
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
