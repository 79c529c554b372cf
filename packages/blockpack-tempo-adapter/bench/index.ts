// Load bench: the server runs as a child process (the real CLI, fsync 'always'); this process is
// the load generator. For a bounded time it posts OTLP protobuf batches over loopback with a fixed
// concurrency, while a query loop measures trace-by-id and search latency under that load.
//
//   npm run bench                      (10 s, concurrency 8, 100 spans per request)
//   BENCH_SECONDS=5 BENCH_CONCURRENCY=4 npm run bench
//   BENCH_SERVER_ARGS=--writer-threads npm run bench   (long blockpack writes in a worker thread)
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request, Agent } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeTrace, toHex } from '../src/index.js';
import { startCli } from '../test/cli-process.js';
import type { Span, Trace } from '../src/index.js';

const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 10);
const CONCURRENCY = Number(process.env['BENCH_CONCURRENCY'] ?? 8);
const TRACES_PER_REQUEST = 10;
const SPANS_PER_TRACE = 10;
const PKG = join(import.meta.dirname, '..');

/** xorshift32: deterministic ids and attribute values. */
let seed = 0x9e3779b9;
function rnd(): number {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return seed >>> 0;
}
function randomId(n: number): Uint8Array {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i += 4) {
    const r = rnd();
    for (let k = 0; k < 4 && i + k < n; k++) b[i + k] = (r >>> (8 * k)) & 0xff;
  }
  b[0] |= 1;
  return b;
}

const SERVICES = ['frontend', 'checkout', 'payments', 'catalog', 'shipping'];
const ROUTES = ['/cart', '/checkout', '/pay', '/items/{id}', '/ship'];

function makeRequest(): { body: Uint8Array; traceIds: string[] } {
  const now = BigInt(Date.now()) * 1_000_000n;
  const byService = new Map<string, Span[]>();
  const traceIds: string[] = [];
  for (let t = 0; t < TRACES_PER_REQUEST; t++) {
    const traceId = randomId(16);
    traceIds.push(toHex(traceId));
    let parent: Uint8Array = new Uint8Array(0);
    for (let s = 0; s < SPANS_PER_TRACE; s++) {
      const service = SERVICES[(t + s) % SERVICES.length]!;
      const spanId = randomId(8);
      const start = now - BigInt(rnd() % 1_000_000_000);
      const span: Span = {
        traceId,
        spanId,
        traceState: '',
        parentSpanId: parent,
        flags: 1,
        name: `${s === 0 ? 'GET' : 'call'} ${ROUTES[rnd() % ROUTES.length]}`,
        kind: s === 0 ? 2 : 3,
        startTimeUnixNano: start,
        endTimeUnixNano: start + BigInt(rnd() % 50_000_000),
        attributes: [
          { key: 'http.method', value: { stringValue: 'GET' } },
          { key: 'http.status_code', value: { intValue: BigInt(rnd() % 10 === 0 ? 500 : 200) } },
          { key: 'user.id', value: { stringValue: `u${rnd() % 1000}` } },
        ],
        droppedAttributesCount: 0,
        events: [],
        droppedEventsCount: 0,
        links: [],
        droppedLinksCount: 0,
        status: { code: rnd() % 10 === 0 ? 2 : 0, message: '' },
      };
      parent = spanId;
      let list = byService.get(service);
      if (!list) byService.set(service, (list = []));
      list.push(span);
    }
  }
  const trace: Trace = {
    resourceSpans: [...byService].map(([service, spans]) => ({
      resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }], droppedAttributesCount: 0 },
      schemaUrl: '',
      scopeSpans: [{ scope: { name: 'bench', version: '1', attributes: [], droppedAttributesCount: 0 }, spans, schemaUrl: '' }],
    })),
  };
  return { body: encodeTrace(trace), traceIds };
}

const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY + 2 });

function call(url: string, method: string, body?: Uint8Array, headers: Record<string, string> = {}): Promise<{ status: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, agent, headers }, (res) => {
      let bytes = 0;
      res.on('data', (c: Buffer) => (bytes += c.length));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes }));
      res.on('error', reject);
    });
    req.on('error', reject);
    if (body) req.end(body);
    else req.end();
  });
}

function pct(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function startServer(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  const flags = (process.env['BENCH_NODE_FLAGS'] ?? '').split(' ').filter(Boolean);
  const serverArgs = (process.env['BENCH_SERVER_ARGS'] ?? '').split(' ').filter(Boolean);
  return startCli(PKG, ['serve', '--data', dataDir, '--port', '0', '--fsync', 'always', ...serverArgs], flags);
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bp-tempo-bench-'));
  const { child, url } = await startServer(dataDir);
  const ingestLat: number[] = [];
  const byIdLat: number[] = [];
  const searchLat: number[] = [];
  const recent: string[] = [];
  let accepted = 0;
  let failed = 0;
  const deadline = performance.now() + SECONDS * 1000;

  const worker = async () => {
    while (performance.now() < deadline) {
      const { body, traceIds } = makeRequest();
      const t0 = performance.now();
      const r = await call(`${url}/v1/traces`, 'POST', body, { 'Content-Type': 'application/x-protobuf' });
      const dt = performance.now() - t0;
      if (r.status === 200) {
        accepted += TRACES_PER_REQUEST * SPANS_PER_TRACE;
        ingestLat.push(dt);
        recent.push(traceIds[0]!);
        if (recent.length > 1000) recent.shift();
      } else failed++;
    }
  };
  const queries = async () => {
    let i = 0;
    while (performance.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      if (recent.length === 0) continue;
      const id = recent[Math.floor(recent.length / 2)]!;
      let t0 = performance.now();
      const r = await call(`${url}/api/v2/traces/${id}`, 'GET', undefined, { Accept: 'application/protobuf' });
      if (r.status === 200 && r.bytes > 10) byIdLat.push(performance.now() - t0);
      const now = Math.floor(Date.now() / 1000);
      const q = i++ % 2 === 0 ? '{ resource.service.name = "payments" && span.http.status_code = 500 }' : '{ status = error }';
      t0 = performance.now();
      const s = await call(`${url}/api/search?q=${encodeURIComponent(q)}&start=${now - 3600}&end=${now + 60}&limit=20`, 'GET');
      if (s.status === 200) searchLat.push(performance.now() - t0);
    }
  };
  const t0 = performance.now();
  await Promise.all([...Array.from({ length: CONCURRENCY }, worker), ...(process.env["BENCH_QUERIES"] === "0" ? [] : [queries()])]);
  const elapsed = (performance.now() - t0) / 1000;
  // The same queries once the load has stopped: engine cost without CPU contention from ingest.
  const idleById: number[] = [];
  const idleSearch: number[] = [];
  for (let i = 0; i < 10 && recent.length > 0; i++) {
    const id = recent[(i * 97) % recent.length]!;
    let q0 = performance.now();
    await call(`${url}/api/v2/traces/${id}`, 'GET', undefined, { Accept: 'application/protobuf' });
    idleById.push(performance.now() - q0);
    const now = Math.floor(Date.now() / 1000);
    const q = i % 2 === 0 ? '{ resource.service.name = "payments" && span.http.status_code = 500 }' : '{ status = error }';
    q0 = performance.now();
    await call(`${url}/api/search?q=${encodeURIComponent(q)}&start=${now - 3600}&end=${now + 60}&limit=20`, 'GET');
    idleSearch.push(performance.now() - q0);
  }
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  rmSync(dataDir, { recursive: true, force: true });
  agent.destroy();

  for (const a of [ingestLat, byIdLat, searchLat, idleById, idleSearch]) a.sort((x, y) => x - y);
  const f = (n: number) => n.toFixed(1);
  const lines = [
    `blockpack-tempo load bench: ${SECONDS} s, concurrency ${CONCURRENCY}, ${TRACES_PER_REQUEST * SPANS_PER_TRACE} spans/request (${TRACES_PER_REQUEST} traces), OTLP protobuf over loopback, fsync=always`,
    `node ${process.version}, server and load generator in separate processes`,
    `accepted spans/s:      ${Math.round(accepted / elapsed)}  (${accepted} spans, ${ingestLat.length} requests, ${failed} failed)`,
    `ingest latency (ms):   p50 ${f(pct(ingestLat, 50))}  p99 ${f(pct(ingestLat, 99))}`,
    `trace by id (ms):      p50 ${f(pct(byIdLat, 50))}  p99 ${f(pct(byIdLat, 99))}  (${byIdLat.length} queries)`,
    `search (ms):           p50 ${f(pct(searchLat, 50))}  p99 ${f(pct(searchLat, 99))}  (${searchLat.length} queries)`,
    `after the load stopped: trace by id p50 ${f(pct(idleById, 50))} ms, search p50 ${f(pct(idleSearch, 50))} ms (${idleSearch.length} each)`,
  ];
  process.stdout.write(lines.join('\n') + '\n');
}

main().catch((e: unknown) => {
  process.stderr.write(`bench failed: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exitCode = 1;
});
