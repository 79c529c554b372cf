import { ByteWriter, utf8 } from '../shared/bytes.js';
import { COLUMN_ENCODING_VERSION, ColumnType, EncodingKind } from '../shared/constants.js';
import { encodePresenceRLE } from '../shared/presence-rle.js';
import type { ZstdCodec } from '../shared/zstd.js';
import type { ColumnValues } from './encoding-dict.js';
import { zstdSection } from './encoding-dict.js';

/**
 * Prefix bytes (kinds 10/11, spec 9.11) with the empty prefix only: every present value inline in
 * one zstd section. For high-cardinality strings this beats a dictionary, whose indexes are stored
 * uncompressed; zstd still finds the repeats between neighbouring rows.
 */
export function encodeInlinePrefixColumn(col: ColumnValues, zstd: ZstdCodec, w: ByteWriter): void {
  const sparse = col.rows - col.presentCount > col.rows / 2;
  w.u8(COLUMN_ENCODING_VERSION);
  w.u8(sparse ? EncodingKind.SparsePrefixBytes : EncodingKind.PrefixBytes);
  w.u32(col.rows);
  encodePresenceRLE(w, col.present, col.rows);
  const prefixes = new ByteWriter(8);
  prefixes.u32(1);
  prefixes.u32(0); // entry 0: the empty prefix
  zstdSection(w, zstd, prefixes.finish());
  const body = new ByteWriter(col.presentCount * 24 + 16);
  body.u8(1); // idx width
  const isStr = col.type === ColumnType.String;
  for (let r = 0; r < col.rows; r++) {
    if (!col.present[r]) continue;
    body.u8(0);
    body.bytes32(isStr ? utf8(col.values[r] as string) : (col.values[r] as Uint8Array));
  }
  zstdSection(w, zstd, body.finish());
}
