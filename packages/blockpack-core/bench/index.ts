/**
 * Benchmark: seeded synthetic microservice traces (10–50 spans per trace) written as blockpack,
 * compared with OTLP protobuf (+ zstd) and Parquet (+ zstd, hyparquet-writer), then trace lookups.
 *
 *   npm run bench              # 100k spans
 *   npm run bench -- --1m      # 100k and 1M spans (Parquet only at 100k: it needs every row in memory)
 *   npm run bench -- --1m-only --block=3000 --batch=3000   # 1M only, writer options
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { BlockpackReader, BlockpackWriter, MemorySink, SyntheticTraceGenerator, encodeOtlpProtobuf, loadZstd, openBlockpackFile, toHex } from '../src/index.js';
import type { OtlpTraces, ZstdCodec } from '../src/index.js';

const TRACES_PER_REQUEST = 200;
/** The OpenTelemetry SDK BatchSpanProcessor's default export size. */
const SDK_BATCH = 512;

/** Cuts a request into requests of at most `max` spans, keeping resource and scope grouping. */
function* splitRequest(t: OtlpTraces, max: number): Generator<OtlpTraces> {
  let cur: OtlpTraces = { resourceSpans: [] };
  let n = 0;
  for (const rs of t.resourceSpans) {
    for (const ss of rs.scopeSpans) {
      for (let i = 0; i < ss.spans.length; ) {
        const take = Math.min(max - n, ss.spans.length - i);
        cur.resourceSpans.push({ ...rs, scopeSpans: [{ ...ss, spans: ss.spans.slice(i, i + take) }] });
        n += take;
        i += take;
        if (n === max) {
          yield cur;
          cur = { resourceSpans: [] };
          n = 0;
        }
      }
    }
  }
  if (n > 0) yield cur;
}

interface Result {
  spans: number;
  traces: number;
  writeMs: number;
  /** CPU time (user + system) of the write calls: less sensitive to a busy machine than wall time. */
  writeCpuMs: number;
  blockpackBytes: number;
  otlpBytes: number;
  otlpZstdBytes: number;
  otlpSdkZstdBytes: number;
  parquetZstdBytes?: number;
  parquetMs?: number;
  openMs: number;
  lookupMemMs: number[];
  /** CPU time per lookup (user + system). */
  lookupCpuMs: number[];
  lookupFileMs: number[];
  fileOpenMs: number;
  blocksPerTrace: number;
}

function flatRows(t: OtlpTraces, rows: Record<string, unknown[]>): void {
  const push = (k: string, v: unknown): void => void (rows[k] ??= []).push(v);
  for (const rs of t.resourceSpans) {
    const res = new Map(rs.resource.attributes.map((a) => [a.key, 'stringValue' in a.value ? a.value.stringValue : null]));
    for (const ss of rs.scopeSpans)
      for (const s of ss.spans) {
        const n = rows.trace_id?.length ?? 0;
        push('trace_id', toHex(s.traceId));
        push('span_id', toHex(s.spanId));
        push('parent_span_id', toHex(s.parentSpanId));
        push('name', s.name);
        push('kind', s.kind);
        push('start_ns', s.startTimeUnixNano);
        push('duration_ns', s.endTimeUnixNano - s.startTimeUnixNano);
        push('status_code', s.status.code);
        push('status_message', s.status.message);
        for (const k of ['service.name', 'service.version', 'host.name', 'k8s.pod.name', 'cloud.region']) push(`resource.${k}`, res.get(k) ?? null);
        const attrs = new Map(s.attributes.map((a) => [a.key, a.value]));
        for (const k of ['http.method', 'http.route', 'http.url', 'user.id', 'request.id', 'db.system', 'db.statement', 'net.peer.name']) {
          const v = attrs.get(k);
          push(`span.${k}`, v && 'stringValue' in v ? v.stringValue : null);
        }
        for (const k of ['http.status_code', 'http.response_content_length']) {
          const v = attrs.get(k);
          push(`span.${k}`, v && 'intValue' in v ? v.intValue : null);
        }
        push('events_json', s.events.length ? JSON.stringify(s.events.map((e) => ({ t: String(e.timeUnixNano), n: e.name }))) : null);
        for (const col of Object.values(rows)) if (col.length === n) col.push(null); // keep columns aligned
      }
  }
}

const TYPES: Record<string, string> = { kind: 'INT32', start_ns: 'INT64', duration_ns: 'INT64', status_code: 'INT32', 'span.http.status_code': 'INT64', 'span.http.response_content_length': 'INT64', events_json: 'STRING' };

type WriteResult = Omit<Result, 'openMs' | 'lookupMemMs' | 'lookupCpuMs' | 'lookupFileMs' | 'fileOpenMs' | 'blocksPerTrace'> & { file: Uint8Array; sampleIds: Uint8Array[] };

/** `--block=N` / `--batch=N`: writer options (default: the writer's defaults). */
function numArg(name: string): number | undefined {
  const a = process.argv.find((x) => x.startsWith(`--${name}=`));
  return a === undefined ? undefined : Number(a.slice(name.length + 3));
}

async function run(target: number, zstd: ZstdCodec, withParquet: boolean): Promise<WriteResult> {
  const gen = new SyntheticTraceGenerator({ seed: 1 });
  const sink = new MemorySink();
  const writer = await BlockpackWriter.create(sink, { zstd, blockSpans: numArg('block'), batchSpans: numArg('batch') });
  const sampleIds: Uint8Array[] = [];
  let otlpBytes = 0;
  let otlpZstdBytes = 0;
  let otlpSdkZstdBytes = 0;
  let writeMs = 0;
  let writeCpuMs = 0;
  let traces = 0;
  const rows: Record<string, unknown[]> = {};
  while (gen.spanCount < target) {
    const req = gen.next(TRACES_PER_REQUEST);
    traces += TRACES_PER_REQUEST;
    for (let i = 0; i < gen.lastTraceIds.length; i += 7) sampleIds.push(gen.lastTraceIds[i]);
    const pb = encodeOtlpProtobuf(req);
    otlpBytes += pb.length;
    otlpZstdBytes += zstd.compress(pb).length;
    for (const part of splitRequest(req, SDK_BATCH)) otlpSdkZstdBytes += zstd.compress(encodeOtlpProtobuf(part)).length;
    if (withParquet) flatRows(req, rows);
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    await writer.add(pb);
    const c1 = process.cpuUsage(c0);
    writeCpuMs += (c1.user + c1.system) / 1000;
    writeMs += performance.now() - t0;
  }
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const summary = await writer.finish();
  const c1 = process.cpuUsage(c0);
  writeCpuMs += (c1.user + c1.system) / 1000;
  writeMs += performance.now() - t0;
  const file = sink.bytes();

  let parquetZstdBytes: number | undefined;
  let parquetMs: number | undefined;
  if (withParquet) {
    const p0 = performance.now();
    const buf = parquetWriteBuffer({
      columnData: Object.entries(rows).map(([name, data]) => ({ name, data, type: (TYPES[name] ?? 'STRING') as never })),
      codec: 'ZSTD',
      compressors: { ZSTD: (b: Uint8Array) => zstd.compress(b) },
      rowGroupSize: 100_000,
    });
    parquetMs = performance.now() - p0;
    parquetZstdBytes = buf.byteLength;
  }

  return {
    file,
    sampleIds,
    spans: summary.spans,
    traces,
    writeMs,
    writeCpuMs,
    blockpackBytes: file.length,
    otlpBytes,
    otlpZstdBytes,
    otlpSdkZstdBytes,
    parquetZstdBytes,
    parquetMs,
  };
}

/** Runs after the writer's state is unreachable, so lookups do not pay for its heap. */
async function measureLookups(file: Uint8Array, sampleIds: Uint8Array[], zstd: ZstdCodec): Promise<Pick<Result, 'openMs' | 'lookupMemMs' | 'lookupCpuMs' | 'lookupFileMs' | 'fileOpenMs' | 'blocksPerTrace'>> {
  const o0 = performance.now();
  const reader = await BlockpackReader.open(file, { zstd });
  const openMs = performance.now() - o0;
  for (const id of sampleIds.slice(-20)) await reader.findTrace(id); // warm-up (JIT)
  const lookupMemMs: number[] = [];
  const lookupCpuMs: number[] = [];
  let blocksTouched = 0;
  for (const id of sampleIds.slice(0, 200)) {
    const l0 = performance.now();
    const c0 = process.cpuUsage();
    const t = await reader.findTrace(id);
    const c1 = process.cpuUsage(c0);
    lookupCpuMs.push((c1.user + c1.system) / 1000);
    lookupMemMs.push(performance.now() - l0);
    if (!t) throw new Error(`trace ${toHex(id)} not found`);
    blocksTouched += reader.blocksForTrace(id).length;
  }
  const dir = mkdtempSync(join(tmpdir(), 'bp-bench-'));
  const path = join(dir, 'spans.blockpack');
  writeFileSync(path, file);
  const lookupFileMs: number[] = [];
  const f0 = performance.now();
  const fr = await openBlockpackFile(path, { zstd });
  const fileOpenMs = performance.now() - f0;
  for (const id of sampleIds.slice(200, 400)) {
    const l0 = performance.now();
    if (!(await fr.findTrace(id))) throw new Error('not found');
    lookupFileMs.push(performance.now() - l0);
  }
  await fr.close();
  rmSync(dir, { recursive: true, force: true });
  return { openMs, lookupMemMs, lookupCpuMs, lookupFileMs, fileOpenMs, blocksPerTrace: blocksTouched / Math.min(200, sampleIds.length) };
}

function pct(a: number[], p: number): number {
  const s = [...a].sort((x, y) => x - y);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))];
}

const f = (n: number, d = 2): string => n.toFixed(d);

async function main(): Promise<void> {
  const zstd = await loadZstd();
  const sizes = process.argv.includes('--1m-only') ? [1_000_000] : process.argv.includes('--1m') ? [100_000, 1_000_000] : [100_000];
  console.log(`node ${process.version}, zstd level 3 (@mebo/compress), ${TRACES_PER_REQUEST} traces per OTLP request, load average ${loadavg()[0].toFixed(1)} on ${cpus().length} cores\n`);
  for (const n of sizes) {
    const w = await run(n, zstd, n <= 100_000);
    const r: Result = { ...w, ...(await measureLookups(w.file, w.sampleIds, zstd)) };
    const mb = (b: number): string => f(b / 1e6, 1);
    console.log(`## ${r.spans.toLocaleString('en')} spans, ${r.traces.toLocaleString('en')} traces`);
    console.log('| measure | value |');
    console.log('| --- | --- |');
    console.log(`| write (OTLP protobuf in → file), wall | ${Math.round(r.spans / (r.writeMs / 1000)).toLocaleString('en')} spans/s (${f(r.writeMs, 0)} ms, ${f((r.writeMs * 1e6) / r.spans, 0)} ns/span) |`);
    console.log(`| write, per CPU second (process CPU time; GC threads count) | ${Math.round(r.spans / (r.writeCpuMs / 1000)).toLocaleString('en')} spans/s (${f(r.writeCpuMs, 0)} ms CPU) |`);
    console.log(`| OTLP protobuf | ${mb(r.otlpBytes)} MB, ${f(r.otlpBytes / r.spans, 1)} B/span |`);
    console.log(`| OTLP protobuf + zstd, ${SDK_BATCH}-span requests (SDK default batch) | ${mb(r.otlpSdkZstdBytes)} MB, ${f(r.otlpSdkZstdBytes / r.spans, 1)} B/span |`);
    console.log(`| OTLP protobuf + zstd, ${TRACES_PER_REQUEST}-trace requests (~${Math.round(r.spans / (r.traces / TRACES_PER_REQUEST))} spans) | ${mb(r.otlpZstdBytes)} MB, ${f(r.otlpZstdBytes / r.spans, 1)} B/span |`);
    console.log(`| blockpack | ${mb(r.blockpackBytes)} MB, ${f(r.blockpackBytes / r.spans, 1)} B/span: **${f(r.blockpackBytes / r.otlpSdkZstdBytes)}× OTLP+zstd (${SDK_BATCH})**, ${f(r.blockpackBytes / r.otlpZstdBytes)}× OTLP+zstd (${TRACES_PER_REQUEST} traces), ${f(r.blockpackBytes / r.otlpBytes, 3)}× OTLP |`);
    if (r.parquetZstdBytes !== undefined)
      console.log(`| Parquet + zstd (flat, hyparquet-writer) | ${mb(r.parquetZstdBytes)} MB, ${f(r.parquetZstdBytes / r.spans, 1)} B/span; blockpack is ${f(r.blockpackBytes / r.parquetZstdBytes)}× it (Parquet write ${f(r.parquetMs!, 0)} ms) |`);
    console.log(`| open (memory) | ${f(r.openMs)} ms |`);
    console.log(`| trace by id (memory, opened), wall | median ${f(pct(r.lookupMemMs, 0.5))} ms, p99 ${f(pct(r.lookupMemMs, 0.99))} ms, ${f(r.blocksPerTrace)} blocks/trace |`);
    console.log(`| trace by id, CPU time | median ${f(pct(r.lookupCpuMs, 0.5))} ms, p99 ${f(pct(r.lookupCpuMs, 0.99))} ms |`);
    console.log(`| trace by id (file, opened) | median ${f(pct(r.lookupFileMs, 0.5))} ms, p99 ${f(pct(r.lookupFileMs, 0.99))} ms; file open ${f(r.fileOpenMs)} ms |`);
    console.log('');
  }
}

void main();
