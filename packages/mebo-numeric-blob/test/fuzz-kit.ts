import { MeboError } from '@mebo/format';
import { SeededRandom, expectOnly, mutate } from '@mebo-internal/test-kit';
import { NumericDecoder } from '../src/index.js';
import type { NumericBlob, PayloadCodecs } from '../src/index.js';
import { listScenarios, loadScenario } from './golden-kit.js';

/** Go-written vectors up to 4 KiB as fuzz seeds (the larger ones add time, not coverage). */
export function fuzzSeeds(): Uint8Array[] {
  return listScenarios()
    .map((n) => loadScenario(n).blob)
    .filter((b) => b.length <= 4096);
}

/** Everything a reader can be asked, so a mutation that survives opening is exercised too. */
export function readEverything(b: NumericBlob): number {
  let acc = 0;
  for (const id of b.metricIds()) {
    const n = b.length(id);
    b.forEach(id, (t, v) => {
      acc += t + (v === v ? v : 0);
    });
    acc += b.read(id).tags.length;
    const mid = n >> 1;
    acc += (b.timestampAt(id, mid) ?? 0) + (b.tagAt(id, mid)?.length ?? 0);
    const v = b.valueAt(id, n - 1) ?? 0;
    acc += v === v ? v : 0;
  }
  acc += b.materialize().metricCount;
  return acc;
}

export interface FuzzStats {
  cases: number;
  rejected: number;
  accepted: number;
  byCode: Record<string, number>;
  slowestMs: number;
}

/**
 * Mutates seeds `cases` times; each mutant is opened and read in full by one shared decoder.
 * Only MeboError may escape; after every rejection the same decoder must still open and read a
 * valid seed. Limits are set low so hostile counts fail fast instead of allocating 128 MiB.
 */
export function fuzzNumeric(seeds: Uint8Array[], cases: number, seed: number, codecs: PayloadCodecs): FuzzStats {
  const rng = new SeededRandom(seed);
  const dec = new NumericDecoder({ codecs, maxPointsPerMetric: 1 << 16, maxDecompressedBytes: 1 << 22 });
  const stats: FuzzStats = { cases: 0, rejected: 0, accepted: 0, byCode: {}, slowestMs: 0 };
  for (let i = 0; i < cases; i++) {
    const base = seeds[rng.int(seeds.length)];
    let input = mutate(base, rng);
    if (rng.int(4) === 0) input = mutate(input, rng); // some double mutations
    const t0 = performance.now();
    const err = expectOnly(MeboError, `case ${i} (seed ${seed})`, () => readEverything(dec.decode(input)));
    stats.slowestMs = Math.max(stats.slowestMs, performance.now() - t0);
    stats.cases++;
    if (err === undefined) {
      stats.accepted++;
    } else {
      stats.rejected++;
      const code = (err as MeboError).code;
      stats.byCode[code] = (stats.byCode[code] ?? 0) + 1;
      // the same decoder still works after garbage
      readEverything(dec.decode(seeds[i % seeds.length]));
    }
  }
  return stats;
}
