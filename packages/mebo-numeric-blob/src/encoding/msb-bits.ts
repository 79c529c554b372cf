import { truncated } from '@mebo/format';

/**
 * MSB-first bit streams for Gorilla and Chimp (spec §5.2): the first bit is bit 7 of byte 0 and the
 * last byte is zero-padded. The codecs write and read the stream in their own loops (bit
 * accumulator and peeks in locals); this checked reader serves the last bytes of a column, where a
 * worst-case value might cross its end.
 *
 * Reads an MSB-first stream inside bytes[start..end); never touches a byte outside that range.
 */
export class MsbReader {
  private bytes: Uint8Array = new Uint8Array(0);
  private pos = 0;
  private endBit = 0;
  private endByte = 0;

  reset(bytes: Uint8Array, start: number, end: number): void {
    this.bytes = bytes;
    this.pos = start * 8;
    this.endBit = end * 8;
    this.endByte = end;
  }

  /** Moves to an absolute bit position inside the range given to reset. */
  seek(bitPos: number): void {
    this.pos = bitPos;
  }

  /** The next 32 bits without consuming them; bits past the end read as 0. */
  peek32(): number {
    const pos = this.pos;
    const b = this.bytes;
    const i = pos >>> 3;
    const off = pos & 7;
    const e = this.endByte;
    let word: number;
    if (i + 4 < e) {
      word = (b[i] << 24) | (b[i + 1] << 16) | (b[i + 2] << 8) | b[i + 3];
      return (off === 0 ? word : (word << off) | (b[i + 4] >>> (8 - off))) >>> 0;
    }
    word = ((i < e ? b[i] : 0) << 24) | ((i + 1 < e ? b[i + 1] : 0) << 16) | ((i + 2 < e ? b[i + 2] : 0) << 8) | (i + 3 < e ? b[i + 3] : 0);
    return (word << off) >>> 0; // the fifth byte does not exist: its bits are 0
  }

  /** Consumes n bits already seen through peek32. @throws MeboError TRUNCATED */
  skip(n: number): void {
    const pos = this.pos;
    if (this.endBit - pos < n) throw truncated(pos >>> 3, (n + 7) >>> 3, (this.endBit - pos) >>> 3);
    this.pos = pos + n;
  }

  /** Reads n bits (1 ≤ n ≤ 32) as an unsigned number. @throws MeboError TRUNCATED */
  read(n: number): number {
    const pos = this.pos;
    if (this.endBit - pos < n) throw truncated(pos >>> 3, (n + 7) >>> 3, (this.endBit - pos) >>> 3);
    this.pos = pos + n;
    const b = this.bytes;
    const i = pos >>> 3;
    const off = pos & 7;
    const e = this.endByte;
    if (i + 4 < e) {
      // Fast path: five whole bytes are in range.
      const w = ((b[i] << 24) | (b[i + 1] << 16) | (b[i + 2] << 8) | b[i + 3]) << off;
      return off + n <= 32 ? w >>> (32 - n) : ((w >>> (32 - n)) | (b[i + 4] >>> (40 - off - n))) >>> 0;
    }
    const word = ((b[i] << 24) | ((i + 1 < e ? b[i + 1] : 0) << 16) | ((i + 2 < e ? b[i + 2] : 0) << 8) | (i + 3 < e ? b[i + 3] : 0)) << off;
    if (off + n <= 32) return word >>> (32 - n);
    // off + n > 32: the last (off + n − 32) bits come from a fifth byte, which the length check guarantees exists.
    const extra = off + n - 32;
    return ((word >>> (32 - n)) | (b[i + 4] >>> (8 - extra))) >>> 0;
  }

  readBit(): number {
    const pos = this.pos;
    if (pos >= this.endBit) throw truncated(pos >>> 3, 1, 0);
    this.pos = pos + 1;
    return (this.bytes[pos >>> 3] >>> (7 - (pos & 7))) & 1;
  }

  /** Reads n bits (1 ≤ n ≤ 64): returns the high half, leaves the low half in `lo`. */
  lo = 0;
  read64(n: number): number {
    if (n > 32) {
      const hi = this.read(n - 32);
      this.lo = this.read(32);
      return hi;
    }
    this.lo = this.read(n);
    return 0;
  }
}

/**
 * Writes the `cnt` (0 ≤ cnt < 32) pending bits of an MSB-first accumulator to buf[p..], the last
 * byte zero-padded, and returns the position after them. The codecs' encode loops end with it.
 */
export function flushBits(buf: Uint8Array, p: number, acc: number, cnt: number): number {
  let word = acc << (32 - cnt);
  while (cnt > 0) {
    buf[p++] = word >>> 24;
    word <<= 8;
    cnt -= 8;
  }
  return p;
}
