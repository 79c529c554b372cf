import type { ByteWriter } from '../shared/bytes.js';
import { COLUMN_ENCODING_VERSION, EncodingKind } from '../shared/constants.js';
import { encodePresenceRLE } from '../shared/presence-rle.js';
import type { ZstdCodec } from '../shared/zstd.js';
import type { ColumnValues } from './encoding-dict.js';
import { zstdSection } from './encoding-dict.js';

/** Go's choice (spec 9.15): delta unless ≤ 2 distinct values spread over more than 65,535. */
export function preferDelta(col: ColumnValues): boolean {
  let min: bigint | undefined;
  let max: bigint | undefined;
  let a: bigint | undefined;
  let b: bigint | undefined;
  let card = 0;
  for (let r = 0; r < col.rows; r++) {
    if (!col.present[r]) continue;
    const v = col.values[r] as bigint;
    if (min === undefined || v < min) min = v;
    if (max === undefined || v > max) max = v;
    if (card < 3 && v !== a && v !== b) {
      if (card === 0) a = v;
      else if (card === 1) b = v;
      card++;
    }
  }
  if (min === undefined || max === undefined) return true;
  return !(card <= 2 && max - min > 65535n);
}

/** Delta uint64 (kind 5, spec 9.8): base = min, per-present-row offsets in the smallest width. */
export function encodeDeltaUint64Column(col: ColumnValues, zstd: ZstdCodec, w: ByteWriter): void {
  let base = 0n;
  let max = 0n;
  let first = true;
  for (let r = 0; r < col.rows; r++) {
    if (!col.present[r]) continue;
    const v = col.values[r] as bigint;
    if (first || v < base) base = v;
    if (first || v > max) max = v;
    first = false;
  }
  const range = max - base;
  const width = range === 0n ? 0 : range <= 0xffn ? 1 : range <= 0xffffn ? 2 : range <= 0xffffffffn ? 4 : 8;
  w.u8(COLUMN_ENCODING_VERSION);
  w.u8(EncodingKind.DeltaUint64);
  w.u32(col.rows);
  encodePresenceRLE(w, col.present, col.rows);
  w.bigU64(base);
  w.u8(width);
  if (width === 0) return;
  const out = new Uint8Array(col.presentCount * width);
  const dv = new DataView(out.buffer);
  for (let r = 0, k = 0; r < col.rows; r++) {
    if (!col.present[r]) continue;
    const off = (col.values[r] as bigint) - base;
    if (width === 8) dv.setBigUint64(k, off, true);
    else {
      const n = Number(off);
      if (width === 1) out[k] = n;
      else if (width === 2) dv.setUint16(k, n, true);
      else dv.setUint32(k, n, true);
    }
    k += width;
  }
  zstdSection(w, zstd, out);
}
