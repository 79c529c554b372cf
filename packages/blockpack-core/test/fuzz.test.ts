import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SeededRandom, expectOnly, mutate } from '@mebo-internal/test-kit';
import { BlockpackError, BlockpackReader, SyntheticTraceGenerator, loadZstd, storeOnlyZstd, writeBlockpack } from '../src/index.js';
import type { ZstdCodec } from '../src/index.js';

// Seeded corruption of valid files (bit flips, truncations, spliced spans, random bytes, appended
// garbage): open + read every span + a trace lookup may only throw BlockpackError, with tight limits
// so a hostile length cannot make the reader allocate much.
const CASES_PER_SEED = 1200;
const limits = { maxMetadataBytes: 1 << 20, maxDecompressedBytes: 1 << 20, maxBlockBytes: 1 << 20 };

let zstd: ZstdCodec;
const seeds: { name: string; bytes: Uint8Array; codec: () => ZstdCodec; traceId: string }[] = [];

beforeAll(async () => {
  zstd = await loadZstd();
  const gen = new SyntheticTraceGenerator({ seed: 3, minSpans: 5, maxSpans: 8 });
  const t = gen.next(3);
  const s = t.resourceSpans[0].scopeSpans[0].spans[0];
  s.attributes.push({ key: 'arr', value: { arrayValue: { values: [{ intValue: 1n }, { kvlistValue: { values: [{ key: 'k', value: { boolValue: true } }] } }] } } });
  s.links.push({ traceId: new Uint8Array(16).fill(9), spanId: new Uint8Array(8).fill(3), traceState: 'a=b', attributes: [], droppedAttributesCount: 1, flags: 1 });
  const traceId = Buffer.from(s.traceId).toString('hex');
  seeds.push({ name: 'ts-zstd', bytes: await writeBlockpack([t], { zstd, blockSpans: 7 }), codec: () => zstd, traceId });
  seeds.push({ name: 'ts-store', bytes: await writeBlockpack([t], { zstd: storeOnlyZstd, blockSpans: 7 }), codec: () => storeOnlyZstd, traceId });
  seeds.push({
    name: 'go-small',
    bytes: new Uint8Array(readFileSync(join(__dirname, 'fixtures', 'go-written-small.blockpack'))),
    codec: () => zstd,
    traceId: '00000000000000000000000000000000',
  });
});

async function exercise(bytes: Uint8Array, codec: ZstdCodec, traceId: string): Promise<void> {
  const r = await BlockpackReader.open(bytes, { ...limits, zstd: codec });
  await r.readAll();
  await r.findTrace(traceId);
  const lean = await BlockpackReader.open(bytes, { ...limits, zstd: codec, lean: true });
  await lean.findTrace(traceId);
}

test('seeds are valid', async () => {
  for (const s of seeds) await exercise(s.bytes, s.codec(), s.traceId);
});

test.each([0, 1, 2])('seeded mutations of seed %i: only BlockpackError escapes', async (i) => {
  const seed = seeds[i];
  const rng = new SeededRandom(1000 + i);
  let rejected = 0;
  for (let c = 0; c < CASES_PER_SEED; c++) {
    const bad = mutate(seed.bytes, rng);
    const label = `${seed.name} case ${c}`;
    try {
      await exercise(bad, seed.codec(), seed.traceId);
    } catch (e) {
      expectOnly(BlockpackError, label, () => {
        throw e;
      });
      rejected++;
    }
  }
  expect(rejected).toBeGreaterThan(0);
  // the reader still works on the valid file afterwards
  await exercise(seed.bytes, seed.codec(), seed.traceId);
});
