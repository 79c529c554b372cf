import { MeboError, MeboErrorCode, truncated, writeUvarint } from '@mebo/format';
import type { ByteWriter } from '@mebo/format';

// The tag column (§3.10): per point, uvarint(byte length) then the UTF-8 bytes. No length limit.

const utf8 = new TextEncoder();
const utf8Decoder = new TextDecoder('utf-8');

/** Appends one tag record per string. */
export function encodeTags(tags: readonly string[], n: number, out: ByteWriter): void {
  for (let i = 0; i < n; i++) {
    const tag = tags[i];
    if (tag.length === 0) {
      out.u8(0);
      continue;
    }
    const bytes = utf8.encode(tag);
    out.ensure(10 + bytes.length);
    out.pos = writeUvarint(out.bytes, out.pos, bytes.length);
    out.bytes.set(bytes, out.pos);
    out.pos += bytes.length;
  }
}

/**
 * Decodes n tags from bytes[start..end) into out[0..n).
 * @throws MeboError TRUNCATED or CORRUPT_DATA; never reads outside the range.
 */
export function decodeTags(bytes: Uint8Array, start: number, end: number, n: number, out: string[]): void {
  let p = start;
  for (let i = 0; i < n; i++) {
    // uvarint inline: lengths beyond 2^31 cannot fit the payload anyway
    let len = 0;
    let shift = 0;
    for (;;) {
      if (p >= end) throw truncated(p, 1, 0);
      const b = bytes[p++];
      if (shift > 28) throw new MeboError(MeboErrorCode.CorruptData, 'tag length varint too long', p);
      len += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) break;
      shift += 7;
    }
    if (len > end - p) throw truncated(p, len, end - p);
    out[i] = len === 0 ? '' : utf8Decoder.decode(bytes.subarray(p, p + len));
    p += len;
  }
}
