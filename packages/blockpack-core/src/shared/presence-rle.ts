import type { ByteReader, ByteWriter } from './bytes.js';
import { RLE_VERSION } from './constants.js';
import { unsupportedVersion } from './errors.js';

/**
 * Presence RLE (spec 9.3): `ver u8 = 1 · run_count u32 · (run_len u32 · value u32) × runs`.
 * The decoded form is an LSB-first bitset: bit i is bit (i & 7) of byte i >> 3.
 */
export function encodePresenceRLE(w: ByteWriter, present: Uint8Array, rows: number): void {
  // Count the runs first, so the section is written in one pass with its length in front.
  let runs = 0;
  for (let i = 0; i < rows; ) {
    const v = present[i];
    let j = i + 1;
    while (j < rows && present[j] === v) j++;
    runs++;
    i = j;
  }
  w.u32(1 + 4 + runs * 8);
  w.u8(RLE_VERSION);
  w.u32(runs);
  for (let i = 0; i < rows; ) {
    const v = present[i];
    let j = i + 1;
    while (j < rows && present[j] === v) j++;
    w.u32(j - i);
    w.u32(v ? 1 : 0);
    i = j;
  }
}

/**
 * Reads `presence_len u32` + presence RLE and returns the bitset of `rows` bits. Like Go: value 1
 * is present and anything else absent; runs past `rows` are clipped; uncovered rows are absent.
 */
export function decodePresenceRLE(r: ByteReader, rows: number): Uint8Array {
  const s = r.sub(r.u32(), 'presence RLE');
  const bits = new Uint8Array((rows + 7) >>> 3);
  const ver = s.u8();
  if (ver !== RLE_VERSION) throw unsupportedVersion('presence RLE', ver, '1', s.base + s.pos - 1);
  const runs = s.u32();
  s.need(runs * 8);
  let row = 0;
  for (let k = 0; k < runs; k++) {
    const n = s.u32();
    const v = s.u32();
    if (row >= rows) continue;
    const stop = Math.min(rows, row + n);
    if (v === 1) for (let i = row; i < stop; i++) bits[i >>> 3] |= 1 << (i & 7);
    row = stop;
  }
  return bits;
}

/** Number of set bits in a presence bitset (bits past `rows` are never set). */
export function popcount(bits: Uint8Array): number {
  let c = 0;
  for (let i = 0; i < bits.length; i++) {
    let b = bits[i];
    b = b - ((b >>> 1) & 0x55);
    b = (b & 0x33) + ((b >>> 2) & 0x33);
    c += (b + (b >>> 4)) & 0x0f;
  }
  return c;
}

export function isPresent(bits: Uint8Array, row: number): boolean {
  return (bits[row >>> 3] & (1 << (row & 7))) !== 0;
}

/** Index RLE (spec 9.4), same framing; values are dictionary indexes. No length prefix here. */
export function encodeIndexRLE(w: ByteWriter, idx: Uint32Array | Int32Array, n: number): void {
  let runs = 0;
  for (let i = 0; i < n; ) {
    let j = i + 1;
    while (j < n && idx[j] === idx[i]) j++;
    runs++;
    i = j;
  }
  w.u32(1 + 4 + runs * 8); // rle_len
  w.u8(RLE_VERSION);
  w.u32(runs);
  for (let i = 0; i < n; ) {
    let j = i + 1;
    while (j < n && idx[j] === idx[i]) j++;
    w.u32(j - i);
    w.u32(idx[i]);
    i = j;
  }
}

/**
 * Expands index RLE into `count` values (Go: surplus ignored, too few is an error).
 * Returns undefined when the runs yield fewer than `count` values.
 */
export function decodeIndexRLE(r: ByteReader, len: number, count: number): Uint32Array | undefined {
  const s = r.sub(len, 'index RLE');
  const out = new Uint32Array(count);
  const ver = s.u8();
  if (ver !== RLE_VERSION) throw unsupportedVersion('index RLE', ver, '1', s.base + s.pos - 1);
  const runs = s.u32();
  s.need(runs * 8);
  let i = 0;
  for (let k = 0; k < runs && i < count; k++) {
    const n = s.u32();
    const v = s.u32();
    const stop = Math.min(count, i + n);
    out.fill(v, i, stop);
    i = stop;
  }
  return i < count ? undefined : out;
}
