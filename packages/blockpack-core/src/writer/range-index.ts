import type { ByteWriter } from '../shared/bytes.js';
import { compareBytes, utf8 } from '../shared/bytes.js';
import { Col, ColumnType, RANGE_KEY_MAX_LEN } from '../shared/constants.js';
import type { ColumnStats } from './block-builder.js';

/** Distinct values beyond which a column takes the bucketed path (spec 11.2). */
const EXACT_MAX = 100;
/** Boundaries asked for on the bucketed path: up to 1,001 (spec 11.3). */
const BUCKETS = 1000;

interface ColumnRange {
  type: ColumnType;
  mixed: boolean;
  /** Per block: [blockId, minKey, maxKey]. */
  blocks: { id: number; min: Uint8Array; max: Uint8Array }[];
  allPoint: boolean;
  /** Distinct keys (latin1 string of the key bytes) → key bytes, until more than EXACT_MAX. */
  distinct: Map<string, Uint8Array> | undefined;
}

const f64 = new Float64Array(1);
const f64b = new Uint8Array(f64.buffer);
const i64 = new BigInt64Array(1);
const i64b = new Uint8Array(i64.buffer);
const u64 = new BigUint64Array(i64.buffer);

function keyOf(type: ColumnType, v: unknown): Uint8Array {
  switch (type) {
    case ColumnType.String:
      return utf8(v as string);
    case ColumnType.Bytes:
      return v as Uint8Array;
    case ColumnType.Float64:
      f64[0] = v as number;
      return f64b.slice();
    case ColumnType.Int64:
      i64[0] = v as bigint;
      return i64b.slice();
    default:
      u64[0] = v as bigint;
      return i64b.slice();
  }
}

/** Numeric order of two 8-byte LE keys of a type; bytewise for strings and bytes. */
export function compareRangeKeys(type: ColumnType, a: Uint8Array, b: Uint8Array): number {
  if (type === ColumnType.String || type === ColumnType.Bytes) return compareBytes(a, b);
  const va = new DataView(a.buffer, a.byteOffset, 8);
  const vb = new DataView(b.buffer, b.byteOffset, 8);
  if (type === ColumnType.Float64) {
    const x = va.getFloat64(0, true);
    const y = vb.getFloat64(0, true);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  const x = type === ColumnType.Int64 ? va.getBigInt64(0, true) : va.getBigUint64(0, true);
  const y = type === ColumnType.Int64 ? vb.getBigInt64(0, true) : vb.getBigUint64(0, true);
  return x < y ? -1 : x > y ? 1 : 0;
}

function rangeType(type: ColumnType): number {
  switch (type) {
    case ColumnType.Int64:
      return ColumnType.RangeInt64;
    case ColumnType.Uint64:
      return ColumnType.RangeUint64;
    case ColumnType.Float64:
      return ColumnType.RangeFloat64;
    case ColumnType.Bytes:
      return ColumnType.RangeBytes;
    default:
      return ColumnType.RangeString;
  }
}

function latin1(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i++) s += String.fromCharCode(b[i]);
  return s;
}

function indexed(name: string, type: ColumnType): boolean {
  if (type === ColumnType.Bool) return false;
  if (name === Col.TraceId) return false;
  return !name.startsWith('otlp:');
}

/**
 * Collects per-block min/max keys per column and writes the range index (spec 7.5, 11) with the
 * soundness rules of 11.3: exact global bounds, every block under every bucket it overlaps.
 * Names seen with more than one type are left out (always safe).
 */
export class RangeIndexBuilder {
  private readonly cols = new Map<string, ColumnRange>();

  addBlock(blockId: number, columns: ColumnStats[]): void {
    for (const c of columns) {
      if (!indexed(c.name, c.type)) continue;
      let cr = this.cols.get(c.name);
      if (cr === undefined) {
        cr = { type: c.type, mixed: false, blocks: [], allPoint: true, distinct: new Map() };
        this.cols.set(c.name, cr);
      } else if (cr.type !== c.type) {
        cr.mixed = true;
      }
      if (cr.mixed) continue;
      const { present, values, rows } = c.values;
      let min: Uint8Array | undefined;
      let max: Uint8Array | undefined;
      const seen = new Set<unknown>();
      for (let r = 0; r < rows; r++) {
        if (!present[r]) continue;
        const v = values[r];
        if (typeof v === 'number' && Number.isNaN(v)) continue; // NaN matches no range predicate
        const sk = v instanceof Uint8Array ? latin1(v) : v;
        if (seen.has(sk)) continue;
        seen.add(sk);
        const k = keyOf(c.type, v);
        if (min === undefined || compareRangeKeys(c.type, k, min) < 0) min = k;
        if (max === undefined || compareRangeKeys(c.type, k, max) > 0) max = k;
        if (cr.distinct) {
          const ks = latin1(k);
          if (!cr.distinct.has(ks)) {
            cr.distinct.set(ks, k);
            if (cr.distinct.size > EXACT_MAX) cr.distinct = undefined;
          }
        }
      }
      if (min === undefined || max === undefined) continue;
      if (compareRangeKeys(c.type, min, max) !== 0) cr.allPoint = false;
      cr.blocks.push({ id: blockId, min, max });
    }
  }

  write(w: ByteWriter, _blockCount: number): void {
    const names = [...this.cols.keys()]
      .filter((n) => !this.cols.get(n)!.mixed && this.cols.get(n)!.blocks.length > 0)
      .map((n) => ({ n, b: utf8(n) }))
      .sort((a, b) => compareBytes(a.b, b.b));
    const out: { name: string; cr: ColumnRange; bounds: Uint8Array[]; values: Map<string, { key: Uint8Array; blocks: number[] }> }[] = [];
    for (const { n } of names) {
      const cr = this.cols.get(n)!;
      const cmp = (a: Uint8Array, b: Uint8Array): number => compareRangeKeys(cr.type, a, b);
      const values = new Map<string, { key: Uint8Array; blocks: number[] }>();
      const isBytes = cr.type === ColumnType.String || cr.type === ColumnType.Bytes;
      const entryKey = (k: Uint8Array): Uint8Array => (isBytes && k.length > RANGE_KEY_MAX_LEN ? k.subarray(0, RANGE_KEY_MAX_LEN) : k);
      const addTo = (k: Uint8Array, block: number): void => {
        const ek = entryKey(k);
        const ks = latin1(ek);
        let e = values.get(ks);
        if (e === undefined) {
          e = { key: ek, blocks: [] };
          values.set(ks, e);
        }
        if (e.blocks[e.blocks.length - 1] !== block) e.blocks.push(block);
      };
      let bounds: Uint8Array[];
      if (cr.allPoint && cr.distinct) {
        bounds = [...cr.distinct.values()].sort(cmp);
        for (const b of cr.blocks) addTo(b.min, b.id);
      } else {
        const keys = cr.blocks.flatMap((b) => [b.min, b.max]).sort(cmp);
        const picked: Uint8Array[] = [];
        for (let i = 0; i <= BUCKETS; i++) {
          const k = keys[Math.min(keys.length - 1, Math.floor((i * (keys.length - 1)) / BUCKETS))];
          if (picked.length === 0 || cmp(picked[picked.length - 1], k) !== 0) picked.push(k);
        }
        bounds = picked;
        if (bounds.length < 2) {
          // One distinct key overall: a single exact entry is still sound.
          for (const b of cr.blocks) addTo(b.min, b.id);
        } else {
          const find = (v: Uint8Array): number => {
            let lo = 0;
            let hi = bounds.length - 1;
            while (lo < hi) {
              const mid = (lo + hi + 1) >>> 1;
              if (cmp(bounds[mid], v) <= 0) lo = mid;
              else hi = mid - 1;
            }
            return Math.min(lo, bounds.length - 2);
          };
          for (const b of cr.blocks) {
            const from = find(b.min);
            const to = find(b.max);
            for (let i = from; i <= to; i++) addTo(bounds[i], b.id);
          }
        }
      }
      for (const e of values.values()) e.blocks.sort((a, b) => a - b);
      out.push({ name: n, cr, bounds, values });
    }
    w.u32(out.length);
    for (const { name, cr, bounds, values } of out) {
      w.str16(name);
      w.u8(rangeType(cr.type));
      const numeric = cr.type !== ColumnType.String && cr.type !== ColumnType.Bytes;
      if (numeric) {
        w.bytes(bounds[0]);
        w.bytes(bounds[bounds.length - 1]);
        w.u32(bounds.length);
        for (const b of bounds) w.bytes(b);
      } else {
        w.u64(0);
        w.u64(0);
        w.u32(0);
      }
      if (cr.type === ColumnType.Float64 || !numeric) {
        w.u32(bounds.length);
        for (const b of bounds) {
          if (numeric) w.bytes(b);
          else w.bytes32(b);
        }
      } else {
        w.u32(0);
      }
      const list = [...values.values()].sort((a, b) => compareBytes(a.key, b.key));
      w.u32(list.length);
      for (const e of list) {
        if (numeric) {
          w.u8(8);
          w.bytes(e.key);
        } else {
          w.bytes32(e.key);
        }
        w.u32(e.blocks.length);
        for (const id of e.blocks) w.u32(id);
      }
    }
  }
}
