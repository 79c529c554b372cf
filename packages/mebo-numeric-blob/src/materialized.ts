/**
 * A whole numeric blob decoded into two flat columns (all metrics back to back), from
 * {@link NumericBlob.materialize}. Every accessor is O(1); `timestamps(id)` and `values(id)`
 * return zero-copy views.
 */
export class MaterializedNumericBlob {
  readonly metricCount: number;
  readonly #ids: bigint[];
  readonly #names: string[] | undefined;
  readonly #pos = new Map<bigint, number>();
  readonly #starts: Float64Array;
  readonly #ts: Float64Array;
  readonly #vals: Float64Array;
  readonly #tags: string[] | undefined;

  /** @internal */
  constructor(
    ids: bigint[],
    names: string[] | undefined,
    starts: Float64Array,
    ts: Float64Array,
    vals: Float64Array,
    tags: string[] | undefined,
    readonly startTime: number,
  ) {
    this.#ids = ids;
    this.#names = names;
    this.#starts = starts;
    this.#ts = ts;
    this.#vals = vals;
    this.#tags = tags;
    this.metricCount = ids.length;
    for (let i = ids.length - 1; i >= 0; i--) this.#pos.set(ids[i], i);
  }

  metricIds(): bigint[] {
    return this.#ids.slice();
  }

  metricNames(): string[] {
    return this.#names?.slice() ?? [];
  }

  hasMetric(id: bigint): boolean {
    return this.#pos.has(id);
  }

  length(id: bigint): number {
    const p = this.#pos.get(id);
    return p === undefined ? 0 : this.#starts[p + 1] - this.#starts[p];
  }

  /** A view of the metric's timestamps (empty for an unknown metric). */
  timestamps(id: bigint): Float64Array {
    const p = this.#pos.get(id);
    return p === undefined ? new Float64Array(0) : this.#ts.subarray(this.#starts[p], this.#starts[p + 1]);
  }

  /** A view of the metric's values (empty for an unknown metric). */
  values(id: bigint): Float64Array {
    const p = this.#pos.get(id);
    return p === undefined ? new Float64Array(0) : this.#vals.subarray(this.#starts[p], this.#starts[p + 1]);
  }

  timestampAt(id: bigint, i: number): number | undefined {
    const at = this.#at(id, i);
    return at < 0 ? undefined : this.#ts[at];
  }

  valueAt(id: bigint, i: number): number | undefined {
    const at = this.#at(id, i);
    return at < 0 ? undefined : this.#vals[at];
  }

  /** "" for a blob without tags, undefined out of range. */
  tagAt(id: bigint, i: number): string | undefined {
    const at = this.#at(id, i);
    return at < 0 ? undefined : (this.#tags?.[at] ?? '');
  }

  #at(id: bigint, i: number): number {
    const p = this.#pos.get(id);
    if (p === undefined || !Number.isInteger(i) || i < 0) return -1;
    const at = this.#starts[p] + i;
    return at < this.#starts[p + 1] ? at : -1;
  }
}
