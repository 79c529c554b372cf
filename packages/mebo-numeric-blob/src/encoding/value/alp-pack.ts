/**
 * LSB-first bit packing for ALP code and right-part streams (spec §5.4.1): value i occupies stream
 * bits [i·w, (i+1)·w), byte order little-endian whatever the engine.
 */

/** Packs into buf at a byte position, 32 bits at a time. */
export class LsbPacker {
  private buf: Uint8Array = new Uint8Array(0);
  private p = 0;
  private acc = 0;
  private accBits = 0;

  begin(buf: Uint8Array, p: number): void {
    this.buf = buf;
    this.p = p;
    this.acc = 0;
    this.accBits = 0;
  }

  /** Appends the low k bits of v (0 ≤ k ≤ 32, v < 2^k). */
  put(v: number, k: number): void {
    if (k === 0) return;
    const a = this.accBits;
    const acc = this.acc | (v << a);
    if (a + k >= 32) {
      const b = this.buf;
      const p = this.p;
      b[p] = acc & 0xff;
      b[p + 1] = (acc >>> 8) & 0xff;
      b[p + 2] = (acc >>> 16) & 0xff;
      b[p + 3] = acc >>> 24;
      this.p = p + 4;
      this.acc = a === 0 ? 0 : v >>> (32 - a);
      this.accBits = a + k - 32;
    } else {
      this.acc = acc;
      this.accBits = a + k;
    }
  }

  /** Flushes the partial word; returns the position after the stream. */
  end(): number {
    let acc = this.acc;
    let p = this.p;
    for (let left = this.accBits; left > 0; left -= 8) {
      this.buf[p++] = acc & 0xff;
      acc >>>= 8;
    }
    this.accBits = 0;
    this.acc = 0;
    this.p = p;
    return p;
  }
}

/**
 * Reads w-bit fields (w ≤ 32) at absolute bit positions of a stream that starts at byte `base`;
 * bytes at or after `end` read as zero, so a read never leaves [base, end).
 */
export function readLsb(b: Uint8Array, base: number, end: number, bitPos: number, w: number): number {
  const i = base + (bitPos >>> 3);
  const off = bitPos & 7;
  let v = b[i] | ((i + 1 < end ? b[i + 1] : 0) << 8) | ((i + 2 < end ? b[i + 2] : 0) << 16) | ((i + 3 < end ? b[i + 3] : 0) << 24);
  v >>>= off;
  if (off + w > 32) v |= (i + 4 < end ? b[i + 4] : 0) << (32 - off);
  return w === 32 ? v >>> 0 : v & ((1 << w) - 1);
}
