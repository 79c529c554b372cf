import { compareBytes, utf8 } from '../shared/bytes.js';
import { ColumnType, RANGE_KEY_MAX_LEN } from '../shared/constants.js';
import type { RangeColumn } from '../reader/metadata.js';
import type { RangeBound } from './source.js';

/**
 * Range-index lookups (spec 11.5) over one parsed range-index column. Every answer is a superset
 * of the blocks that can hold a matching value; `undefined` means "no constraint".
 */
export class RangeLookup {
  private readonly family: 'int' | 'uint' | 'float' | 'bytes' | undefined;
  /** Entries sorted in value order, with decoded numeric keys. */
  private readonly keys: (bigint | number | Uint8Array)[] = [];
  private readonly lists: Uint32Array[] = [];
  private presence: Set<number> | undefined;
  /** Exact path (spec 11.2): one entry per distinct value, so a point lookup must hit a key. */
  private readonly exact: boolean;
  /** Exact smallest and largest value (typed bounds), when known. */
  private readonly lowest: bigint | number | Uint8Array | undefined;
  private readonly highest: bigint | number | Uint8Array | undefined;

  constructor(
    col: RangeColumn,
    /** Files with more than 100 blocks may come from Go's KLL path, whose extremes are inexact. */
    private readonly exactExtremes: boolean,
  ) {
    this.family = familyOfRange(col.type);
    const decoded = col.entries.map((e) => ({ key: decodeKey(this.family, e.key), blocks: e.blocks }));
    if (this.family !== 'bytes') decoded.sort((a, b) => cmp(a.key, b.key));
    for (const d of decoded) {
      this.keys.push(d.key);
      this.lists.push(d.blocks);
    }
    const bounds = this.family === 'bytes' ? col.bytesBoundaries.length : this.family === 'float' ? col.floatBoundaries.length : col.boundaries.length;
    // Bucketed columns carry one more boundary than buckets; the exact path one per value.
    this.exact = bounds > 0 && bounds === col.entries.length;
    if (this.family === 'bytes' && col.bytesBoundaries.length > 0) {
      this.lowest = col.bytesBoundaries[0];
      this.highest = col.bytesBoundaries[col.bytesBoundaries.length - 1];
    } else if (this.family !== 'bytes' && this.family !== undefined && this.keys.length > 0) {
      this.lowest = this.keys[0];
      this.highest = decodeBucket(this.family, col.bucketMax) ?? this.keys[this.keys.length - 1];
    }
  }

  /** Every block listed under any entry: the blocks where the column has a value. */
  blocksWithValues(): ReadonlySet<number> {
    if (this.presence === undefined) {
      this.presence = new Set();
      for (const l of this.lists) for (const b of l) this.presence.add(b);
    }
    return this.presence;
  }

  /** Blocks that may hold a value in [lo, hi]; undefined when the bound type does not fit the column. */
  blocksInRange(lo: RangeBound | undefined, hi: RangeBound | undefined): ReadonlySet<number> | undefined {
    const fam = this.family;
    if (fam === undefined || this.keys.length === 0) return undefined;
    const l = lo === undefined ? undefined : toKey(fam, lo, 'lo');
    const h = hi === undefined ? undefined : toKey(fam, hi, 'hi');
    if (l === null || h === null) return undefined;
    if (l === 'empty' || h === 'empty') return new Set();
    if (l !== undefined && h !== undefined && cmp(l, h) > 0) return new Set();
    // File-level reject: the predicate lies outside the column's [min, max].
    if (this.exactExtremes && this.lowest !== undefined && this.highest !== undefined) {
      if (h !== undefined && cmp(h, this.lowest) < 0) return new Set();
      if (l !== undefined && cmp(l, this.highest) > 0 && !(fam === 'bytes' && isTruncated(this.highest))) return new Set();
    }
    if (this.exact && l !== undefined && h !== undefined && cmp(l, h) === 0) {
      // Point lookup on the exact path: the value's own entry, or nothing.
      const i = this.lastAtOrBelow(l);
      const hit = i >= 0 && (cmp(this.keys[i], l) === 0 || (isTruncated(this.keys[i]) && startsWith(l as Uint8Array, this.keys[i] as Uint8Array)));
      if (hit) return new Set(this.lists[i]);
      if (fam !== 'bytes' || i < 0 || !isTruncated(this.keys[i])) return new Set();
    }
    let first = l === undefined ? 0 : this.lastAtOrBelow(l);
    if (first < 0) {
      if (fam === 'bytes' && this.exactExtremes && h !== undefined && cmp(h, this.keys[0]) < 0 && !isTruncated(this.keys[0])) return new Set();
      first = 0;
    }
    // A truncated string key ≤ v may hide the bucket v belongs to: step back over them.
    if (fam === 'bytes' && l !== undefined) {
      while (first > 0 && isTruncated(this.keys[first]) && startsWith(l as Uint8Array, this.keys[first] as Uint8Array)) first--;
    }
    let last = h === undefined ? this.keys.length - 1 : this.lastAtOrBelow(h);
    if (last < 0) {
      if (!this.exactExtremes || fam === 'bytes') last = 0;
      else return new Set();
    }
    const out = new Set<number>();
    for (let i = first; i <= last; i++) for (const b of this.lists[i]) out.add(b);
    return out;
  }

  private lastAtOrBelow(v: bigint | number | Uint8Array): number {
    let lo = 0;
    let hi = this.keys.length - 1;
    let ans = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (cmp(this.keys[mid], v) <= 0) {
        ans = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return ans;
  }
}

function familyOfRange(type: number): 'int' | 'uint' | 'float' | 'bytes' | undefined {
  switch (type) {
    case ColumnType.RangeInt64:
    case ColumnType.RangeDuration:
    case ColumnType.Int64:
      return 'int';
    case ColumnType.RangeUint64:
    case ColumnType.Uint64:
      return 'uint';
    case ColumnType.RangeFloat64:
    case ColumnType.Float64:
      return 'float';
    case ColumnType.RangeBytes:
    case ColumnType.RangeString:
    case ColumnType.String:
    case ColumnType.Bytes:
      return 'bytes';
    default:
      return undefined;
  }
}

function decodeKey(fam: ReturnType<typeof familyOfRange>, key: Uint8Array): bigint | number | Uint8Array {
  if (fam === 'bytes' || fam === undefined || key.length !== 8) return key;
  const v = new DataView(key.buffer, key.byteOffset, 8);
  if (fam === 'float') return v.getFloat64(0, true);
  return fam === 'int' ? v.getBigInt64(0, true) : v.getBigUint64(0, true);
}

function decodeBucket(fam: 'int' | 'uint' | 'float', raw: bigint): bigint | number | undefined {
  const b = new DataView(new ArrayBuffer(8));
  b.setBigInt64(0, raw, true);
  if (fam === 'float') return b.getFloat64(0, true);
  return fam === 'int' ? b.getBigInt64(0, true) : b.getBigUint64(0, true);
}

/**
 * A query bound in the column's key space. `null`: the bound's type does not fit (no pruning);
 * `'empty'`: no value of this column type can satisfy it.
 */
function toKey(fam: 'int' | 'uint' | 'float' | 'bytes', v: RangeBound, side: 'lo' | 'hi'): bigint | number | Uint8Array | null | 'empty' {
  if (fam === 'bytes') {
    if (typeof v === 'string') return utf8(v);
    if (v instanceof Uint8Array) return v;
    return null;
  }
  if (fam === 'float') {
    if (typeof v === 'number') return v;
    if (typeof v === 'bigint') return Number(v);
    return null;
  }
  let n: bigint;
  if (typeof v === 'bigint') n = v;
  else if (typeof v === 'number') {
    if (!Number.isFinite(v)) return null;
    n = BigInt(side === 'lo' ? Math.ceil(v) : Math.floor(v));
  } else return null;
  if (fam === 'uint' && n < 0n) return side === 'hi' ? 'empty' : 0n;
  return n;
}

function cmp(a: bigint | number | Uint8Array, b: bigint | number | Uint8Array): number {
  if (a instanceof Uint8Array && b instanceof Uint8Array) return compareBytes(a, b);
  if (typeof a === 'bigint' && typeof b === 'bigint') return a < b ? -1 : a > b ? 1 : 0;
  const x = Number(a);
  const y = Number(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

function isTruncated(k: bigint | number | Uint8Array): boolean {
  return k instanceof Uint8Array && k.length >= RANGE_KEY_MAX_LEN;
}

function startsWith(v: Uint8Array, prefix: Uint8Array): boolean {
  if (v.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (v[i] !== prefix[i]) return false;
  return true;
}
