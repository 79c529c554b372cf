import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RecordLog, TempoStore, crc32c, decodeTrace, encodeTrace, frameRecord, listWalDirs, parseRecords, silentLogger, toHex } from '../src/index.js';
import { SeededRandom, mutate } from '@mebo-internal/test-kit';
import { id, span, traceOf } from './fixtures.js';
import { tempDir } from './helpers.js';

describe('crc32c', () => {
  it('matches the standard check value', () => {
    expect(crc32c(new TextEncoder().encode('123456789'))).toBe(0xe3069283);
    expect(crc32c(new Uint8Array(0))).toBe(0);
    // 32 zero bytes (RFC 3720 test vector).
    expect(crc32c(new Uint8Array(32))).toBe(0x8a9136aa);
  });
});

describe('record framing', () => {
  it('parses records and stops at a torn or corrupt tail', () => {
    const a = frameRecord(new Uint8Array([1, 2, 3]));
    const b = frameRecord(new Uint8Array([4, 5]));
    const all = new Uint8Array([...a, ...b]);
    expect(parseRecords(all, 1024).records.map((r) => [...r])).toEqual([[1, 2, 3], [4, 5]]);
    const torn = parseRecords(all.subarray(0, all.length - 1), 1024);
    expect(torn.records).toHaveLength(1);
    expect(torn.validBytes).toBe(a.length);
    const flipped = all.slice();
    flipped[a.length + 8] ^= 0xff;
    expect(parseRecords(flipped, 1024).records).toHaveLength(1);
    // A huge declared length is a bad record, not an allocation.
    const huge = new Uint8Array(12);
    new DataView(huge.buffer).setUint32(0, 0xffffffff, true);
    expect(parseRecords(huge, 1024)).toEqual({ records: [], validBytes: 0, droppedBytes: 12 });
  });

  it('RecordLog appends, truncates a bad tail on reopen, and appends after it', async () => {
    const t = tempDir();
    try {
      const path = join(t.dir, 'append.log');
      const { log } = await RecordLog.open(path, 1024);
      await Promise.all([log.append(new Uint8Array([1])), log.append(new Uint8Array([2])), log.append(new Uint8Array([3]))]);
      await log.close();
      appendFileSync(path, Buffer.from([9, 0, 0, 0, 1, 2])); // torn record
      const { log: log2, replay } = await RecordLog.open(path, 1024);
      expect(replay.records.map((r) => r[0])).toEqual([1, 2, 3]);
      expect(replay.droppedBytes).toBe(6);
      await log2.append(new Uint8Array([4]));
      await log2.close();
      expect(parseRecords(new Uint8Array(readFileSync(path)), 1024).records.map((r) => r[0])).toEqual([1, 2, 3, 4]);
    } finally {
      t.cleanup();
    }
  });
});

describe('record log fuzzing', () => {
  it('parses any mutation of a log without throwing, keeping only checksummed records', () => {
    const rng = new SeededRandom(7);
    const good = new Uint8Array([...frameRecord(encodeTrace(traceOf([span(id(16))]))), ...frameRecord(new Uint8Array([1, 2, 3]))]);
    for (let i = 0; i < 1000; i++) {
      const m = mutate(good, rng);
      const r = parseRecords(m, 1 << 20);
      expect(r.validBytes + r.droppedBytes).toBe(m.length);
      for (const rec of r.records) expect(rec.length).toBeLessThanOrEqual(m.length);
    }
  });
});

describe('protobuf model', () => {
  it('round-trips every field through encode/decode', () => {
    const tid = id(16);
    const s = span(tid, {
      traceState: 'a=b',
      parentSpanId: id(8),
      flags: 0x301,
      attributes: [
        { key: 's', value: { stringValue: 'x' } },
        { key: 'i', value: { intValue: -(2n ** 62n) } },
        { key: 'd', value: { doubleValue: 1.5 } },
        { key: 'b', value: { boolValue: true } },
        { key: 'y', value: { bytesValue: new Uint8Array([0, 255]) } },
        { key: 'a', value: { arrayValue: { values: [{ stringValue: 'p' }, { intValue: 3n }] } } },
        { key: 'k', value: { kvlistValue: { values: [{ key: 'n', value: { boolValue: false } }] } } },
        { key: 'e', value: {} },
      ],
      droppedAttributesCount: 2,
      events: [{ timeUnixNano: 1_700_000_000_100_000_000n, name: 'ev', attributes: [{ key: 'q', value: { stringValue: 'r' } }], droppedAttributesCount: 1 }],
      droppedEventsCount: 3,
      links: [{ traceId: id(16), spanId: id(8), traceState: 'c=d', attributes: [], droppedAttributesCount: 4, flags: 1 }],
      droppedLinksCount: 5,
      status: { code: 2, message: 'bad' },
      startTimeUnixNano: 0xffffffffffffff00n,
    });
    const t = traceOf([s]);
    t.resourceSpans[0]!.schemaUrl = 'https://r';
    t.resourceSpans[0]!.scopeSpans[0]!.schemaUrl = 'https://s';
    expect(decodeTrace(encodeTrace(t))).toEqual(t);
  });
});

describe('WAL replay', () => {
  it('finds every acknowledged span after a restart without a clean shutdown', async () => {
    const t = tempDir();
    try {
      const store = await TempoStore.open({ dataDir: t.dir, logger: silentLogger, cutCheckIntervalMs: 0 });
      const tid = id(16);
      const spans = [span(tid), span(tid), span(tid)];
      for (const s of spans) await store.ingest('team-a', traceOf([s]));
      // Simulate a crash: do not close the store (its file handle stays open, nothing is flushed).
      const walDirs = await listWalDirs(join(t.dir, 'wal'));
      expect(walDirs).toHaveLength(1);
      expect(walDirs[0]!.tenant).toBe('team-a');

      // Tear the tail of the log: an unacknowledged partial record must not hide the others.
      const logPath = join(t.dir, 'wal', walDirs[0]!.name, 'append.log');
      appendFileSync(logPath, Buffer.from([200, 0, 0, 0, 1, 2, 3]));

      const store2 = await TempoStore.open({ dataDir: t.dir, logger: silentLogger, cutCheckIntervalMs: 0, completeOnClose: false });
      const spanIds = (f: Awaited<ReturnType<TempoStore['findTrace']>>) => new Set(f.trace.resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans.map((x) => toHex(x.spanId)))));
      // Found right after replay (from the replayed WAL block, or from the block it completes to).
      const found = await store2.findTrace('team-a', tid);
      expect(found.spanCount).toBe(3);
      expect(spanIds(found)).toEqual(new Set(spans.map((x) => toHex(x.spanId))));
      expect((await store2.findTrace('team-b', tid)).spanCount).toBe(0);
      // The replayed block is completed to a backend block with meta.json, and the WAL dir removed.
      await store2.completePending();
      expect(existsSync(logPath)).toBe(false);
      const metas = await store2.backend.blocks('team-a');
      expect(metas).toHaveLength(1);
      expect(metas[0]!.totalObjects).toBe(1);
      const after = await store2.findTrace('team-a', tid);
      expect(spanIds(after)).toEqual(new Set(spans.map((x) => toHex(x.spanId))));
      await store2.close();
      await store.wal.close();
    } finally {
      t.cleanup();
    }
  });
});
