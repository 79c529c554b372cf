import { MeboError, MeboErrorCode, metricIdOf } from '@mebo/format';
import { NumericBlob, tooSmall } from './numeric-blob.js';
import type { NumericColumnsOut, NumericPoint } from './numeric-blob.js';
import { NumericDecoder } from './numeric-decoder.js';
import type { NumericDecoderOptions } from './options.js';
import { MaterializedNumericBlob } from './materialized.js';

/** Blobs as bytes or already opened. */
export type NumericBlobInput = Uint8Array | NumericBlob;

/** A source of blobs: an async iterable (a Node stream, a generator) or a web ReadableStream. */
export type NumericBlobSource = AsyncIterable<NumericBlobInput> | ReadableStream<NumericBlobInput>;

/**
 * Many numeric blobs read as one time-ordered series per metric (Go `NumericBlobSet`). Blobs are
 * sorted by header start time (stable: equal start times keep input order, where Go's order is
 * unspecified); a metric's points are numbered 0, 1, … across the blobs that hold it, and blobs
 * without it contribute nothing. Bytes are not copied: each blob keeps views of its input.
 */
export class NumericBlobSet {
  readonly #blobs: NumericBlob[];
  readonly #prefix = new Map<bigint, Float64Array>(); // per metric: points before blob k, k = 0…length
  readonly #maxPoints: number; // materialize bound, as NumericBlob.materialize: 8 × maxDecompressedBytes / 16

  /** @throws MeboError EMPTY_BLOB_SET */
  private constructor(blobs: NumericBlob[], options: NumericDecoderOptions) {
    if (blobs.length === 0) throw new MeboError(MeboErrorCode.EmptyBlobSet, 'a blob set needs at least one blob');
    this.#maxPoints = Math.floor((options.maxDecompressedBytes * 8) / 16);
    this.#blobs = blobs.map((b, i) => ({ b, i })).sort((x, y) => x.b.startTime - y.b.startTime || x.i - y.i).map((x) => x.b);
  }

  /**
   * A set from blobs in memory (bytes are opened with one decoder and `options`).
   * @throws MeboError EMPTY_BLOB_SET, or the decoder's error for a bad blob
   */
  static from(blobs: Iterable<NumericBlobInput>, options: Readonly<Partial<NumericDecoderOptions>> = {}): NumericBlobSet {
    const dec = new NumericDecoder(options);
    const opened: NumericBlob[] = [];
    for (const b of blobs) opened.push(open(dec, b));
    return new NumericBlobSet(opened, dec.options);
  }

  /**
   * A set from a stream of blobs: each is opened (header and index validated, payload views
   * kept, nothing copied) as it arrives.
   * @throws MeboError as {@link from}
   */
  static async fromAsync(source: NumericBlobSource, options: Readonly<Partial<NumericDecoderOptions>> = {}): Promise<NumericBlobSet> {
    const dec = new NumericDecoder(options);
    const opened: NumericBlob[] = [];
    for await (const b of asAsyncIterable(source)) opened.push(open(dec, b));
    return new NumericBlobSet(opened, dec.options);
  }

  /** Number of blobs. */
  get length(): number {
    return this.#blobs.length;
  }

  /** The blobs, in start-time order. */
  blobs(): NumericBlob[] {
    return this.#blobs.slice();
  }

  blobAt(i: number): NumericBlob | undefined {
    return this.#blobs[i];
  }

  /** Start times (µs) of the first and last blob. */
  timeRange(): [number, number] {
    return [this.#blobs[0].startTime, this.#blobs[this.#blobs.length - 1].startTime];
  }

  /** Every metric id in any blob, in first-seen order. */
  metricIds(): bigint[] {
    const seen = new Set<bigint>();
    for (const b of this.#blobs) for (const id of b.metricIds()) seen.add(id);
    return [...seen];
  }

  /** The id for a name: the first blob's names payload that knows it, else xxHash64 of the name. */
  idOf(name: string): bigint {
    for (const b of this.#blobs) if (b.metricNames().includes(name)) return b.idOf(name);
    return metricIdOf(name);
  }

  hasMetric(id: bigint): boolean {
    return this.#blobs.some((b) => b.hasMetric(id));
  }

  /** Total points of the metric across the set. */
  metricLength(id: bigint): number {
    const p = this.#prefixOf(id);
    return p[p.length - 1];
  }

  /** Last timestamp in the last blob holding the metric minus the first in the first one (µs), or 0. */
  metricDuration(id: bigint): number {
    const n = this.metricLength(id);
    if (n === 0) return 0;
    return (this.timestampAt(id, n - 1) as number) - (this.timestampAt(id, 0) as number);
  }

  timestampAt(id: bigint, i: number): number | undefined {
    const at = this.#locate(id, i);
    return at === undefined ? undefined : this.#blobs[at[0]].timestampAt(id, at[1]);
  }

  valueAt(id: bigint, i: number): number | undefined {
    const at = this.#locate(id, i);
    return at === undefined ? undefined : this.#blobs[at[0]].valueAt(id, at[1]);
  }

  tagAt(id: bigint, i: number): string | undefined {
    const at = this.#locate(id, i);
    return at === undefined ? undefined : this.#blobs[at[0]].tagAt(id, at[1]);
  }

  /**
   * `fn(timestamp, value, i)` over the metric's points in time order, i global; `fn` may return
   * false to stop. Returns false if no blob holds the metric.
   */
  forEach(id: bigint, fn: (timestamp: number, value: number, i: number) => unknown): boolean {
    let base = 0;
    let found = false;
    let stopped = false;
    for (const b of this.#blobs) {
      if (stopped) break;
      const offset = base;
      found = b.forEach(id, (t, v, i) => {
        if (fn(t, v, offset + i) === false) {
          stopped = true;
          return false;
        }
        return true;
      }) || found;
      base += b.length(id);
    }
    return found;
  }

  /**
   * Decodes the whole series into the caller's arrays (each sized for {@link metricLength}).
   * @returns the point count
   * @throws MeboError INVALID_ARGUMENT when an array is too small
   */
  decodeInto(id: bigint, out: NumericColumnsOut): number {
    const n = this.metricLength(id);
    if (out.timestamps !== undefined && out.timestamps.length < n) throw tooSmall('timestamps', out.timestamps.length, n);
    if (out.values !== undefined && out.values.length < n) throw tooSmall('values', out.values.length, n);
    let p = 0;
    const tags: string[] | undefined = out.tags === undefined ? undefined : [];
    for (const b of this.#blobs) {
      const k = b.length(id);
      if (k === 0) continue;
      b.decodeInto(id, {
        timestamps: out.timestamps?.subarray(p, p + k),
        values: out.values?.subarray(p, p + k),
        tags,
      });
      if (tags !== undefined && out.tags !== undefined) for (let j = 0; j < k; j++) out.tags[p + j] = tags[j];
      p += k;
    }
    return n;
  }

  /** Iterates the series as point objects (global index). */
  *points(id: bigint): Generator<NumericPoint, void, undefined> {
    let base = 0;
    for (const b of this.#blobs) {
      for (const p of b.points(id)) yield { ...p, index: base + p.index };
      base += b.length(id);
    }
  }

  /**
   * Every metric of every blob, concatenated per metric in time order ("" tags where a blob has none).
   * @throws MeboError LIMIT_EXCEEDED when the blobs declare more than 8 × maxDecompressedBytes / 16 points in all
   */
  materialize(): MaterializedNumericBlob {
    const ids = this.metricIds();
    const starts = new Float64Array(ids.length + 1);
    let total = 0;
    ids.forEach((id, i) => {
      starts[i] = total;
      total += this.metricLength(id);
    });
    starts[ids.length] = total;
    if (total > this.#maxPoints) throw new MeboError(MeboErrorCode.LimitExceeded, `blob set declares ${total} points, materialize limit ${this.#maxPoints}`);
    const ts = new Float64Array(total);
    const vals = new Float64Array(total);
    const anyTags = this.#blobs.some((b) => b.hasTags);
    const tags: string[] | undefined = anyTags ? new Array<string>(total) : undefined;
    ids.forEach((id, i) => {
      const a = starts[i];
      const b = starts[i + 1];
      const t = anyTags ? new Array<string>(b - a) : undefined;
      this.decodeInto(id, { timestamps: ts.subarray(a, b), values: vals.subarray(a, b), tags: t });
      if (t !== undefined && tags !== undefined) for (let j = 0; j < t.length; j++) tags[a + j] = t[j];
    });
    return new MaterializedNumericBlob(ids, undefined, starts, ts, vals, tags, this.#blobs[0].startTime);
  }

  /** [blob, local index] of global point i of a metric. */
  #locate(id: bigint, i: number): [number, number] | undefined {
    const p = this.#prefixOf(id);
    if (!Number.isInteger(i) || i < 0 || i >= p[p.length - 1]) return undefined;
    let lo = 0;
    let hi = this.#blobs.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (p[mid] <= i) lo = mid;
      else hi = mid - 1;
    }
    return [lo, i - p[lo]];
  }

  #prefixOf(id: bigint): Float64Array {
    let p = this.#prefix.get(id);
    if (p === undefined) {
      p = new Float64Array(this.#blobs.length + 1);
      for (let k = 0; k < this.#blobs.length; k++) p[k + 1] = p[k] + this.#blobs[k].length(id);
      this.#prefix.set(id, p);
    }
    return p;
  }
}

/**
 * One metric's series from a stream of blobs, one blob at a time: yields each blob's columns for
 * the metric (skipping blobs without it) in arrival order, holding only the current blob. For
 * time order the source must already be in start-time order (a blob set sorts; a stream cannot).
 * @throws MeboError the decoder's error for a bad blob
 */
export async function* streamNumericSeries(
  source: NumericBlobSource,
  id: bigint,
  options: Readonly<Partial<NumericDecoderOptions>> = {},
): AsyncGenerator<{ startTime: number; timestamps: Float64Array; values: Float64Array; tags: string[] }, void, undefined> {
  const dec = new NumericDecoder(options);
  for await (const input of asAsyncIterable(source)) {
    const b = open(dec, input);
    if (!b.hasMetric(id)) continue;
    yield { startTime: b.startTime, ...b.read(id) };
  }
}

function open(dec: NumericDecoder, b: NumericBlobInput): NumericBlob {
  return b instanceof NumericBlob ? b : dec.decode(b);
}

/** Normalises a web ReadableStream to an async iterable (Node 20 streams are iterable already). */
async function* asAsyncIterable<T>(source: AsyncIterable<T> | ReadableStream<T>): AsyncGenerator<T, void, undefined> {
  if (Symbol.asyncIterator in source) {
    yield* source as AsyncIterable<T>;
    return;
  }
  const reader = (source as ReadableStream<T>).getReader();
  try {
    for (;;) {
      const r = await reader.read();
      if (r.done) return;
      yield r.value;
    }
  } finally {
    reader.releaseLock();
  }
}
