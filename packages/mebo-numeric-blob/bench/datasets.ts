import { GoRand } from '../test/encoding-support.js';

/** Metrics as column arrays: what the benchmarks and figure tests feed the encoders. */
export interface Dataset {
  readonly name: string;
  readonly ids: bigint[];
  readonly names: string[];
  readonly timestamps: Float64Array[];
  readonly values: Float64Array[];
}

export function pointCount(d: Dataset): number {
  let n = 0;
  for (const t of d.timestamps) n += t.length;
  return n;
}

/**
 * mebo's 200 × 200 datasets (spec Appendix A.4, `GenerateTestData` / `GenerateSharedTimestampData`
 * in tests/measurev2/generator.go): Go math/rand seeded 42, 1 s ± 0.1 % timestamps, ±0.5 % random
 * walk values. `points` truncates nothing: use {@link firstPoints} for the §12.4 sweep.
 */
export function goDataset(kind: 'standard' | 'shared', metrics = 200, points = 200): Dataset {
  const rng = new GoRand(42);
  const jp = 0.1 / 100;
  const dp = 0.5 / 100;
  const start = 1_700_000_000n * 1_000_000_000n;
  const ts: Float64Array[] = [];
  const vals: Float64Array[] = [];
  const step = (cur: bigint): bigint => {
    const jf = (rng.float64() * 2.0 - 1.0) * jp;
    return cur + 1_000_000_000n + BigInt(Math.trunc(1e9 * jf));
  };
  let shared: Float64Array | undefined;
  if (kind === 'shared') {
    shared = new Float64Array(points);
    let cur = start;
    for (let j = 0; j < points; j++) {
      cur = step(cur);
      shared[j] = Number(cur / 1000n);
    }
  }
  for (let i = 0; i < metrics; i++) {
    let cur = start;
    let cv = 100.0 + i * 10.0;
    const t = new Float64Array(points);
    const v = new Float64Array(points);
    for (let j = 0; j < points; j++) {
      if (shared === undefined) {
        cur = step(cur);
        t[j] = Number(cur / 1000n);
      } else {
        t[j] = shared[j];
      }
      const df = (rng.float64() * 2.0 - 1.0) * dp;
      cv = cv + cv * df;
      v[j] = cv;
    }
    ts.push(t);
    vals.push(v);
  }
  return {
    name: `${kind} ${metrics}×${points}`,
    ids: Array.from({ length: metrics }, (_, i) => BigInt(i + 1)),
    names: Array.from({ length: metrics }, (_, i) => `metric.${i}`),
    timestamps: ts,
    values: vals,
  };
}

/** The first `p` points of every metric (spec §12.4). */
export function firstPoints(d: Dataset, p: number): Dataset {
  return { ...d, name: `${d.name} first ${p}`, timestamps: d.timestamps.map((t) => t.slice(0, p)), values: d.values.map((v) => v.slice(0, p)) };
}

/** A small seeded PRNG (mulberry32) for the realistic samples. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Shape = 'random-walk' | 'gauge-2dp' | 'counter' | 'noise' | 'sparse-constant';
export const SHAPES: readonly Shape[] = ['random-walk', 'gauge-2dp', 'counter', 'noise', 'sparse-constant'];

/** One column of a data shape, for the 'auto' table. */
export function shapeColumn(shape: Shape, n: number, rand: () => number, base: number): Float64Array {
  const out = new Float64Array(n);
  let cur = base;
  for (let i = 0; i < n; i++) {
    switch (shape) {
      case 'random-walk':
        cur += cur * (rand() * 2 - 1) * 0.005;
        out[i] = cur;
        break;
      case 'gauge-2dp':
        cur += cur * (rand() * 2 - 1) * 0.005;
        out[i] = Math.round(cur * 100) / 100;
        break;
      case 'counter':
        cur += Math.floor(rand() * 1000);
        out[i] = cur;
        break;
      case 'noise':
        out[i] = base + (rand() - 0.5) * base;
        break;
      case 'sparse-constant':
        if (rand() < 0.02) cur = Math.round(rand() * 10);
        out[i] = cur;
        break;
    }
  }
  return out;
}

/** `metrics` columns of one shape, 15 s apart with small jitter, seeded. */
export function shapeDataset(shape: Shape, seed: number, metrics = 100, points = 240): Dataset {
  const rand = mulberry32(seed);
  const start = 1_704_067_200_000_000;
  const ts: Float64Array[] = [];
  const vals: Float64Array[] = [];
  for (let m = 0; m < metrics; m++) {
    const t = new Float64Array(points);
    for (let i = 0; i < points; i++) t[i] = start + i * 15_000_000 + Math.floor(rand() * 2000) - 1000;
    ts.push(t);
    vals.push(shapeColumn(shape, points, rand, 100 + m));
  }
  return {
    name: shape,
    ids: Array.from({ length: metrics }, (_, i) => BigInt(i + 1)),
    names: Array.from({ length: metrics }, (_, i) => `${shape}.${i}`),
    timestamps: ts,
    values: vals,
  };
}

/**
 * A realistic host-metrics sample: per host, CPU % (2 decimals), memory bytes (integers),
 * request rate (gauge, 1 decimal) and a request counter (monotonic), scraped every 15 s with
 * jitter, hosts sharing scrape times. Seeded and deterministic. This is the helper the root
 * demo can import from bench/ (it is sample data, not part of the library).
 */
export function generateSampleMetrics(seed: number, hosts = 50, points = 240): Dataset {
  const rand = mulberry32(seed);
  const start = 1_704_067_200_000_000;
  const ids: bigint[] = [];
  const names: string[] = [];
  const ts: Float64Array[] = [];
  const vals: Float64Array[] = [];
  for (let h = 0; h < hosts; h++) {
    const t = new Float64Array(points);
    for (let i = 0; i < points; i++) t[i] = start + i * 15_000_000 + Math.floor(rand() * 50_000);
    let cpu = 20 + rand() * 40;
    let mem = 4e9 + Math.floor(rand() * 4e9);
    let rate = 100 + rand() * 900;
    let total = Math.floor(rand() * 1e6);
    const cols = { cpu: new Float64Array(points), mem: new Float64Array(points), rate: new Float64Array(points), req: new Float64Array(points) };
    for (let i = 0; i < points; i++) {
      cpu = Math.min(100, Math.max(0, cpu + (rand() - 0.5) * 6));
      mem = Math.max(1e9, mem + Math.floor((rand() - 0.48) * 5e7));
      rate = Math.max(0, rate + (rand() - 0.5) * 40);
      total += Math.floor(rate * 15);
      cols.cpu[i] = Math.round(cpu * 100) / 100;
      cols.mem[i] = mem;
      cols.rate[i] = Math.round(rate * 10) / 10;
      cols.req[i] = total;
    }
    for (const [k, v] of Object.entries(cols)) {
      names.push(`host${String(h).padStart(2, '0')}.${k}`);
      ids.push(BigInt(ids.length + 1));
      ts.push(t);
      vals.push(v);
    }
  }
  return { name: 'host sample', ids, names, timestamps: ts, values: vals };
}

/** mebo's realistic profiles (tests/measurev2/types.go `Profiles`), the data behind spec §12.5. */
export const GO_PROFILES = {
  decimal_gauge_2dp: { decimals: 2, kind: 'gauge', intervalMs: 15000 },
  decimal_gauge_4dp: { decimals: 4, kind: 'gauge', intervalMs: 15000 },
  counter: { decimals: 0, kind: 'counter', intervalMs: 15000 },
  sparse_constant: { decimals: 2, kind: 'sparse', intervalMs: 60000 },
  worst_case: { decimals: -1, kind: 'gauge', intervalMs: 1000 },
} as const;
export type GoProfile = keyof typeof GO_PROFILES;

/** Go math.Round (half away from zero). */
function goRound(x: number): number {
  if (!(Math.abs(x) < 2 ** 52)) return x;
  const t = Math.trunc(x);
  return Math.abs(x - t) >= 0.5 ? t + Math.sign(x) : t;
}

/**
 * mebo's `GenerateProfile` (tests/measurev2/generator.go), seed 42, without bursty gaps: one Go
 * math/rand stream, per point a timestamp-jitter draw then the value draw(s).
 */
export function goProfileDataset(profile: GoProfile, metrics = 200, points = 200): Dataset {
  const p = GO_PROFILES[profile];
  const rng = new GoRand(42);
  const interval = BigInt(p.intervalMs) * 1_000_000n; // ns
  const jitterFrac = (0.0005 * 1e6) / (p.intervalMs * 1e6);
  const scale = p.decimals >= 0 ? 10 ** p.decimals : 1;
  const quantize = (v: number): number => (p.decimals < 0 ? v : goRound(v * scale) / scale);
  const ts: Float64Array[] = [];
  const vals: Float64Array[] = [];
  for (let i = 0; i < metrics; i++) {
    let cur = 1_700_000_000n * 1_000_000_000n;
    let cv = 100.0 + i * 10.0;
    const t = new Float64Array(points);
    const v = new Float64Array(points);
    for (let j = 0; j < points; j++) {
      const jitterFactor = (rng.float64() * 2.0 - 1.0) * jitterFrac;
      cur += interval + BigInt(Math.trunc(Number(interval) * jitterFactor));
      t[j] = Number(cur / 1000n);
      if (p.kind === 'counter') {
        cv += Math.floor(rng.float64() * 10) + 1;
        v[j] = cv;
      } else if (p.kind === 'sparse') {
        if (rng.float64() < 0.05) cv += (rng.float64() * 2.0 - 1.0) * 1.0;
        v[j] = quantize(cv);
      } else {
        cv += cv * ((rng.float64() * 2.0 - 1.0) * 0.005);
        v[j] = quantize(cv);
      }
    }
    ts.push(t);
    vals.push(v);
  }
  return {
    name: profile,
    ids: Array.from({ length: metrics }, (_, i) => BigInt(i + 1)),
    names: Array.from({ length: metrics }, (_, i) => `metric.${i + 1000}`),
    timestamps: ts,
    values: vals,
  };
}
