import type { ByteWriter } from '../shared/bytes.js';
import { COLUMN_ENCODING_VERSION, EncodingKind } from '../shared/constants.js';
import { encodePresenceRLE } from '../shared/presence-rle.js';
import type { ZstdCodec } from '../shared/zstd.js';
import type { ColumnValues } from './encoding-dict.js';
import { zstdSection } from './encoding-dict.js';

/** XOR only works losslessly when every present value has the same length (spec 9.10). */
export function canUseXor(col: ColumnValues): boolean {
  let len = -1;
  for (let r = 0; r < col.rows; r++) {
    if (!col.present[r]) continue;
    const l = (col.values[r] as Uint8Array).length;
    if (len === -1) len = l;
    else if (l !== len) return false;
  }
  return true;
}

/** XOR bytes (kinds 8/9): each present value XOR the previous one, as bytes32 entries. */
export function encodeXorColumn(col: ColumnValues, zstd: ZstdCodec, w: ByteWriter): void {
  const sparse = col.rows - col.presentCount > col.rows / 2;
  w.u8(COLUMN_ENCODING_VERSION);
  w.u8(sparse ? EncodingKind.SparseXORBytes : EncodingKind.XORBytes);
  w.u32(col.rows);
  encodePresenceRLE(w, col.present, col.rows);
  let size = 0;
  for (let r = 0; r < col.rows; r++) if (col.present[r]) size += 4 + (col.values[r] as Uint8Array).length;
  const body = new Uint8Array(size);
  const dv = new DataView(body.buffer);
  let o = 0;
  let prev: Uint8Array | undefined;
  for (let r = 0; r < col.rows; r++) {
    if (!col.present[r]) continue;
    const cur = col.values[r] as Uint8Array;
    const len = cur.length;
    dv.setUint32(o, len, true);
    o += 4;
    if (prev === undefined) body.set(cur, o);
    else for (let i = 0; i < len; i++) body[o + i] = cur[i] ^ prev[i];
    o += len;
    prev = cur;
  }
  zstdSection(w, zstd, body);
}
