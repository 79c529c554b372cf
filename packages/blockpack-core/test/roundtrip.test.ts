import fc from 'fast-check';
import { BlockpackReader, encodeOtlpProtobuf, loadZstd, otlpToJson, storeOnlyZstd, writeBlockpack } from '../src/index.js';
import type { ZstdCodec } from '../src/index.js';
import { canonical, traces } from './arbitraries.js';

let zstd: ZstdCodec;
beforeAll(async () => {
  zstd = await loadZstd();
});

describe('OTLP → blockpack → OTLP is lossless', () => {
  test('objects, small blocks (many blocks per trace)', async () => {
    await fc.assert(
      fc.asyncProperty(traces, async (t) => {
        const file = await writeBlockpack([t], { zstd, blockSpans: 3, batchSpans: 5 });
        const r = await BlockpackReader.open(file, { zstd });
        expect(canonical(await r.readAll())).toEqual(canonical(t));
      }),
      { seed: 42, numRuns: 80 },
    );
  });

  test('protobuf and JSON inputs give the same file contents; trace lookup finds every span', async () => {
    await fc.assert(
      fc.asyncProperty(traces, async (t) => {
        const pb = encodeOtlpProtobuf(t);
        const json = JSON.stringify(otlpToJson(t));
        const file = await writeBlockpack([pb, json], { zstd: storeOnlyZstd });
        const r = await BlockpackReader.open(file, { zstd: storeOnlyZstd });
        const want = canonical(t);
        expect(canonical(await r.readAll())).toEqual([...want, ...want].sort());
        const ids = new Set<string>();
        for (const rs of t.resourceSpans) for (const ss of rs.scopeSpans) for (const s of ss.spans) ids.add(Buffer.from(s.traceId).toString('hex'));
        let found = 0;
        for (const id of ids) {
          const got = await r.findTrace(id);
          for (const rs of got!.resourceSpans) for (const ss of rs.scopeSpans) for (const s of ss.spans) {
            expect(Buffer.from(s.traceId).toString('hex')).toBe(id);
            found++;
          }
        }
        expect(found).toBe(want.length * 2);
      }),
      { seed: 7, numRuns: 60 },
    );
  });
});
