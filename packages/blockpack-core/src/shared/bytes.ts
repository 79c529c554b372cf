import { truncated } from './errors.js';

const TWO32 = 0x1_0000_0000;
const utf8Decoder = new TextDecoder('utf-8');
const utf8Encoder = new TextEncoder();

export function utf8(s: string): Uint8Array {
  return utf8Encoder.encode(s);
}

export function fromUtf8(b: Uint8Array): string {
  return utf8Decoder.decode(b);
}

/** A plain Uint8Array view of any byte container (Buffers confuse some libraries). */
export function plainBytes(b: Uint8Array): Uint8Array {
  return b.constructor === Uint8Array ? b : new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}

/**
 * A bounds-checked little-endian cursor. Every read checks its own bounds, so a hostile length
 * turns into a TRUNCATED error, never an out-of-bounds read.
 */
export class ByteReader {
  readonly view: DataView;
  pos: number;
  readonly end: number;
  /** Low half of the last `u64hi()` read. */
  lo = 0;

  constructor(
    readonly bytes: Uint8Array,
    readonly what = 'section',
    start = 0,
    end = bytes.length,
    /** Absolute offset of `bytes[0]` in the file, for error messages. */
    readonly base = 0,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.pos = start;
    this.end = end;
  }

  get remaining(): number {
    return this.end - this.pos;
  }

  need(n: number): void {
    if (n < 0 || this.end - this.pos < n) throw truncated(this.what, this.base + this.pos, n, this.end - this.pos);
  }

  u8(): number {
    this.need(1);
    return this.bytes[this.pos++];
  }

  u16(): number {
    this.need(2);
    const v = this.view.getUint16(this.pos, true);
    this.pos += 2;
    return v;
  }

  u32(): number {
    this.need(4);
    const v = this.view.getUint32(this.pos, true);
    this.pos += 4;
    return v;
  }

  i32(): number {
    this.need(4);
    const v = this.view.getInt32(this.pos, true);
    this.pos += 4;
    return v;
  }

  /** Reads a u64: returns the high half, leaves the low half in `lo`. */
  u64hi(): number {
    this.need(8);
    this.lo = this.view.getUint32(this.pos, true);
    const hi = this.view.getUint32(this.pos + 4, true);
    this.pos += 8;
    return hi;
  }

  /** A u64 as a Number; exact below 2^53, which holds for every offset and length in a file. */
  u64(): number {
    const hi = this.u64hi();
    return hi * TWO32 + this.lo;
  }

  bigU64(): bigint {
    this.need(8);
    const v = this.view.getBigUint64(this.pos, true);
    this.pos += 8;
    return v;
  }

  bigI64(): bigint {
    this.need(8);
    const v = this.view.getBigInt64(this.pos, true);
    this.pos += 8;
    return v;
  }

  f64(): number {
    this.need(8);
    const v = this.view.getFloat64(this.pos, true);
    this.pos += 8;
    return v;
  }

  /** A zero-copy view of the next `n` bytes. */
  bytesView(n: number): Uint8Array {
    this.need(n);
    const v = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    return v;
  }

  skip(n: number): void {
    this.need(n);
    this.pos += n;
  }

  /** A reader over the next `n` bytes (same buffer, bounded); this reader skips past them. */
  sub(n: number, what = this.what): ByteReader {
    this.need(n);
    const r = new ByteReader(this.bytes, what, this.pos, this.pos + n, this.base);
    this.pos += n;
    return r;
  }

  /** `u32 length` + bytes (zero-copy). */
  bytes32(): Uint8Array {
    return this.bytesView(this.u32());
  }

  /** `u16 length` + UTF-8. */
  str16(): string {
    return fromUtf8(this.bytesView(this.u16()));
  }
}

/** A growable little-endian byte sink. `finish()` returns a copy-free view of the written bytes. */
export class ByteWriter {
  private buf: Uint8Array;
  private view: DataView;
  pos = 0;

  constructor(initial = 256) {
    this.buf = new Uint8Array(Math.max(16, initial));
    this.view = new DataView(this.buf.buffer);
  }

  private grow(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.pos + n) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  u8(v: number): void {
    this.grow(1);
    this.buf[this.pos++] = v;
  }

  u16(v: number): void {
    this.grow(2);
    this.view.setUint16(this.pos, v, true);
    this.pos += 2;
  }

  u32(v: number): void {
    this.grow(4);
    this.view.setUint32(this.pos, v >>> 0, true);
    this.pos += 4;
  }

  i32(v: number): void {
    this.grow(4);
    this.view.setInt32(this.pos, v, true);
    this.pos += 4;
  }

  /** A u64 from its two 32-bit halves. */
  u64parts(hi: number, lo: number): void {
    this.grow(8);
    this.view.setUint32(this.pos, lo >>> 0, true);
    this.view.setUint32(this.pos + 4, hi >>> 0, true);
    this.pos += 8;
  }

  /** A non-negative safe integer as u64 (offsets, lengths). */
  u64(v: number): void {
    this.u64parts(Math.floor(v / TWO32), v % TWO32);
  }

  bigU64(v: bigint): void {
    this.grow(8);
    this.view.setBigUint64(this.pos, v, true);
    this.pos += 8;
  }

  bigI64(v: bigint): void {
    this.grow(8);
    this.view.setBigInt64(this.pos, v, true);
    this.pos += 8;
  }

  f64(v: number): void {
    this.grow(8);
    this.view.setFloat64(this.pos, v, true);
    this.pos += 8;
  }

  bytes(b: Uint8Array): void {
    this.grow(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }

  bytes32(b: Uint8Array): void {
    this.u32(b.length);
    this.bytes(b);
  }

  str16(s: string): void {
    const b = utf8(s);
    this.u16(b.length);
    this.bytes(b);
  }

  /** The written bytes (a view into the internal buffer; do not write after). */
  finish(): Uint8Array {
    return this.buf.subarray(0, this.pos);
  }
}

/** Bytewise comparison (UTF-8 order for strings), as every blockpack ordering requires. */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = a[i] - b[i];
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

export function toHex(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i++) s += HEX[b[i]];
  return s;
}

/** Parses hex (even length, any case); returns undefined on bad input. */
export function fromHex(s: string): Uint8Array | undefined {
  if (s.length % 2 !== 0) return undefined;
  const out = new Uint8Array(s.length / 2);
  for (let i = 0; i < out.length; i++) {
    const v = parseInt(s.substr(i * 2, 2), 16);
    if (Number.isNaN(v) || !/^[0-9a-fA-F]{2}$/.test(s.substr(i * 2, 2))) return undefined;
    out[i] = v;
  }
  return out;
}
