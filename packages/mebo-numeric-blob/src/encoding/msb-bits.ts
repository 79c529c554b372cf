import { truncated } from '@mebo/format';
import type { ByteWriter } from '@mebo/format';

/**
 * MSB-first bit streams for Gorilla and Chimp (spec §5.2): the first bit is bit 7 of byte 0 and the
 * last byte is zero-padded. Specialised over @mebo/format's BitWriter/BitReader: a 32-bit
 * accumulator written straight into the ByteWriter's buffer, one bounds check per column.
 */
export class MsbWriter {
  private buf: Uint8Array = new Uint8Array(0);
  private p = 0;
  /** Pending bits, right-aligned. */
  private acc = 0;
  /** How many bits `acc` holds (0–31). */
  private cnt = 0;

  /** Starts a stream at out.pos, with room for maxBytes. */
  begin(out: ByteWriter, maxBytes: number): void {
    out.ensure(maxBytes);
    this.buf = out.bytes;
    this.p = out.pos;
    this.acc = 0;
    this.cnt = 0;
  }

  /** Appends the low n bits of v (1 ≤ n ≤ 32; v must not have bits above n). */
  put(v: number, n: number): void {
    const room = 32 - this.cnt;
    if (n < room) {
      this.acc = (this.acc << n) | v;
      this.cnt += n;
      return;
    }
    const rest = n - room;
    const word = room === 32 ? v : (this.acc << room) | (v >>> rest);
    const b = this.buf;
    const p = this.p;
    b[p] = word >>> 24;
    b[p + 1] = (word >>> 16) & 0xff;
    b[p + 2] = (word >>> 8) & 0xff;
    b[p + 3] = word & 0xff;
    this.p = p + 4;
    this.acc = rest === 0 ? 0 : v & ((1 << rest) - 1);
    this.cnt = rest;
  }

  /** Appends the low n bits (1 ≤ n ≤ 64) of hi:lo. */
  put64(hi: number, lo: number, n: number): void {
    if (n > 32) {
      this.put((hi & (0xffff_ffff >>> (64 - n))) >>> 0, n - 32);
      this.put(lo >>> 0, 32);
    } else {
      this.put(n === 32 ? lo >>> 0 : lo & ((1 << n) - 1), n);
    }
  }

  /** Pads the last byte with zeros and advances out.pos past the stream. */
  end(out: ByteWriter): void {
    let c = this.cnt;
    if (c > 0) {
      let word = this.acc << (32 - c);
      const b = this.buf;
      let p = this.p;
      while (c > 0) {
        b[p++] = word >>> 24;
        word <<= 8;
        c -= 8;
      }
      this.p = p;
    }
    out.pos = this.p;
    this.acc = 0;
    this.cnt = 0;
  }
}

/** Reads an MSB-first stream inside bytes[start..end); never touches a byte outside that range. */
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
