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

const ASCII_CHUNK = 64;

/** Decodes `len` bytes at `pos`; invalid sequences become U+FFFD (as Go's string→rune would show them). */
export function readUtf8(src: Uint8Array, pos: number, len: number): string {
  if (len === 0) return '';
  if (len <= ASCII_CHUNK) {
    let ascii = true;
    for (let i = 0; i < len; i++) {
      if (src[pos + i] >= 0x80) {
        ascii = false;
        break;
      }
    }
    if (ascii) {
      // fromCharCode over a subarray is one native call with no intermediate array.
      return String.fromCharCode.apply(null, src.subarray(pos, pos + len) as unknown as number[]);
    }
  }
  return decoder.decode(src.subarray(pos, pos + len));
}

export function utf8Bytes(s: string): Uint8Array {
  return encoder.encode(s);
}
