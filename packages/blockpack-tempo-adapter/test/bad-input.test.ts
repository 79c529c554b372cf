import { gzipSync } from 'node:zlib';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { SeededRandom, expectOnly, mutate } from '@mebo-internal/test-kit';
import { TempoError, decodeTrace, encodeTrace, parseOtlpJson, pb, silentLogger, startServer, toHex } from '../src/index.js';
import type { RunningServer } from '../src/index.js';
import { id, span, traceOf } from './fixtures.js';
import { http, tempDir } from './helpers.js';

const PB = { 'Content-Type': 'application/x-protobuf' };
const JSON_CT = { 'Content-Type': 'application/json' };

describe('bad input over HTTP', () => {
  let srv: RunningServer;
  let tmp: ReturnType<typeof tempDir>;
  beforeAll(async () => {
    tmp = tempDir();
    srv = await startServer({ dataDir: tmp.dir, port: 0, logger: silentLogger, cutCheckIntervalMs: 0, maxBodyBytes: 64 * 1024, maxDecompressedBytes: 256 * 1024 });
  });
  afterAll(async () => {
    await srv.close();
    tmp.cleanup();
  });

  function walSpans(): number {
    return srv.store.wal.tenants().reduce((n, t) => n + srv.store.wal.blocksOf(t).reduce((m, b) => m + b.spanCount, 0), 0);
  }

  it('answers 400 with a reason to malformed protobuf and stores nothing', async () => {
    const before = walSpans();
    const r = await http(`${srv.url}/v1/traces`, { method: 'POST', headers: PB, body: new Uint8Array([0x0a, 0xff, 0xff, 0x01]) });
    expect(r.status).toBe(400);
    const status = pb.RpcStatus.decode(r.body) as unknown as { message: string };
    expect(status.message).toMatch(/malformed protobuf/);
    expect(walSpans()).toBe(before);
  });

  it('answers 400 to malformed JSON, naming the place', async () => {
    const r = await http(`${srv.url}/v1/traces`, { method: 'POST', headers: JSON_CT, body: '{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"zz"}]}]}]}' });
    expect(r.status).toBe(400);
    expect(JSON.parse(r.text).message).toMatch(/resourceSpans\[0\]\.scopeSpans\[0\]\.spans\[0\]\.traceId/);
    const r2 = await http(`${srv.url}/v1/traces`, { method: 'POST', headers: JSON_CT, body: '{"resourceSpans":' });
    expect(r2.status).toBe(400);
  });

  it('drops invalid spans only, reporting them as partial success', async () => {
    const tid = id(16);
    const good = span(tid);
    const badId = span(new Uint8Array(16)); // all-zero trace id
    const r = await http(`${srv.url}/v1/traces`, { method: 'POST', headers: PB, body: encodeTrace(traceOf([good, badId])) });
    expect(r.status).toBe(200);
    const resp = pb.ExportTraceServiceResponse.decode(r.body) as unknown as { partial_success: { rejected_spans: { low: number }; error_message: string } };
    expect(resp.partial_success.rejected_spans.low).toBe(1);
    expect(resp.partial_success.error_message).toMatch(/all zeros/);
    const got = await http(`${srv.url}/api/traces/${toHex(tid)}`, { headers: { Accept: 'application/protobuf' } });
    expect(got.status).toBe(200);
  });

  it('answers 413 to oversized bodies, raw and decompressed', async () => {
    const big = new Uint8Array(100 * 1024);
    const r = await http(`${srv.url}/v1/traces`, { method: 'POST', headers: PB, body: big });
    expect(r.status).toBe(413);
    const bomb = gzipSync(new Uint8Array(1024 * 1024));
    expect(bomb.length).toBeLessThan(64 * 1024);
    const r2 = await http(`${srv.url}/v1/traces`, { method: 'POST', headers: { ...PB, 'Content-Encoding': 'gzip' }, body: bomb });
    expect(r2.status).toBe(413);
  });

  it('accepts gzip bodies', async () => {
    const tid = id(16);
    const r = await http(`${srv.url}/v1/traces`, { method: 'POST', headers: { ...PB, 'Content-Encoding': 'gzip' }, body: gzipSync(encodeTrace(traceOf([span(tid)]))) });
    expect(r.status).toBe(200);
    expect((await http(`${srv.url}/api/traces/${toHex(tid)}`)).status).toBe(200);
  });

  it('answers 415 to other content types and 405 to wrong methods', async () => {
    expect((await http(`${srv.url}/v1/traces`, { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: 'x' })).status).toBe(415);
    expect((await http(`${srv.url}/v1/traces`)).status).toBe(405);
  });

  it('refuses tenant ids that could escape the data folder', async () => {
    for (const tenant of ['..', '.', 'a/b', '../x', 'a+b', 'a\\b']) {
      const r = await http(`${srv.url}/v1/traces`, { method: 'POST', headers: { ...PB, 'X-Scope-OrgID': tenant }, body: encodeTrace(traceOf([span(id(16))])) });
      expect(r.status).toBe(400);
    }
    expect(readdirSync(join(tmp.dir, 'wal')).every((n) => !n.includes('..'))).toBe(true);
  });

  it('answers 400 to invalid trace ids and parameters', async () => {
    expect((await http(`${srv.url}/api/traces/xyz`)).status).toBe(400);
    expect((await http(`${srv.url}/api/v2/traces/${'a'.repeat(33)}`)).status).toBe(400);
    expect((await http(`${srv.url}/api/traces/abc?start=10&end=5`)).status).toBe(400);
    expect((await http(`${srv.url}/api/traces/abc?start=x`)).status).toBe(400);
    expect((await http(`${srv.url}/api/traces/%zz`)).status).toBe(400);
  });

  it('serves echo, buildinfo and ready', async () => {
    const e = await http(`${srv.url}/api/echo`);
    expect([e.status, e.text]).toEqual([200, 'echo']);
    const b = JSON.parse((await http(`${srv.url}/api/status/buildinfo`)).text);
    expect(b.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect((await http(`${srv.url}/ready`)).text).toBe('ready');
  });
});

describe('decoder fuzzing', () => {
  it('only TempoError escapes the protobuf and JSON decoders', () => {
    const rng = new SeededRandom(42);
    const seed = encodeTrace(traceOf([span(id(16)), span(id(16))]));
    const jsonSeed = new TextEncoder().encode(
      '{"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"a"}}]},"scopeSpans":[{"spans":[{"traceId":"0102030405060708090a0b0c0d0e0f10","spanId":"0102030405060708","startTimeUnixNano":"1","kind":2}]}]}]}',
    );
    const rejected = [0, 0];
    for (let i = 0; i < 500; i++) {
      for (const [k, input, fn] of [
        [0, seed, (b: Uint8Array) => decodeTrace(b)],
        [1, jsonSeed, (b: Uint8Array) => parseOtlpJson(new TextDecoder().decode(b))],
      ] as const) {
        const m = mutate(input, rng);
        if (expectOnly(TempoError, `case ${i} decoder ${k}`, () => fn(m)) !== undefined) rejected[k]++;
      }
    }
    // the mutations reach the error paths of both decoders, not only inputs they accept
    expect(rejected[0]).toBeGreaterThan(50);
    expect(rejected[1]).toBeGreaterThan(50);
  });
});

describe('max bytes per trace', () => {
  it('returns a PARTIAL v2 trace and a v1 422 when the trace is too large', async () => {
    const tmp = tempDir();
    const srv = await startServer({ dataDir: tmp.dir, port: 0, logger: silentLogger, cutCheckIntervalMs: 0, maxBytesPerTrace: 600 });
    try {
      const tid = id(16);
      const spans = Array.from({ length: 20 }, (_, i) => span(tid, { startTimeUnixNano: 1_700_000_000_000_000_000n + BigInt(i) }));
      expect((await http(`${srv.url}/v1/traces`, { method: 'POST', headers: PB, body: encodeTrace(traceOf(spans)) })).status).toBe(200);
      const v2 = await http(`${srv.url}/api/v2/traces/${toHex(tid)}`, { headers: { Accept: 'application/protobuf' } });
      expect(v2.status).toBe(200);
      const resp = pb.TraceByIDResponse.decode(v2.body) as unknown as { trace: Uint8Array; status: number; message: string };
      expect(resp.status).toBe(1);
      expect(resp.message).toMatch(/partial trace/);
      expect(resp.trace.length).toBeLessThanOrEqual(600);
      const kept = decodeTrace(resp.trace).resourceSpans[0]!.scopeSpans[0]!.spans;
      expect(kept.length).toBeGreaterThan(0);
      expect(kept.length).toBeLessThan(20);
      expect(kept[0]!.spanId).toEqual(spans[0]!.spanId);
      const json = JSON.parse((await http(`${srv.url}/api/v2/traces/${toHex(tid)}`)).text);
      expect(json.status).toBe('PARTIAL');
      expect((await http(`${srv.url}/api/traces/${toHex(tid)}`)).status).toBe(422);
    } finally {
      await srv.close();
      tmp.cleanup();
    }
  });
});
