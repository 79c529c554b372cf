import type { ByteWriter } from '../shared/bytes.js';
import { compareBytes, utf8 } from '../shared/bytes.js';
import { Col, ColumnType, RANGE_KEY_MAX_LEN } from '../shared/constants.js';
import type { ColumnStats } from './block-builder.js';

/** Distinct values beyond which a column takes the bucketed path (spec 11.2). */
const EXACT_MAX = 100;
/** Boundaries asked for on the bucketed path: up to 1,001 (spec 11.3). */
const BUCKETS = 1000;
/**
 * Mean share of buckets a block falls in above which a column gets a single bucket (its blocks
 * cover nearly everything, so buckets cannot prune); above a quarter, when the lists would hold
 * more than COARSE_IDS block ids (random ids in a big file: ~blocks²/2 ids for no pruning).
 */
const COARSE_OVERLAP = 0.9;
const COARSE_IDS = 100_000;

interface ColumnRange {
  type: ColumnType;
  mixed: boolean;
  /** Per block: [blockId, minKey, maxKey]. */
  blocks: { id: number; min: Uint8Array; max: Uint8Array }[];
  allPoint: boolean;
  /** Distinct keys (latin1 string of the key bytes) → key bytes, until more than EXACT_MAX. */
  distinct: Map<string, Uint8Array> | undefined;
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
      if (!indexed(c.name, c.type) || c.keys.length === 0) continue;
      let cr = this.cols.get(c.name);
      if (cr === undefined) {
        cr = { type: c.type, mixed: false, blocks: [], allPoint: true, distinct: new Map() };
        this.cols.set(c.name, cr);
      } else if (cr.type !== c.type) {
        cr.mixed = true;
      }
      if (cr.mixed) continue;
      const min = c.keys[0];
      const max = c.keys[c.keys.length - 1];
      if (c.keys.length > 1) cr.allPoint = false;
      if (cr.distinct) {
        if (!c.complete) cr.distinct = undefined;
        else
          for (const k of c.keys) {
            const ks = latin1(k);
            if (!cr.distinct.has(ks)) {
              cr.distinct.set(ks, k);
              if (cr.distinct.size > EXACT_MAX) {
                cr.distinct = undefined;
                break;
              }
            }
          }
      }
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
      const isBytes = cr.type === ColumnType.String || cr.type === ColumnType.Bytes;
      // Keys compared through a decoded form: bytes as they are, numbers as bigint / number.
      const dec = (k: Uint8Array): Uint8Array | bigint | number => {
        if (isBytes) return k;
        const v = new DataView(k.buffer, k.byteOffset, 8);
        return cr.type === ColumnType.Float64 ? v.getFloat64(0, true) : cr.type === ColumnType.Int64 ? v.getBigInt64(0, true) : v.getBigUint64(0, true);
      };
      const cmpV = (a: Uint8Array | bigint | number, b: Uint8Array | bigint | number): number =>
        a instanceof Uint8Array ? compareBytes(a, b as Uint8Array) : a < (b as number) ? -1 : a > (b as number) ? 1 : 0;
      const entryKey = (k: Uint8Array): Uint8Array => (isBytes && k.length > RANGE_KEY_MAX_LEN ? k.subarray(0, RANGE_KEY_MAX_LEN) : k);
      let bounds: Uint8Array[];
      let lists: number[][];
      if (cr.allPoint && cr.distinct) {
        const items = [...cr.distinct.values()].map((k) => ({ k, v: dec(k) })).sort((a, b) => cmpV(a.v, b.v));
        bounds = items.map((i) => i.k);
        lists = bounds.map(() => []);
        for (const b of cr.blocks) {
          const v = dec(b.min);
          let lo = 0;
          let hi = items.length - 1;
          while (lo < hi) {
            const mid = (lo + hi) >>> 1;
            if (cmpV(items[mid].v, v) < 0) lo = mid + 1;
            else hi = mid;
          }
          lists[lo].push(b.id);
        }
      } else {
        const items = cr.blocks.flatMap((b) => [b.min, b.max]).map((k) => ({ k, v: dec(k) })).sort((a, b) => cmpV(a.v, b.v));
        const picked: { k: Uint8Array; v: Uint8Array | bigint | number }[] = [];
        for (let i = 0; i <= BUCKETS; i++) {
          const it = items[Math.min(items.length - 1, Math.floor((i * (items.length - 1)) / BUCKETS))];
          if (picked.length === 0 || cmpV(picked[picked.length - 1].v, it.v) !== 0) picked.push(it);
        }
        bounds = picked.map((p) => p.k);
        lists = bounds.map(() => []);
        const find = (v: Uint8Array | bigint | number): number => {
          let lo = 0;
          let hi = picked.length - 1;
          while (lo < hi) {
            const mid = (lo + hi + 1) >>> 1;
            if (cmpV(picked[mid].v, v) <= 0) lo = mid;
            else hi = mid - 1;
          }
          return Math.max(0, Math.min(lo, picked.length - 2));
        };
        let total = 0;
        const spans = cr.blocks.map((b) => {
          const from = find(dec(b.min));
          const to = find(dec(b.max));
          total += to - from + 1;
          return { id: b.id, from, to };
        });
        const overlap = total / ((picked.length - 1) * cr.blocks.length);
        if (picked.length > 2 && (overlap > COARSE_OVERLAP || (overlap > 0.25 && total > COARSE_IDS))) {
          // Blocks overlap most buckets (random ids, high-cardinality values): fine buckets cannot
          // prune, they only cost metadata (buckets × blocks ids). One bucket [min, max] is sound.
          bounds = [picked[0].k, picked[picked.length - 1].k];
          lists = [cr.blocks.map((b) => b.id), []];
        } else for (const sp of spans) for (let i = sp.from; i <= sp.to; i++) lists[i].push(sp.id);
      }
      // Entries keyed by each bound (truncated for strings: equal truncated keys are adjacent, so merge them).
      const values = new Map<string, { key: Uint8Array; blocks: number[] }>();
      let last: { key: Uint8Array; blocks: number[] } | undefined;
      for (let i = 0; i < bounds.length; i++) {
        if (lists[i].length === 0) continue;
        const ek = entryKey(bounds[i]);
        if (last && compareBytes(last.key, ek) === 0) last.blocks.push(...lists[i]);
        else {
          last = { key: ek, blocks: lists[i].slice() };
          values.set(String(values.size), last);
        }
      }
      for (const e of values.values()) e.blocks = [...new Set(e.blocks)].sort((a, b) => a - b);
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
