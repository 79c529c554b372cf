import type { TextBlob, TextMetric } from './text-blob.js';

/** One metric decoded eagerly: O(1) access to every point. */
export interface MaterializedTextMetric {
  readonly id: bigint;
  /** Set when the source blob (or set) carried names. */
  readonly name: string | undefined;
  readonly timestamps: Float64Array;
  readonly values: string[];
  /** '' for every point when the source had no tags. */
  readonly tags: string[];
}

/** Decodes one metric's columns at once. */
export function materializeMetric(m: TextMetric): MaterializedTextMetric {
  const n = m.length;
  const timestamps = new Float64Array(n);
  const values = new Array<string>(n);
  const tags = new Array<string>(n);
  if (m.blob.hasTags) m.decodeInto({ timestamps, values, tags });
  else {
    m.decodeInto({ timestamps, values });
    tags.fill('');
  }
  return { id: m.id, name: m.name, timestamps, values, tags };
}

/**
 * Every metric of a blob (or blob set) decoded eagerly (Go MaterializedTextBlob). Lookups by name
 * work whether or not the source had a names payload (Go's needs the payload).
 */
export class MaterializedTextBlob {
  private readonly byId = new Map<bigint, MaterializedTextMetric>();
  private readonly byName = new Map<string, MaterializedTextMetric>();

  constructor(
    readonly startTime: number,
    /** Metrics in index (or first-seen) order. */
    readonly metrics: readonly MaterializedTextMetric[],
    private readonly hashName: (name: string) => bigint,
  ) {
    for (const m of metrics) {
      this.byId.set(m.id, m);
      if (m.name !== undefined) this.byName.set(m.name, m);
    }
  }

  get metricCount(): number {
    return this.metrics.length;
  }

  /** By id (bigint) or name (string); names fall back to their hash when the source had none. */
  metric(key: bigint | string): MaterializedTextMetric | undefined {
    if (typeof key === 'bigint') return this.byId.get(key);
    return this.byName.get(key) ?? (this.byName.size === 0 ? this.byId.get(this.hashName(key)) : undefined);
  }

  /** Shortcut for `metric(key)?.values[i]`. */
  valueAt(key: bigint | string, i: number): string | undefined {
    return this.metric(key)?.values[i];
  }

  timestampAt(key: bigint | string, i: number): number | undefined {
    const m = this.metric(key);
    return m && i >= 0 && i < m.timestamps.length ? m.timestamps[i] : undefined;
  }

  tagAt(key: bigint | string, i: number): string | undefined {
    return this.metric(key)?.tags[i];
  }
}

/** @internal */
export function materializeBlob(blob: TextBlob, hashName: (name: string) => bigint): MaterializedTextBlob {
  return new MaterializedTextBlob(
    blob.startTime,
    blob.metrics().map((m) => materializeMetric(m)),
    hashName,
  );
}
