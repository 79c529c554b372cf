import type { ChildProcess } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { encodeTrace, toHex } from '../src/index.js';
import { decodeTrace, pb } from '../src/index.js';
import { id, span, traceOf } from './fixtures.js';
import { http, tempDir } from './helpers.js';
import { startCli } from './cli-process.js';

// Crash safety through the real CLI in a child process: ingest, SIGKILL (no shutdown hook runs),
// restart on the same data folder, and check that every acknowledged span is still served.

const PKG = join(__dirname, '..');

function startServe(dataDir: string, extra: string[] = []): Promise<{ child: ChildProcess; url: string }> {
  return startCli(PKG, ['serve', '--data', dataDir, '--port', '0', '--host', '127.0.0.1', ...extra]);
}

function waitExit(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
  });
}

describe('crash safety (kill -9)', () => {
  it('serves every acknowledged span after SIGKILL and restart', async () => {
    const tmp = tempDir();
    let child: ChildProcess | undefined;
    try {
      const first = await startServe(tmp.dir);
      child = first.child;
      const acked = new Map<string, Set<string>>();
      const send = async (tenant: string, url = first.url) => {
        const tid = id(16);
        const spans = Array.from({ length: 5 }, () => span(tid));
        const r = await http(`${url}/v1/traces`, { method: 'POST', headers: { 'Content-Type': 'application/x-protobuf', 'X-Scope-OrgID': tenant }, body: encodeTrace(traceOf(spans)) });
        if (r.status === 200) acked.set(`${tenant}/${toHex(tid)}`, new Set(spans.map((s) => toHex(s.spanId))));
      };
      for (let round = 0; round < 8; round++) await Promise.all(Array.from({ length: 10 }, (_, i) => send(i % 2 ? 'crash-a' : 'crash-b')));
      // Requests in flight at the moment of the kill may or may not be acknowledged: both are fine.
      const inFlight = Array.from({ length: 10 }, () => send('crash-a').catch(() => undefined));
      child.kill('SIGKILL');
      await Promise.all(inFlight);
      await waitExit(child);
      expect(acked.size).toBeGreaterThanOrEqual(80);

      // The restarted server writes blocks in its writer thread (replayed blocks, and at shutdown).
      const second = await startServe(tmp.dir, ['--writer-threads']);
      child = second.child;
      for (const [key, spanIds] of acked) {
        const [tenant, traceId] = key.split('/') as [string, string];
        const r = await http(`${second.url}/api/v2/traces/${traceId}`, { headers: { Accept: 'application/protobuf', 'X-Scope-OrgID': tenant } });
        expect(r.status).toBe(200);
        const t = decodeTrace((pb.TraceByIDResponse.decode(r.body) as unknown as { trace: Uint8Array }).trace);
        const got = new Set(t.resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans.map((s) => toHex(s.spanId)))));
        expect(got).toEqual(spanIds);
      }
      // New data after the restart, then a graceful stop: every head block is completed.
      await send('crash-b', second.url);
      child.kill('SIGTERM');
      await waitExit(child);
      expect(child.exitCode).toBe(0);
      expect(readdirSync(join(tmp.dir, 'wal')).filter((n) => n.endsWith('+vblockpack'))).toEqual([]);
      expect(readdirSync(join(tmp.dir, 'blocks', 'crash-a')).some((n) => existsSync(join(tmp.dir, 'blocks', 'crash-a', n, 'meta.json')))).toBe(true);
    } finally {
      if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      tmp.cleanup();
    }
  });
});
