// Long fuzz run: `npm run fuzz -- [cases] [seed]` (default 200,000 cases, seed from the clock).
// Same contract as test/fuzz.test.ts: only MeboError escapes and the decoder stays usable.
import { loadDefaultCodecs } from '@mebo/compress';
import { fuzzNumeric, fuzzSeeds } from '../test/fuzz-kit.js';

const cases = Number(process.argv[2] ?? 200_000);
const seed = Number(process.argv[3] ?? Date.now() % 0x7fffffff);
const codecs = await loadDefaultCodecs();
const seeds = fuzzSeeds();
console.log(`fuzzing ${cases} mutations of ${seeds.length} Go vectors, seed ${seed}`);
const t0 = performance.now();
const stats = fuzzNumeric(seeds, cases, seed, codecs);
const s = (performance.now() - t0) / 1000;
console.log(`${stats.cases} cases in ${s.toFixed(1)} s: ${stats.rejected} rejected, ${stats.accepted} decoded; slowest case ${stats.slowestMs.toFixed(1)} ms`);
console.log(Object.entries(stats.byCode).sort((a, b) => b[1] - a[1]).map(([c, n]) => `  ${c} ${n}`).join('\n'));
