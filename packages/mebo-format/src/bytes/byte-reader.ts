import { truncated } from '../errors.js';

/**
 * A bounds-checked cursor over bytes, little- or big-endian. Callers check a whole section once
 * with `need()` and then read without further checks where they can.
 */
export class ByteReader {
  readonly view: DataView;
  pos: number;
  readonly end: number;

  constructor(
    readonly bytes: Uint8Array,
    readonly littleEndian = true,
    start = 0,
    end = bytes.length,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.pos = start;
    this.end = end;
  }

  get remaining(): number {
    return this.end - this.pos;
  }

  /** @throws MeboError TRUNCATED when fewer than `n` bytes are left. */
  need(n: number): void {
    if (this.end - this.pos < n) throw truncated(this.pos, n, this.end - this.pos);
  }

  u8(): number {
    this.need(1);
    return this.bytes[this.pos++];
  }

  u16(): number {
    this.need(2);
    const v = this.view.getUint16(this.pos, this.littleEndian);
    this.pos += 2;
    return v;
  }

  u32(): number {
    this.need(4);
    const v = this.view.getUint32(this.pos, this.littleEndian);
    this.pos += 4;
    return v;
  }

  /** The high half of a u64 is returned; the low half is left in `lo` (no allocation, no BigInt). */
  lo = 0;
  u64hi(): number {
    this.need(8);
    let hi: number;
    if (this.littleEndian) {
      this.lo = this.view.getUint32(this.pos, true);
      hi = this.view.getUint32(this.pos + 4, true);
    } else {
      hi = this.view.getUint32(this.pos, false);
      this.lo = this.view.getUint32(this.pos + 4, false);
    }
    this.pos += 8;
    return hi;
  }

  /** A signed 64-bit integer as a Number (exact while it is a safe integer). */
  i64(): number {
    const hi = this.u64hi();
    return (hi | 0) * 0x1_0000_0000 + this.lo;
  }

  bigU64(): bigint {
    const hi = this.u64hi();
    return (BigInt(hi) << 32n) | BigInt(this.lo);
  }

  f64(): number {
    this.need(8);
    const v = this.view.getFloat64(this.pos, this.littleEndian);
    this.pos += 8;
    return v;
  }

  /** A zero-copy view of the next `n` bytes. */
  sub(n: number): Uint8Array {
    this.need(n);
    const out = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
}
