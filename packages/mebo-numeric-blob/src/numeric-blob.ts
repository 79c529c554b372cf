import { EncodingType, MeboError, MeboErrorCode, isNumericV2, metricIdOf, readSafeI64, u64FromHalves, u64ToHalves } from '@mebo/format';
import type { NumericHeader, NumericIndex } from '@mebo/format';
import { timestampCodec, valueCodec } from './encoding/index.js';
import type { TimestampCodec, ValueCodec } from './encoding/index.js';
import { decodeTags } from './tag-payload.js';
import type { NumericDecoderOptions } from './options.js';
import { MaterializedNumericBlob } from './materialized.js';

/** One point, as the `points()` iterator yields it. */
export interface NumericPoint {
  readonly index: number;
  /** Unix microseconds. */
  readonly timestamp: number;
  readonly value: number;
  /** "" when the blob has no tags. */
  readonly tag: string;
}

/** Caller-owned output for {@link NumericBlob.decodeInto}; each array needs room for `length(id)` items. */
export interface NumericColumnsOut {
  timestamps?: Float64Array;
  values?: Float64Array;
  tags?: string[];
}

/** Everything the decoder validated, handed to the blob. */
export interface NumericBlobParts {
  readonly bytes: Uint8Array;
  readonly header: NumericHeader;
  readonly index: NumericIndex;
  readonly ts: Uint8Array;
  readonly val: Uint8Array;
  readonly tag: Uint8Array;
  readonly names: string[] | undefined;
  readonly sharedGroups: number;
  readonly options: NumericDecoderOptions;
}

const halves = { hi: 0, lo: 0 };
const MAX_SAFE = Number.MAX_SAFE_INTEGER;

/**
 * A decoded numeric blob: metadata at once, points on demand. Metric ids are bigints at this API
 * and u32 halves inside; resolve a name once with {@link idOf}.
 *
 * Three reading speeds: {@link decodeInto} (bulk, into your typed arrays: fastest), {@link forEach}
 * (a callback per point over an internal scratch column), and {@link points} (an iterator of
 * point objects: convenient, allocates per point). Random access ({@link timestampAt},
 * {@link valueAt}) is O(1) for Raw columns; other encodings decode the column once and serve
 * later calls on the same metric from that cache.
 *
 * Corrupt column bytes make the decoding call throw a MeboError (Go's iterators stop silently).
 * NaN payloads are kept in the typed-array paths; a NaN passed through a JS number may be
 * canonicalised by the engine.
 */
export class NumericBlob {
  readonly header: NumericHeader;
  /** Unix microseconds. */
  readonly startTime: number;
  readonly metricCount: number;
  /** 0 unless the blob has a shared-timestamp table. */
  readonly sharedTimestampGroups: number;
  readonly #p: NumericBlobParts;
  readonly #index: NumericIndex;
  readonly #le: boolean;
  readonly #tsCodec: TimestampCodec;
  readonly #valCodec: ValueCodec;
  readonly #rawTs: boolean;
  readonly #rawVal: boolean;
  #byId: Map<bigint, number> | undefined;
  #byName: Map<string, number> | undefined;
  // scratch columns for forEach and the random-access cache (one metric each)
  #sTs = new Float64Array(0);
  #sVal = new Float64Array(0);
  #inForEach = false;
  #cacheTs = -1;
  #cacheVal = -1;
  #cTs = new Float64Array(0);
  #cVal = new Float64Array(0);
  #cacheTag = -1;
  #cTag: string[] = [];

  /** @internal use {@link decodeNumericBlob} */
  constructor(parts: NumericBlobParts) {
    this.#p = parts;
    this.#index = parts.index;
    this.header = parts.header;
    this.startTime = parts.header.startTime;
    this.metricCount = parts.index.length;
    this.sharedTimestampGroups = parts.sharedGroups;
    this.#le = !parts.header.bigEndian;
    this.#tsCodec = timestampCodec(parts.header.timestampEncoding);
    this.#valCodec = valueCodec(parts.header.valueEncoding);
    this.#rawTs = parts.header.timestampEncoding === EncodingType.Raw;
    this.#rawVal = parts.header.valueEncoding === EncodingType.Raw;
  }

  /** True for V2 blobs (index sorted by id). */
  get isV2(): boolean {
    return isNumericV2(this.header);
  }

  /** True if the blob stores per-point tags (false also when every tag was "" and Go elided them). */
  get hasTags(): boolean {
    return this.header.hasTags;
  }

  /** Metric ids in index order (insertion order for V1, ascending for V2). */
  metricIds(): bigint[] {
    const ids = new Array<bigint>(this.metricCount);
    for (let i = 0; i < ids.length; i++) ids[i] = u64FromHalves(this.#index.idHi[i], this.#index.idLo[i]);
    return ids;
  }

  /** Names from the names payload (index order); empty unless the blob carries one (§3.4). */
  metricNames(): string[] {
    return this.#p.names?.slice() ?? [];
  }

  /**
   * The id to use for a metric name: from the names payload when the blob has one, else
   * xxHash64 of the name (how Go derives ids in name mode). Resolve once, then read by id.
   */
  idOf(name: string): bigint {
    if (this.#p.names !== undefined) {
      const pos = this.#nameMap().get(name);
      if (pos !== undefined) return u64FromHalves(this.#index.idHi[pos], this.#index.idLo[pos]);
    }
    return metricIdOf(name);
  }

  hasMetric(id: bigint): boolean {
    return this.#pos(id) >= 0;
  }

  /** Points in the metric; 0 if the blob does not hold it. */
  length(id: bigint): number {
    const pos = this.#pos(id);
    return pos < 0 ? 0 : this.#index.counts[pos];
  }

  /** Timestamp of point i (µs), or undefined for an unknown metric or index out of range. */
  timestampAt(id: bigint, i: number): number | undefined {
    const pos = this.#pos(id);
    if (pos < 0 || !(i >= 0 && i < this.#index.counts[pos]) || !Number.isInteger(i)) return undefined;
    if (this.#rawTs) {
      const at = this.#index.tsOffsets[pos] + i * 8;
      if (at + 8 > this.#index.tsOffsets[pos] + this.#index.tsLengths[pos]) throw short('timestamp', pos);
      return readSafeI64(this.#tsView(), at, this.#le);
    }
    return this.#tsColumn(pos)[i];
  }

  /** Value of point i, or undefined for an unknown metric or index out of range. */
  valueAt(id: bigint, i: number): number | undefined {
    const pos = this.#pos(id);
    if (pos < 0 || !(i >= 0 && i < this.#index.counts[pos]) || !Number.isInteger(i)) return undefined;
    if (this.#rawVal) {
      const at = this.#index.valueOffsets[pos] + i * 8;
      if (at + 8 > this.#index.valueOffsets[pos] + this.#index.valueLengths[pos]) throw short('value', pos);
      return this.#valView().getFloat64(at, this.#le);
    }
    return this.#valColumn(pos)[i];
  }

  /** Tag of point i ("" when the blob has no tags), or undefined for an unknown metric or index out of range. */
  tagAt(id: bigint, i: number): string | undefined {
    const pos = this.#pos(id);
    if (pos < 0 || !(i >= 0 && i < this.#index.counts[pos]) || !Number.isInteger(i)) return undefined;
    if (!this.header.hasTags) return '';
    if (this.#cacheTag !== pos) {
      const n = this.#checkCount(pos);
      const tags = new Array<string>(n);
      this.#decodeTagsAt(pos, tags);
      this.#cTag = tags;
      this.#cacheTag = pos;
    }
    return this.#cTag[i];
  }

  /**
   * Calls `fn(timestamp, value, i)` for every point in stored order; `fn` may return false to
   * stop. Returns false if the blob does not hold the metric.
   */
  forEach(id: bigint, fn: (timestamp: number, value: number, i: number) => unknown): boolean {
    const pos = this.#pos(id);
    if (pos < 0) return false;
    const n = this.#checkCount(pos);
    // A callback that calls forEach again (nested) gets fresh columns, not the busy scratch.
    const nested = this.#inForEach;
    if (!nested && this.#sTs.length < n) {
      this.#sTs = new Float64Array(n);
      this.#sVal = new Float64Array(n);
    }
    const ts = nested ? new Float64Array(n) : this.#sTs;
    const vals = nested ? new Float64Array(n) : this.#sVal;
    this.#decodeTs(pos, ts);
    this.#decodeVal(pos, vals);
    this.#inForEach = true;
    try {
      for (let i = 0; i < n; i++) if (fn(ts[i], vals[i], i) === false) break;
    } finally {
      this.#inForEach = nested;
    }
    return true;
  }

  /**
   * Decodes the metric's columns into the arrays given (any of the three may be omitted) and
   * returns the point count (0 for an unknown metric).
   * @throws MeboError INVALID_ARGUMENT when an array is too small; the codec's error on corrupt data
   */
  decodeInto(id: bigint, out: NumericColumnsOut): number {
    const pos = this.#pos(id);
    if (pos < 0) return 0;
    const n = this.#index.counts[pos];
    const { timestamps, values } = out;
    if (timestamps !== undefined) {
      if (timestamps.length < n) throw tooSmall('timestamps', timestamps.length, n);
      this.#decodeTs(pos, timestamps);
    }
    if (values !== undefined) {
      if (values.length < n) throw tooSmall('values', values.length, n);
      this.#decodeVal(pos, values);
    }
    if (out.tags !== undefined) {
      if (this.header.hasTags) this.#decodeTagsAt(pos, out.tags);
      else for (let i = 0; i < n; i++) out.tags[i] = '';
    }
    return n;
  }

  /** The metric's columns in new arrays (empty for an unknown metric). */
  read(id: bigint): { timestamps: Float64Array; values: Float64Array; tags: string[] } {
    const pos = this.#pos(id);
    const n = pos < 0 ? 0 : this.#checkCount(pos);
    const out = { timestamps: new Float64Array(n), values: new Float64Array(n), tags: new Array<string>(n) };
    this.decodeInto(id, out);
    return out;
  }

  /** Iterates the metric's points as objects (nothing for an unknown metric). */
  *points(id: bigint): Generator<NumericPoint, void, undefined> {
    const pos = this.#pos(id);
    if (pos < 0) return;
    const { timestamps, values, tags } = this.read(id);
    for (let i = 0; i < timestamps.length; i++) yield { index: i, timestamp: timestamps[i], value: values[i], tag: tags[i] };
  }

  /**
   * Decodes every metric at once into one timestamp and one value array (O(1) access after).
   * @throws MeboError LIMIT_EXCEEDED when the blob declares more than 8 × maxDecompressedBytes / 16 points in all
   */
  materialize(): MaterializedNumericBlob {
    let total = 0;
    for (let i = 0; i < this.metricCount; i++) total += this.#checkCount(i);
    const limit = Math.floor((this.#p.options.maxDecompressedBytes * 8) / 16);
    if (total > limit) throw new MeboError(MeboErrorCode.LimitExceeded, `blob declares ${total} points, materialize limit ${limit}`);
    const ts = new Float64Array(total);
    const vals = new Float64Array(total);
    const starts = new Float64Array(this.metricCount + 1);
    const tags = this.header.hasTags ? new Array<string>(total) : undefined;
    let p = 0;
    for (let i = 0; i < this.metricCount; i++) {
      const n = this.#index.counts[i];
      starts[i] = p;
      this.#decodeTs(i, ts.subarray(p, p + n));
      this.#decodeVal(i, vals.subarray(p, p + n));
      if (tags !== undefined) {
        const t = new Array<string>(n);
        this.#decodeTagsAt(i, t);
        for (let j = 0; j < n; j++) tags[p + j] = t[j];
      }
      p += n;
    }
    starts[this.metricCount] = p;
    return new MaterializedNumericBlob(this.metricIds(), this.#p.names, starts, ts, vals, tags, this.startTime);
  }

  /** @internal position of a metric in the index, or -1 (for blob sets). */
  positionOf(id: bigint): number {
    return this.#pos(id);
  }

  /**
   * Before allocating for metric `pos`: its declared count must fit its column bytes where the
   * encoding spends at least a fixed amount per point (Raw 8 bytes, Delta 1 byte, Gorilla/Chimp
   * 1 bit, a tag 1 byte). ALP (width 0) and DeltaPacked have no such floor; `maxPointsPerMetric`
   * bounds them.
   * @throws MeboError CORRUPT_DATA
   */
  #checkCount(pos: number): number {
    const n = this.#index.counts[pos];
    const tsLen = this.#index.tsLengths[pos];
    const valLen = this.#index.valueLengths[pos];
    const tsMax = this.#rawTs ? tsLen / 8 : this.header.timestampEncoding === EncodingType.Delta ? tsLen : Infinity;
    const valMax = this.#rawVal ? valLen / 8 : this.header.valueEncoding === EncodingType.ALP ? Infinity : valLen * 8;
    const tagMax = this.header.hasTags ? this.#index.tagLengths[pos] : Infinity;
    if (n > tsMax || n > valMax || n > tagMax) {
      throw new MeboError(MeboErrorCode.CorruptData, `metric ${pos} declares ${n} points, more than its columns can hold (ts ${tsLen}, value ${valLen} bytes)`);
    }
    return n;
  }

  #pos(id: bigint): number {
    if (this.#byId === undefined) {
      const m = new Map<bigint, number>();
      // first entry wins for a repeated id (a real xxh64 collision)
      for (let i = this.metricCount - 1; i >= 0; i--) m.set(u64FromHalves(this.#index.idHi[i], this.#index.idLo[i]), i);
      this.#byId = m;
    }
    const pos = this.#byId.get(id);
    if (pos !== undefined) return pos;
    if (typeof id !== 'bigint') u64ToHalves(id, halves); // throws INVALID_METRIC_ID for a non-bigint
    return -1;
  }

  #nameMap(): Map<string, number> {
    if (this.#byName === undefined) {
      this.#byName = new Map();
      const names = this.#p.names ?? [];
      for (let i = 0; i < names.length; i++) this.#byName.set(names[i], i);
    }
    return this.#byName;
  }

  #decodeTs(pos: number, out: Float64Array): void {
    const start = this.#index.tsOffsets[pos];
    const n = this.#index.counts[pos];
    this.#tsCodec.decode(this.#p.ts, start, start + this.#index.tsLengths[pos], n, this.#le, out);
    // Timestamps are numbers at this API: one beyond ±(2^53−1) (e.g. nanoseconds) cannot be exact.
    for (let i = 0; i < n; i++) {
      const t = out[i];
      if (t > MAX_SAFE || t < -MAX_SAFE) unsafeTimestamp(pos, i, t);
    }
  }

  #decodeVal(pos: number, out: Float64Array): void {
    const start = this.#index.valueOffsets[pos];
    this.#valCodec.decode(this.#p.val, start, start + this.#index.valueLengths[pos], this.#index.counts[pos], this.#le, out);
  }

  #decodeTagsAt(pos: number, out: string[]): void {
    const start = this.#index.tagOffsets[pos];
    decodeTags(this.#p.tag, start, start + this.#index.tagLengths[pos], this.#index.counts[pos], out);
  }

  #tsColumn(pos: number): Float64Array {
    if (this.#cacheTs !== pos) {
      const col = new Float64Array(this.#checkCount(pos));
      this.#decodeTs(pos, col);
      this.#cTs = col;
      this.#cacheTs = pos;
    }
    return this.#cTs;
  }

  #valColumn(pos: number): Float64Array {
    if (this.#cacheVal !== pos) {
      const col = new Float64Array(this.#checkCount(pos));
      this.#decodeVal(pos, col);
      this.#cVal = col;
      this.#cacheVal = pos;
    }
    return this.#cVal;
  }

  #tsViewCache: DataView | undefined;
  #tsView(): DataView {
    return (this.#tsViewCache ??= new DataView(this.#p.ts.buffer, this.#p.ts.byteOffset, this.#p.ts.byteLength));
  }

  #valViewCache: DataView | undefined;
  #valView(): DataView {
    return (this.#valViewCache ??= new DataView(this.#p.val.buffer, this.#p.val.byteOffset, this.#p.val.byteLength));
  }
}

/** @internal shared with the blob set */
export function tooSmall(what: string, length: number, n: number): MeboError {
  return new MeboError(MeboErrorCode.InvalidArgument, `out.${what} holds ${length}, the metric has ${n} points`);
}

function unsafeTimestamp(pos: number, i: number, t: number): never {
  throw new MeboError(MeboErrorCode.CorruptData, `metric ${pos}: timestamp ${t} at point ${i} is beyond ±(2^53−1) µs`);
}

function short(what: string, pos: number): MeboError {
  return new MeboError(MeboErrorCode.Truncated, `${what} column of metric ${pos} is shorter than its point count`);
}
