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
 * go through a direct-mapped cache keyed by an FNV-1a hash of their bytes: a hit (verified
 * byte for byte) returns the same string object with no allocation.
 */
const CACHE_BITS = 12;
const CACHE_MASK = (1 << CACHE_BITS) - 1;
const CACHE_MAX_LEN = 48;
const cache: string[] = new Array<string>(1 << CACHE_BITS).fill('\u0000'.repeat(CACHE_MAX_LEN + 1));

/** Decodes `len` bytes at `pos`; invalid sequences become U+FFFD (as Go's string→rune would show them). */
export function readUtf8(src: Uint8Array, pos: number, len: number): string {
  if (len === 0) return '';
  if (len <= CACHE_MAX_LEN) {
    let h = 0x811c9dc5 ^ len;
    let ascii = true;
    for (let i = 0; i < len; i++) {
      const c = src[pos + i];
      if (c >= 0x80) {
        ascii = false;
        break;
      }
      h = Math.imul(h ^ c, 0x01000193);
    }
    if (ascii) {
      const slot = (h ^ (h >>> CACHE_BITS)) & CACHE_MASK;
      const hit = cache[slot];
      if (hit.length === len) {
        let i = 0;
        while (i < len && hit.charCodeAt(i) === src[pos + i]) i++;
        if (i === len) return hit;
      }
      // fromCharCode over a subarray is one native call with no intermediate array.
      const str = String.fromCharCode.apply(null, src.subarray(pos, pos + len) as unknown as number[]);
      cache[slot] = str;
      return str;
    }
  }
  return decoder.decode(src.subarray(pos, pos + len));
}

export function utf8Bytes(s: string): Uint8Array {
  return encoder.encode(s);
}
