import { MeboError, MeboErrorCode, metricIdOf } from '@mebo/format';
import type { TextBlob, TextMetric, TextPoint, TextPointCallback } from './text-blob.js';
import type { TextDecodeOptions } from './text-decoder.js';
import { decodeTextBlob } from './text-decoder.js';
import type { MaterializedTextMetric } from './text-materialized.js';
import { MaterializedTextBlob, materializeMetric } from './text-materialized.js';

type BlobSource = TextBlob | Uint8Array;

/**
 * Many text blobs read as one time-ordered series per metric (Go TextBlobSet). Blobs are sorted by
 * start time (stable: equal start times keep their input order, where Go's order is unspecified).
 * Point indices run continuously across the blobs that hold a metric; blobs without it are skipped.
 */
export class TextBlobSet {
  /** Blobs in start-time order. */
  readonly blobs: readonly TextBlob[];

  /** @throws MeboError EMPTY_BLOB_SET */
  constructor(blobs: readonly TextBlob[]) {
    if (blobs.length === 0) throw new MeboError(MeboErrorCode.EmptyBlobSet, 'a text blob set needs at least one blob');
    this.blobs = blobs
      .map((b, i) => ({ b, i }))
      .sort((x, y) => x.b.startTime - y.b.startTime || x.i - y.i)
      .map((x) => x.b);
  }

  /**
   * From decoded blobs or blob bytes (decoded with `options`).
   * @throws MeboError EMPTY_BLOB_SET and anything `decodeTextBlob` throws
   */
  static from(source: Iterable<BlobSource>, options: Readonly<Partial<TextDecodeOptions>> = {}): TextBlobSet {
    const blobs: TextBlob[] = [];
    for (const s of source) blobs.push(s instanceof Uint8Array ? decodeTextBlob(s, options) : s);
    return new TextBlobSet(blobs);
  }

  /**
   * From an async source (an AsyncIterable such as a Node stream of blobs, or a ReadableStream),
   * decoding each blob as it arrives.
   */
  static async fromAsync(
    source: AsyncIterable<BlobSource> | Iterable<BlobSource>,
    options: Readonly<Partial<TextDecodeOptions>> = {},
  ): Promise<TextBlobSet> {
    const blobs: TextBlob[] = [];
    for await (const s of source) blobs.push(s instanceof Uint8Array ? decodeTextBlob(s, options) : s);
    return new TextBlobSet(blobs);
  }

  /** Number of blobs. */
  get length(): number {
    return this.blobs.length;
  }

  /** Start times of the first and last blob. */
  timeRange(): { start: number; end: number } {
    return { start: this.blobs[0].startTime, end: this.blobs[this.blobs.length - 1].startTime };
  }

  /** The metric across all blobs that hold it, or undefined when none does. Resolve once, read many. */
  metric(key: bigint | string): TextSetMetric | undefined {
    const parts: TextMetric[] = [];
    for (const b of this.blobs) {
      const m = b.metric(key);
      if (m) parts.push(m);
    }
    return parts.length === 0 ? undefined : new TextSetMetric(parts);
  }

  /** Points of a metric across the set (0 if absent). */
  len(key: bigint | string): number {
    let n = 0;
    for (const b of this.blobs) n += b.len(key);
    return n;
  }

  /**
   * Every metric decoded eagerly, concatenated in time order (keyed by name when blobs have names,
   * else by id). Blobs without tags contribute '' tags so indices stay aligned.
   */
  materialize(): MaterializedTextBlob {
    const order: string[] = [];
    const groups = new Map<string, TextMetric[]>();
    for (const b of this.blobs) {
      for (const m of b.metrics()) {
        const k = m.name !== undefined ? `n:${m.name}` : `i:${m.id}`;
        let g = groups.get(k);
        if (!g) {
          g = [];
          groups.set(k, g);
          order.push(k);
        }
        g.push(m);
      }
    }
    const metrics = order.map((k) => new TextSetMetric(groups.get(k) as TextMetric[]).materialize());
    return new MaterializedTextBlob(this.blobs[0].startTime, metrics, metricIdOf);
  }
}

/** One metric across a blob set: the per-blob readers, with one continuous point index. */
export class TextSetMetric {
  readonly length: number;
  /** Index of each part's first point in the set-wide numbering. */
  private readonly firsts: Uint32Array;

  constructor(
    /** The metric in each blob that holds it, in time order. */
    readonly parts: readonly TextMetric[],
  ) {
    this.firsts = new Uint32Array(parts.length);
    let n = 0;
    parts.forEach((p, i) => {
      this.firsts[i] = n;
      n += p.length;
    });
    this.length = n;
  }

  get id(): bigint {
    return this.parts[0].id;
  }

  get name(): string | undefined {
    return this.parts[0].name;
  }

  /** Calls `cb(ts, value, tag, i)` for every point in time order; stops when it returns false. */
  forEach(cb: TextPointCallback): number {
    let visited = 0;
    for (let k = 0; k < this.parts.length; k++) {
      const base = this.firsts[k];
      let stopped = false;
      const n = this.parts[k].forEach((ts, v, t, i) => {
        if (cb(ts, v, t, base + i) === false) {
          stopped = true;
          return false;
        }
        return undefined;
      });
      visited += n;
      if (stopped) break;
    }
    return visited;
  }

  *points(): IterableIterator<TextPoint> {
    for (const p of this.parts) yield* p.points();
  }

  timestamps(): Float64Array {
    const out = new Float64Array(this.length);
    this.parts.forEach((p, k) => out.set(p.timestamps(), this.firsts[k]));
    return out;
  }

  values(): string[] {
    return this.parts.flatMap((p) => p.values());
  }

  tags(): string[] {
    return this.parts.flatMap((p) => p.tags());
  }

  timestampAt(i: number): number | undefined {
    const k = this.partOf(i);
    return k < 0 ? undefined : this.parts[k].timestampAt(i - this.firsts[k]);
  }

  valueAt(i: number): string | undefined {
    const k = this.partOf(i);
    return k < 0 ? undefined : this.parts[k].valueAt(i - this.firsts[k]);
  }

  tagAt(i: number): string | undefined {
    const k = this.partOf(i);
    return k < 0 ? undefined : this.parts[k].tagAt(i - this.firsts[k]);
  }

  /** Last timestamp minus first (0 for a single point). */
  duration(): number {
    if (this.length === 0) return 0;
    return (this.timestampAt(this.length - 1) as number) - (this.timestampAt(0) as number);
  }

  materialize(): MaterializedTextMetric {
    const parts = this.parts.map((p) => materializeMetric(p));
    const timestamps = new Float64Array(this.length);
    parts.forEach((p, k) => timestamps.set(p.timestamps, this.firsts[k]));
    return {
      id: this.id,
      name: this.name,
      timestamps,
      values: parts.flatMap((p) => p.values),
      tags: parts.flatMap((p) => p.tags),
    };
  }

  /** The part holding set-wide point i (binary search over the part starts), or -1. */
  private partOf(i: number): number {
    if (!Number.isInteger(i) || i < 0 || i >= this.length) return -1;
    let lo = 0;
    let hi = this.firsts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.firsts[mid] <= i) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}
