/**
 * An MSB-first bit stream, as mebo's Gorilla and Chimp columns use: the first bit written is bit 7
 * of byte 0, and the last byte is zero-padded. Values of up to 32 bits per call keep it BigInt-free;
 * 64-bit words go as two calls (high half first).
 */
export class BitWriter {
  bytes: Uint8Array;
  /** Index of the byte being filled. */
  private byte = 0;
  /** Bits still free in that byte (8 = empty). */
  private free = 8;

  constructor(initialCapacity = 256) {
    this.bytes = new Uint8Array(Math.max(16, initialCapacity));
  }

  reset(): void {
    this.bytes.fill(0, 0, this.byte + 1);
    this.byte = 0;
    this.free = 8;
  }

  /** Bits written so far. */
  get bitLength(): number {
    return this.byte * 8 + (8 - this.free);
  }

  /** Bytes the stream takes, with the last one padded. */
  get byteLength(): number {
    return this.free === 8 ? this.byte : this.byte + 1;
  }

  writeBit(bit: number): void {
    if (this.byte + 1 >= this.bytes.length) this.grow();
    this.free--;
    if (bit) this.bytes[this.byte] |= 1 << this.free;
    if (this.free === 0) {
      this.byte++;
      this.free = 8;
    }
  }

  /** Writes the low `n` bits of `v` (0 ≤ n ≤ 32), most significant first. */
  writeBits(v: number, n: number): void {
    if (this.byte + 5 >= this.bytes.length) this.grow();
    while (n > 0) {
      const take = n < this.free ? n : this.free;
      const shift = n - take;
      const chunk = (shift >= 32 ? 0 : v >>> shift) & ((1 << take) - 1);
      this.free -= take;
      this.bytes[this.byte] |= chunk << this.free;
      if (this.free === 0) {
        this.byte++;
        this.free = 8;
      }
      n = shift;
    }
  }

  /** Writes the low `n` bits (0 ≤ n ≤ 64) of the 64-bit value hi:lo. */
  writeBits64(hi: number, lo: number, n: number): void {
    if (n > 32) {
      this.writeBits(hi, n - 32);
      this.writeBits(lo, 32);
    } else {
      this.writeBits(lo, n);
    }
  }

  /** A copy of the stream, padded to whole bytes. */
  finish(): Uint8Array {
    return this.bytes.slice(0, this.byteLength);
  }

  private grow(): void {
    const next = new Uint8Array(this.bytes.length * 2);
    next.set(this.bytes);
    this.bytes = next;
  }
}
