/**
 * A growable byte buffer with little- or big-endian fixed-width writes. One instance can be
 * reset and reused, so encoders allocate only when the buffer must grow.
 */
export class ByteWriter {
  bytes: Uint8Array;
  view: DataView;
  pos = 0;

  constructor(
    initialCapacity = 1024,
    readonly littleEndian = true,
  ) {
    this.bytes = new Uint8Array(Math.max(16, initialCapacity));
    this.view = new DataView(this.bytes.buffer);
  }

  get length(): number {
    return this.pos;
  }

  reset(): void {
    this.pos = 0;
  }

  /** Makes room for `n` more bytes. */
  ensure(n: number): void {
    const need = this.pos + n;
    if (need <= this.bytes.length) return;
    let cap = this.bytes.length * 2;
    while (cap < need) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.bytes.subarray(0, this.pos));
    this.bytes = next;
    this.view = new DataView(next.buffer);
  }

  u8(v: number): void {
    this.ensure(1);
    this.bytes[this.pos++] = v;
  }

  u16(v: number): void {
    this.ensure(2);
    this.view.setUint16(this.pos, v, this.littleEndian);
    this.pos += 2;
  }

  u32(v: number): void {
    this.ensure(4);
    this.view.setUint32(this.pos, v, this.littleEndian);
    this.pos += 4;
  }

  /** A 64-bit integer given as two unsigned 32-bit halves (no BigInt on hot paths). */
  u64(hi: number, lo: number): void {
    this.ensure(8);
    if (this.littleEndian) {
      this.view.setUint32(this.pos, lo, true);
      this.view.setUint32(this.pos + 4, hi, true);
    } else {
      this.view.setUint32(this.pos, hi, false);
      this.view.setUint32(this.pos + 4, lo, false);
    }
    this.pos += 8;
  }

  /** A signed 64-bit integer that is a safe JS integer (timestamps). */
  i64(v: number): void {
    const lo = v % 0x1_0000_0000;
    const hi = Math.floor(v / 0x1_0000_0000);
    this.u64(hi >>> 0, lo >>> 0);
  }

  bigU64(v: bigint): void {
    this.u64(Number((v >> 32n) & 0xffff_ffffn), Number(v & 0xffff_ffffn));
  }

  f64(v: number): void {
    this.ensure(8);
    this.view.setFloat64(this.pos, v, this.littleEndian);
    this.pos += 8;
  }

  raw(src: Uint8Array): void {
    this.ensure(src.length);
    this.bytes.set(src, this.pos);
    this.pos += src.length;
  }

  /** Overwrites a u32 at an earlier position (sizes and offsets known only later). */
  patchU32(at: number, v: number): void {
    this.view.setUint32(at, v, this.littleEndian);
  }

  /** A copy of what was written: the caller owns it. */
  finish(): Uint8Array {
    return this.bytes.slice(0, this.pos);
  }

  /** A view of what was written: valid until the next write or reset. */
  peek(): Uint8Array {
    return this.bytes.subarray(0, this.pos);
  }
}
