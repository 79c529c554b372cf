import { ByteWriter, compareBytes, utf8 } from '../shared/bytes.js';
import { COLUMN_ENCODING_VERSION, ColumnType, EncodingKind, RLE_VERSION } from '../shared/constants.js';
import { encodePresenceRLE } from '../shared/presence-rle.js';
import type { ZstdCodec } from '../shared/zstd.js';

/** Values of one column in one block, row-aligned; `present[row]` is 1 where a value exists. */
export interface ColumnValues {
  type: ColumnType;
  rows: number;
  present: Uint8Array;
  presentCount: number;
  values: unknown[];
}

/** A sorted dictionary and each row's index into it (0 for null rows). */
export interface Dictionary {
  /** The serialised `entry_count u32 · entries`. */
  body: Uint8Array;
  size: number;
  /** Row-aligned indexes. */
  index: Uint32Array;
  /** The entries as range keys (spec 11.1), ascending; NaN left out. Absent for Bool. */
  keys?: Uint8Array[];
}

const keyBuf = new DataView(new ArrayBuffer(8));
function key8(): Uint8Array {
  return new Uint8Array(keyBuf.buffer.slice(0));
}

/** Node's native latin1 slice, callable on any Uint8Array (no Buffer object per call). */
const latin1Slice = (Buffer.prototype as unknown as { latin1Slice?: (this: Uint8Array, start: number, end: number) => string }).latin1Slice;

/** A string whose code units are the bytes: a Map key, and it sorts bytewise. */
export function bytesKey(b: Uint8Array): string {
  if (latin1Slice !== undefined) return latin1Slice.call(b, 0, b.length);
  return Buffer.from(b.buffer, b.byteOffset, b.length).toString('latin1');
}

/** Builds the sorted dictionary (spec 9.5) of a column's present values. */
export function buildDictionary(col: ColumnValues): Dictionary {
  const { type, rows, present, values } = col;
  const index = new Uint32Array(rows);
  const w = new ByteWriter(64);
  switch (type) {
    case ColumnType.String:
    case ColumnType.Bytes: {
      const isStr = type === ColumnType.String;
      const ids = new Map<string, number>();
      const uniq: Uint8Array[] = [];
      const uniqKeys: string[] = [];
      // Sorting the keys as strings is bytewise order for latin1 keys and for ASCII strings.
      let keysSortBytewise = true;
      const first = new Uint32Array(rows);
      // Rows are sorted, so a value often repeats its predecessor: reuse its id without a lookup
      // (same string, or the same Uint8Array object).
      let prev: unknown;
      let prevId = 0;
      for (let r = 0; r < rows; r++) {
        if (!present[r]) continue;
        const v = values[r];
        if (v === prev) {
          first[r] = prevId;
          continue;
        }
        const key = isStr ? (v as string) : bytesKey(v as Uint8Array);
        let id = ids.get(key);
        if (id === undefined) {
          id = uniq.length;
          ids.set(key, id);
          const bytes = isStr ? utf8(v as string) : (v as Uint8Array);
          if (bytes.length !== key.length) keysSortBytewise = false;
          uniq.push(bytes);
          uniqKeys.push(key);
        }
        first[r] = id;
        prev = v;
        prevId = id;
      }
      let order: number[];
      if (keysSortBytewise) {
        // The default sort compares UTF-16 code units natively, without a comparator callback.
        const sortedKeys = uniqKeys.sort();
        order = new Array<number>(sortedKeys.length);
        for (let i = 0; i < sortedKeys.length; i++) order[i] = ids.get(sortedKeys[i])!;
      } else order = uniq.map((_, i) => i).sort((a, b) => compareBytes(uniq[a], uniq[b]));
      const rank = new Uint32Array(uniq.length);
      w.u32(uniq.length);
      for (let i = 0; i < order.length; i++) {
        rank[order[i]] = i;
        w.bytes32(uniq[order[i]]);
      }
      for (let r = 0; r < rows; r++) if (present[r]) index[r] = rank[first[r]];
      return { body: w.finish(), size: uniq.length, index, keys: order.map((i) => uniq[i]) };
    }
    case ColumnType.Int64:
    case ColumnType.Uint64: {
      const ids = new Map<bigint, number>();
      const uniq: bigint[] = [];
      let prev: bigint | undefined;
      for (let r = 0; r < rows; r++) {
        if (!present[r]) continue;
        const v = values[r] as bigint;
        if (v === prev) continue;
        prev = v;
        if (!ids.has(v)) {
          ids.set(v, 0);
          uniq.push(v);
        }
      }
      uniq.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      w.u32(uniq.length);
      for (let i = 0; i < uniq.length; i++) {
        ids.set(uniq[i], i);
        if (type === ColumnType.Int64) w.bigI64(uniq[i]);
        else w.bigU64(uniq[i]);
      }
      let last: bigint | undefined;
      let lastId = 0;
      for (let r = 0; r < rows; r++) {
        if (!present[r]) continue;
        const v = values[r] as bigint;
        if (v !== last) {
          last = v;
          lastId = ids.get(v)!;
        }
        index[r] = lastId;
      }
      const keys = uniq.map((v) => {
        if (type === ColumnType.Int64) keyBuf.setBigInt64(0, v, true);
        else keyBuf.setBigUint64(0, v, true);
        return key8();
      });
      return { body: w.finish(), size: uniq.length, index, keys };
    }
    case ColumnType.Float64: {
      // All NaNs share one entry (Map keys use SameValueZero). Unlike Go, −0 keeps its own entry
      // next to +0, so the sign of zero round-trips; readers do not need unique entries.
      const key = (v: number): number | string => (v === 0 && 1 / v < 0 ? '-0' : v);
      const ids = new Map<number | string, number>();
      const uniq: number[] = [];
      for (let r = 0; r < rows; r++) {
        if (!present[r]) continue;
        const v = values[r] as number;
        const k = key(v);
        if (!ids.has(k)) {
          ids.set(k, 0);
          uniq.push(v);
        }
      }
      uniq.sort((a, b) => (Number.isNaN(a) ? (Number.isNaN(b) ? 0 : -1) : Number.isNaN(b) ? 1 : a - b || (Object.is(a, -0) ? -1 : Object.is(b, -0) ? 1 : 0)));
      w.u32(uniq.length);
      for (let i = 0; i < uniq.length; i++) {
        ids.set(key(uniq[i]), i);
        w.f64(uniq[i]);
      }
      for (let r = 0; r < rows; r++) if (present[r]) index[r] = ids.get(key(values[r] as number))!;
      const keys: Uint8Array[] = [];
      for (const v of uniq) {
        if (Number.isNaN(v)) continue; // NaN matches no range predicate
        keyBuf.setFloat64(0, v, true);
        keys.push(key8());
      }
      return { body: w.finish(), size: uniq.length, index, keys };
    }
    case ColumnType.Bool: {
      let seen = 0;
      for (let r = 0; r < rows; r++) if (present[r]) seen |= values[r] ? 2 : 1;
      const entries = seen === 3 ? [0, 1] : seen === 2 ? [1] : seen === 1 ? [0] : [];
      w.u32(entries.length);
      for (const e of entries) w.u8(e);
      for (let r = 0; r < rows; r++) if (present[r]) index[r] = seen === 3 && values[r] ? 1 : 0;
      return { body: w.finish(), size: entries.length, index };
    }
    default:
      throw new Error(`no dictionary for column type ${type}`);
  }
}

/** Compresses a section's content once, so candidate encodings can share it. */
export function compressSection(zstd: ZstdCodec, content: Uint8Array): Uint8Array {
  return content.length === 0 ? content : zstd.compress(content);
}

function zstdSection(w: ByteWriter, zstd: ZstdCodec, content: Uint8Array): void {
  if (content.length === 0) {
    w.u32(0);
    return;
  }
  const c = zstd.compress(content);
  w.u32(c.length);
  w.bytes(c);
}

export { zstdSection };

function indexWidth(maxIndex: number): number {
  return maxIndex <= 0xff ? 1 : maxIndex <= 0xffff ? 2 : 4;
}

function countDenseRuns(index: Uint32Array, present: Uint8Array, n: number): number {
  // Dense kinds store index 0 for null rows.
  let runs = n > 0 ? 1 : 0;
  let prev = present[0] ? index[0] : 0;
  for (let i = 1; i < n; i++) {
    const v = present[i] ? index[i] : 0;
    if (v !== prev) runs++;
    prev = v;
  }
  return runs;
}

function countSparseRuns(index: Uint32Array, present: Uint8Array, n: number): number {
  let runs = 0;
  let prev = -1;
  for (let i = 0; i < n; i++) {
    if (!present[i]) continue;
    if (index[i] !== prev) runs++;
    prev = index[i];
  }
  return runs;
}

/**
 * Dictionary (kinds 1/2) or RLE dictionary (kinds 6/7), whichever is smallest: raw indexes cost
 * `width` bytes a row, RLE 8 bytes a run (Go picks RLE for ≤ 3 entries and Bool, which is costly
 * for values that alternate). Dense (1/6: an index for every row) or sparse (2/7: present rows
 * only) is chosen by size too, not by Go's null-ratio rule: readers accept both for any ratio.
 * Pass a prebuilt dictionary to reuse it across candidate encodings.
 */
export function encodeDictionaryColumn(col: ColumnValues, zstd: ZstdCodec, w: ByteWriter, forceRle = false, prebuilt?: Dictionary, compressedDict?: Uint8Array): void {
  const dict = prebuilt ?? buildDictionary(col);
  const rows = col.rows;
  const width = indexWidth(Math.max(0, dict.size - 1));
  const allPresent = col.presentCount === rows;
  const denseRuns = countDenseRuns(dict.index, col.present, rows);
  const sparseRuns = allPresent ? denseRuns : countSparseRuns(dict.index, col.present, rows);
  // Bytes after the presence section, per candidate.
  const denseRaw = rows * width;
  const sparseRaw = 4 + col.presentCount * width;
  const denseRle = 8 + 9 + denseRuns * 8;
  const sparseRle = 8 + 9 + sparseRuns * 8;
  let kind: EncodingKind;
  if (forceRle) kind = !allPresent && sparseRle < denseRle ? EncodingKind.SparseRLEIndexes : EncodingKind.RLEIndexes;
  else {
    const best = Math.min(denseRaw, sparseRaw, denseRle, sparseRle);
    kind =
      best === denseRaw
        ? EncodingKind.Dictionary
        : best === denseRle
          ? EncodingKind.RLEIndexes
          : !allPresent && best === sparseRaw
            ? EncodingKind.SparseDictionary
            : !allPresent
              ? EncodingKind.SparseRLEIndexes
              : EncodingKind.Dictionary;
  }
  const sparse = kind === EncodingKind.SparseDictionary || kind === EncodingKind.SparseRLEIndexes;
  const rle = kind === EncodingKind.RLEIndexes || kind === EncodingKind.SparseRLEIndexes;
  w.u8(COLUMN_ENCODING_VERSION);
  w.u8(kind);
  w.u8(width);
  if (compressedDict) {
    w.u32(compressedDict.length);
    w.bytes(compressedDict);
  } else zstdSection(w, zstd, dict.body);
  w.u32(rows);
  encodePresenceRLE(w, col.present, rows);
  const n = sparse ? col.presentCount : rows;
  if (rle || sparse) w.u32(n); // index_count (RLE kinds) or present_count (kind 2); kind 1 has none
  if (rle) {
    const runs = sparse ? sparseRuns : denseRuns;
    w.u32(1 + 4 + runs * 8);
    w.u8(RLE_VERSION);
    w.u32(runs);
    let start = -1;
    let prev = 0;
    let len = 0;
    for (let r = 0; r < rows; r++) {
      const p = col.present[r];
      if (sparse && !p) continue;
      const v = p ? dict.index[r] : 0;
      if (start >= 0 && v === prev) {
        len++;
        continue;
      }
      if (start >= 0) {
        w.u32(len);
        w.u32(prev);
      }
      start = r;
      prev = v;
      len = 1;
    }
    if (start >= 0) {
      w.u32(len);
      w.u32(prev);
    }
    return;
  }
  const idx = dict.index; // null rows hold 0
  for (let r = 0; r < rows; r++) {
    if (sparse && !col.present[r]) continue;
    const v = idx[r];
    if (width === 1) w.u8(v);
    else if (width === 2) w.u16(v);
    else w.u32(v);
  }
}

/** Delta dictionary (kinds 12/13, spec 9.12), used for `trace:id`. */
export function encodeDeltaDictionaryColumn(col: ColumnValues, zstd: ZstdCodec, w: ByteWriter, prebuilt?: Dictionary, compressedDict?: Uint8Array): void {
  const dict = prebuilt ?? buildDictionary(col);
  const sparse = col.rows - col.presentCount > col.rows / 2;
  w.u8(COLUMN_ENCODING_VERSION);
  w.u8(sparse ? EncodingKind.SparseDeltaDictionary : EncodingKind.DeltaDictionary);
  w.u8(indexWidth(Math.max(0, dict.size - 1)));
  if (compressedDict) {
    w.u32(compressedDict.length);
    w.bytes(compressedDict);
  } else zstdSection(w, zstd, dict.body);
  w.u32(col.rows);
  encodePresenceRLE(w, col.present, col.rows);
  const n = sparse ? col.presentCount : col.rows;
  const deltas = new Uint8Array(n * 4);
  const dv = new DataView(deltas.buffer);
  let prev = 0;
  for (let r = 0, k = 0; r < col.rows; r++) {
    if (sparse && !col.present[r]) continue;
    const cur = col.present[r] ? dict.index[r] : 0; // dense null rows carry index 0
    dv.setInt32(k * 4, cur - prev, true);
    prev = cur;
    k++;
  }
  zstdSection(w, zstd, deltas);
}
