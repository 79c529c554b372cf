import { truncated } from '../errors.js';

/**
 * Reads an MSB-first bit stream (see BitWriter). Reading past the end throws MeboError TRUNCATED,
 * so a corrupt column can never loop forever.
 */
export class BitReader {
  private bitPos: number;
  private endBit: number;

  constructor(
    private bytes: Uint8Array,
    start = 0,
    end = bytes.length,
  ) {
    this.bitPos = start * 8;
    this.endBit = end * 8;
  }

  /** Points the reader at a new stream, so one instance serves many columns. */
  reset(bytes: Uint8Array, start = 0, end = bytes.length): void {
    this.bytes = bytes;
    this.bitPos = start * 8;
    this.endBit = end * 8;
  }

  get bitsLeft(): number {
    return this.endBit - this.bitPos;
  }

  readBit(): number {
    if (this.bitPos >= this.endBit) throw truncated(this.bitPos >>> 3, 1, 0);
    const p = this.bitPos++;
    return (this.bytes[p >>> 3] >>> (7 - (p & 7))) & 1;
  }

  /** Reads `n` bits (0 ≤ n ≤ 32) as an unsigned number. */
  readBits(n: number): number {
    if (this.endBit - this.bitPos < n) throw truncated(this.bitPos >>> 3, Math.ceil(n / 8), (this.endBit - this.bitPos) >>> 3);
    let v = 0;
    let p = this.bitPos;
    let left = n;
    while (left > 0) {
      const avail = 8 - (p & 7);
      const take = left < avail ? left : avail;
      const chunk = (this.bytes[p >>> 3] >>> (avail - take)) & ((1 << take) - 1);
      v = v * (1 << take) + chunk; // multiplication keeps 32-bit results unsigned
      p += take;
      left -= take;
    }
    this.bitPos = p;
    return v;
  }

  /** The high half of an `n`-bit read (n ≤ 64); the low 32 bits are left in `lo`. */
  lo = 0;
  readBits64hi(n: number): number {
    if (n > 32) {
      const hi = this.readBits(n - 32);
      this.lo = this.readBits(32);
      return hi;
    }
    this.lo = this.readBits(n);
    return 0;
  }
}
