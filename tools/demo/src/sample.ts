/**
 * The embedded numeric sample: 50 hosts × 4 metrics × 1 day at 15 s (5,760 points per metric,
 * 1,152,000 points), seeded so every run encodes the same bytes.
 */
export interface SampleMetric {
  name: string;
  timestamps: Float64Array;
  values: Float64Array;
}

/** 2024-01-01T00:00:00Z in microseconds. */
export const SAMPLE_START = 1_704_067_200_000_000;
const STEP_US = 15_000_000;
const POINTS = 5_760;

function mulberry32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    let t = (s = (s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function generateSample(hosts = 50, seed = 2024): SampleMetric[] {
  const rnd = mulberry32(seed);
  const out: SampleMetric[] = [];
  for (let h = 0; h < hosts; h++) {
    const host = `host-${String(h).padStart(3, '0')}`;
    const ts = new Float64Array(POINTS);
    for (let i = 0; i < POINTS; i++) ts[i] = SAMPLE_START + i * STEP_US;
    const cpu = new Float64Array(POINTS);
    const mem = new Float64Array(POINTS);
    const reqs = new Float64Array(POINTS);
    const lat = new Float64Array(POINTS);
    let c = 20 + rnd() * 40;
    let m = 2e9 + Math.floor(rnd() * 6e9);
    let r = Math.floor(rnd() * 1e6);
    for (let i = 0; i < POINTS; i++) {
      c = Math.min(100, Math.max(0, c + (rnd() - 0.5) * 4));
      cpu[i] = Math.round(c * 100) / 100; // a 2-decimal gauge
      if (rnd() < 0.1) m += Math.floor((rnd() - 0.5) * 5e7);
      mem[i] = m; // bytes, mostly flat
      r += Math.floor(50 + rnd() * 200);
      reqs[i] = r; // a monotonic counter
      lat[i] = Math.round((5 + rnd() * 20 + (rnd() < 0.02 ? 200 : 0)) * 1000) / 1000; // ms, 3 decimals
    }
    out.push({ name: `${host}.cpu.usage`, timestamps: ts, values: cpu });
    out.push({ name: `${host}.mem.used_bytes`, timestamps: ts, values: mem });
    out.push({ name: `${host}.http.requests_total`, timestamps: ts, values: reqs });
    out.push({ name: `${host}.http.latency_ms`, timestamps: ts, values: lat });
  }
  return out;
}
