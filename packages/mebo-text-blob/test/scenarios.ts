import fc from 'fast-check';
import { metricIdOf } from '@mebo/format';
import type { ManifestOptions, TextManifest } from './manifest.js';

const utf8 = new TextEncoder();
const fitting = (max: number) => fc.string({ unit: 'grapheme', maxLength: 40 }).filter((s) => utf8.encode(s).length <= max);

const levels = ['DEBUG', 'INFO', 'WARN', 'ERROR'];

/** Seeded TS-only scenarios (random data through fast-check's generators) for Go to verify. */
export function tsScenarios(): TextManifest[] {
  const out: TextManifest[] = [];
  const optionsArb = fc.record({
    mode: fc.constantFrom('id' as const, 'name' as const),
    timestampEncoding: fc.constantFrom('raw' as const, 'delta' as const),
    compression: fc.constantFrom('none' as const, 'zstd' as const, 's2' as const, 'lz4' as const),
    tags: fc.boolean(),
    endianness: fc.constantFrom('little' as const, 'big' as const),
  });
  const metricArb = fc.array(
    fc.record({
      delta: fc.integer({ min: -5_000_000, max: 120_000_000 }),
      value: fc.oneof(fitting(255), fc.constantFrom(...levels), fc.constant('')),
      tag: fc.oneof(fitting(255), fc.constant('')),
    }),
    { minLength: 1, maxLength: 30 },
  );
  const samples = fc.sample(fc.tuple(optionsArb, fc.array(metricArb, { minLength: 1, maxLength: 6 }), fc.integer({ min: 0, max: 2 ** 50 })), {
    seed: 20261126,
    numRuns: 40,
  });
  samples.forEach(([o, metrics, start], k) => {
    const options: ManifestOptions = { ...o, startTime: String(start) };
    out.push({
      scenario: `ts-random-${String(k).padStart(2, '0')}`,
      writer: '@mebo/text-blob',
      options,
      byteIdentical: options.compression === 'none',
      metrics: metrics.map((points, m) => {
        let ts = start;
        return {
          id: options.mode === 'name' ? String(metricIdOf(`random.metric.${m}`)) : String(1000 + 17 * m),
          name: options.mode === 'name' ? `random.metric.${m}` : undefined,
          points: points.map((p) => {
            ts += p.delta;
            // Go's delta reader mishandles a decoded 0 mid-series (spec §7.6): keep clear of it.
            if (ts === 0) ts = 1;
            return { ts: String(ts), value: p.value, tag: options.tags ? p.tag : '' };
          }),
        };
      }),
    });
  });
  return out;
}
