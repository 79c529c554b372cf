import { MeboError, MeboErrorCode, truncated } from '../errors.js';

/**
 * Unsigned LEB128 varints as Go's encoding/binary writes them, for values up to 2^53 (timestamps,
 * lengths). Decoding stops after 10 bytes, as Go does.
 */
export function writeUvarint(buf: Uint8Array, pos: number, v: number): number {
  if (v < 0x8000_0000) {
    // 32-bit fast path: shifts instead of division (most lengths and deltas).
    while (v >= 0x80) {
      buf[pos++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    buf[pos++] = v;
    return pos;
  }
  while (v >= 0x80) {
    buf[pos++] = (v % 0x80) | 0x80;
    v = Math.floor(v / 0x80);
  }
  buf[pos++] = v;
  return pos;
}

/** Zigzag-maps a signed integer (within ±2^52, so the result stays exact) to unsigned, as Go's PutVarint does. */
export function zigzag(v: number): number {
  return v >= 0 ? v * 2 : -v * 2 - 1;
}

export function unzigzag(u: number): number {
  return u % 2 === 0 ? u / 2 : -(u + 1) / 2;
}

export function writeVarint(buf: Uint8Array, pos: number, v: number): number {
  return writeUvarint(buf, pos, zigzag(v));
}

/** Bytes a uvarint of `v` takes. */
export function uvarintSize(v: number): number {
  let n = 1;
  while (v >= 0x80) {
    v = Math.floor(v / 0x80);
    n++;
  }
  return n;
}

/**
 * Reads a uvarint at `state.pos` and advances it. Values past 2^53 lose precision (they are
 * outside what timestamps can hold); more than 10 bytes is corrupt.
 * @throws MeboError TRUNCATED or CORRUPT_DATA
 */
export function readUvarint(buf: Uint8Array, state: { pos: number }, end = buf.length): number {
  let pos = state.pos;
  let result = 0;
  let mul = 1;
  for (let i = 0; i < 10; i++) {
    if (pos >= end) throw truncated(pos, 1, 0);
    const b = buf[pos++];
    result += (b & 0x7f) * mul;
    if (b < 0x80) {
      if (i === 9 && b > 1) throw new MeboError(MeboErrorCode.CorruptData, 'varint overflows 64 bits', state.pos);
      state.pos = pos;
      return result;
    }
    mul *= 128;
  }
  throw new MeboError(MeboErrorCode.CorruptData, 'varint longer than 10 bytes', state.pos);
}

export function readVarint(buf: Uint8Array, state: { pos: number }, end = buf.length): number {
  return unzigzag(readUvarint(buf, state, end));
}
