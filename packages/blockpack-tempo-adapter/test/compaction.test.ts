import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { TempoStore, silentLogger, toHex } from '../src/index.js';
import { id, span, traceOf } from './fixtures.js';
import { tempDir } from './helpers.js';

describe('compaction and retention', () => {
  it('merges blocks of a window, drops duplicate spans, marks inputs compacted, then deletes them', async () => {
    const t = tempDir();
    try {
      const store = await TempoStore.open({ dataDir: t.dir, logger: silentLogger, cutCheckIntervalMs: 0, compactionIntervalMs: 0 });
      const tid = id(16);
      const shared = span(tid, { name: 'shared' });
      const ids: string[] = [toHex(shared.spanId)];
      for (let b = 0; b < 3; b++) {
        const s = span(tid, { name: `s${b}` });
        ids.push(toHex(s.spanId));
        // The same span lands in every block (a client retry): compaction keeps one copy.
        await store.ingest('acme', traceOf([s, shared]));
        await store.flush();
      }
      const before = await store.backend.blocks('acme');
      expect(before).toHaveLength(3);
      const now = Date.now();
      const r = await store.compact(now);
      expect(r).toMatchObject({ compacted: 3, outputs: 1, duplicateSpans: 2 });
      const after = await store.backend.blocks('acme');
      expect(after).toHaveLength(1);
      expect(after[0]).toMatchObject({ compactionLevel: 1, totalObjects: 1, spanCount: 4 });
      for (const m of before) {
        expect(existsSync(join(t.dir, 'blocks', 'acme', m.blockID, 'meta.compacted.json'))).toBe(true);
        expect(existsSync(join(t.dir, 'blocks', 'acme', m.blockID, 'meta.json'))).toBe(false);
      }
      const found = await store.findTrace('acme', tid);
      expect(found.trace.resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans.map((s) => toHex(s.spanId)))).sort()).toEqual(ids.sort());
      // After the grace period the compacted inputs are deleted.
      const r2 = await store.compact(now + 2 * 3_600_000);
      expect(r2.deleted).toBe(3);
      for (const m of before) expect(existsSync(join(t.dir, 'blocks', 'acme', m.blockID))).toBe(false);
      expect((await store.findTrace('acme', tid)).spanCount).toBe(4);
      await store.close();
    } finally {
      t.cleanup();
    }
  });

  it('deletes live blocks past the block retention', async () => {
    const t = tempDir();
    try {
      const store = await TempoStore.open({ dataDir: t.dir, logger: silentLogger, cutCheckIntervalMs: 0, compactionIntervalMs: 0, blockRetentionMs: 3_600_000 });
      const tid = id(16);
      await store.ingest('acme', traceOf([span(tid)])); // spans of 2023
      await store.flush();
      expect(await store.backend.blocks('acme')).toHaveLength(1);
      expect((await store.compact()).deleted).toBe(1);
      expect(await store.backend.blocks('acme')).toHaveLength(0);
      expect((await store.findTrace('acme', tid)).spanCount).toBe(0);
      await store.close();
    } finally {
      t.cleanup();
    }
  });
});
