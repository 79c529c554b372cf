import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TempoStore, formatInspect, inspectPath, parseMeta, parseTenantIndexJson, parseTenantIndexPbZst, silentLogger } from '../src/index.js';
import { id, span, traceOf } from './fixtures.js';
import { tempDir } from './helpers.js';

describe('backend block layout and inspect', () => {
  it('writes data.blockpack then meta.json with Tempo fields, and inspect summarises the block', async () => {
    const t = tempDir();
    try {
      const store = await TempoStore.open({ dataDir: t.dir, logger: silentLogger, cutCheckIntervalMs: 0 });
      const t1 = id(16);
      const t2 = id(16);
      await store.ingest('acme', traceOf([span(t1), span(t1, { startTimeUnixNano: 1_700_000_001_000_000_000n, endTimeUnixNano: 1_700_000_002_500_000_000n })]));
      await store.ingest('acme', traceOf([span(t2)], 'other'));
      await store.flush();
      const metas = await store.backend.blocks('acme');
      expect(metas).toHaveLength(1);
      const m = metas[0]!;
      const dir = join(t.dir, 'blocks', 'acme', m.blockID);
      const raw = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8'));
      expect(raw).toMatchObject({
        format: 'vblockpack',
        blockID: m.blockID,
        tenantID: 'acme',
        startTime: '2023-11-14T22:13:20Z',
        endTime: '2023-11-14T22:13:22.5Z',
        totalObjects: 2,
        compactionLevel: 0,
        totalRecords: 1,
        replicationFactor: 1,
      });
      expect(raw.size).toBe(readFileSync(join(dir, 'data.blockpack')).length);
      expect(parseMeta(JSON.stringify(raw)).size).toBe(raw.size);
      // Tenant index written next to the blocks, in both forms, listing the same meta.
      const fromJson = parseTenantIndexJson(new Uint8Array(readFileSync(join(t.dir, 'blocks', 'acme', 'index.json.gz'))));
      const fromPb = await parseTenantIndexPbZst(new Uint8Array(readFileSync(join(t.dir, 'blocks', 'acme', 'index.pb.zst'))));
      const { spanCount: _ignored, ...metaWithoutExtras } = m;
      expect(fromJson).toEqual([m]);
      expect(fromPb).toEqual([metaWithoutExtras]);

      const r = await inspectPath(dir);
      expect(r.spans).toBe(3);
      expect(r.traces).toBe(2);
      expect(r.blocks.length).toBeGreaterThanOrEqual(1);
      expect(r.meta?.['blockID']).toBe(m.blockID);
      expect(formatInspect(r)).toMatch(/spans:\s+3/);
      await store.close();
    } finally {
      t.cleanup();
    }
  });

  it('rejects meta.json that is not vblockpack or has bad ids', () => {
    const ok = { format: 'vBlockpack1', blockID: '0b6f3a52-5d1e-4a0e-9f51-2c1f6f0e9a11', tenantID: 't', startTime: '2026-04-09T18:00:00Z', endTime: '2026-04-09T18:05:00.5Z', totalObjects: 1 };
    expect(parseMeta(JSON.stringify(ok)).endTimeUnixNano).toBe(1775757900500000000n);
    for (const bad of [{ ...ok, format: 'vParquet4' }, { ...ok, blockID: '../x' }, { ...ok, tenantID: '..' }, { ...ok, startTime: 'yesterday' }]) {
      expect(() => parseMeta(JSON.stringify(bad))).toThrow(/invalid meta.json/);
    }
  });
});
