/**
 * UTF-8 for short strings. Values and tags are at most 255 bytes and mostly ASCII, where a plain
 * loop beats TextEncoder/TextDecoder (whose per-call overhead dominates at this size).
 */

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });
const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

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

/** UTF-8 byte length of `s` (lone surrogates count as the 3 bytes of U+FFFD). */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n += 4;
        i++;
      } else n += 3;
    } else n += 3;
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

/** True if the bytes are well-formed UTF-8 (manifests fall back to hex otherwise). */
export function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    strict.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

export function utf8Bytes(s: string): Uint8Array {
  return encoder.encode(s);
}
