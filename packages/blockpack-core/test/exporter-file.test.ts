import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { ExportResultCode } from '@opentelemetry/core';
import type { ExportResult } from '@opentelemetry/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { BlockpackFileExporter } from '../src/exporter/file-exporter.js';
import { BlockpackReader } from '../src/reader/reader.js';
import { readerQuerySource } from '../src/query/source.js';
import { searchTraceQL } from '../src/query/search.js';
import { BlockpackError } from '../src/shared/errors.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bp-exporter-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function openAll(d: string): Promise<BlockpackReader[]> {
  const files = (await readdir(d)).filter((f) => f.endsWith('.blockpack')).sort();
  return Promise.all(files.map(async (f) => BlockpackReader.open(new Uint8Array(await readFile(join(d, f))))));
}

/** A parent span with `n` children, each carrying `i`. */
function makeTrace(provider: BasicTracerProvider, n: number, offset = 0): string {
  const tracer = provider.getTracer('exporter-test', '1.2.3');
  const root = tracer.startSpan('root', { kind: SpanKind.SERVER, attributes: { 'http.route': '/items' } });
  const ctx = trace.setSpan(ROOT_CONTEXT, root);
  for (let i = 0; i < n; i++) {
    const child = tracer.startSpan(`child-${i + offset}`, { kind: SpanKind.CLIENT, attributes: { i: i + offset, ok: i % 2 === 0 } }, ctx);
    if (i % 3 === 0) child.setStatus({ code: SpanStatusCode.ERROR, message: 'boom' });
    child.end();
  }
  root.end();
  return root.spanContext().traceId;
}

describe('BlockpackFileExporter', () => {
  it('writes spans from a SimpleSpanProcessor into rolling files that read back', async () => {
    const exporter = new BlockpackFileExporter({ directory: dir, maxSpansPerFile: 5 });
    const provider = new BasicTracerProvider({
      resource: resourceFromAttributes({ 'service.name': 'checkout' }),
      spanProcessors: [new SimpleSpanProcessor(exporter)],
    });
    const traceId = makeTrace(provider, 11);
    await provider.forceFlush();
    await exporter.forceFlush();
    await provider.shutdown();
    const names = (await readdir(dir)).sort();
    expect(names.every((n) => /^spans-\d{13}-\d{6}\.blockpack$/.test(n))).toBe(true);
    expect(names).toEqual(exporter.closedFiles.map((f) => f.path.slice(dir.length + 1)));
    const readers = await openAll(dir);
    expect(readers.map((r) => r.spanCount)).toEqual([5, 5, 2]);
    // Find spans by attribute, status, kind and structure, across the files.
    const found: string[] = [];
    for (const r of readers) {
      const res = await searchTraceQL(readerQuerySource(r), '{ span.i >= 3 && span.i < 6 && status = error }', { spansPerSpanset: 10 });
      for (const t of res.traces) {
        expect(t.traceId).toBe(traceId);
        for (const s of t.spanSets[0].spans) found.push(s.name);
      }
    }
    expect(found).toEqual(['child-3']);
    let children = 0;
    for (const r of readers) {
      const res = await searchTraceQL(readerQuerySource(r), '{ kind = client && resource.service.name = "checkout" && instrumentation:name = "exporter-test" }', { spansPerSpanset: 100 });
      children += res.traces.reduce((n, t) => n + t.spanSets[0].matched, 0);
    }
    expect(children).toBe(11);
    const last = readers[readers.length - 1];
    const tr = await last.findTrace(traceId);
    const spans = tr!.resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans));
    expect(spans.map((s) => s.name).sort()).toEqual(['child-10', 'root']);
  });

  it('works under a BatchSpanProcessor and keeps every span', async () => {
    const exporter = new BlockpackFileExporter({ directory: join(dir, 'nested', 'out'), maxSpansPerFile: 40, writer: { blockSpans: 8 } });
    const provider = new BasicTracerProvider({ spanProcessors: [new BatchSpanProcessor(exporter, { maxExportBatchSize: 16, scheduledDelayMillis: 5 })] });
    const ids = [makeTrace(provider, 30), makeTrace(provider, 30, 100), makeTrace(provider, 9, 200)];
    await provider.shutdown();
    const readers = await openAll(join(dir, 'nested', 'out'));
    expect(readers.reduce((n, r) => n + r.spanCount, 0)).toBe(72);
    const seen = new Set<string>();
    for (const r of readers) {
      const res = await searchTraceQL(readerQuerySource(r), '{ name = "root" } > { span.ok = true }', { spansPerSpanset: 100 });
      for (const t of res.traces) seen.add(t.traceId);
    }
    // A child and its root may land in different files; the trace with roots and children together matches.
    expect(ids.some((id) => seen.has(id))).toBe(true);
    expect((await readdir(join(dir, 'nested', 'out'))).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('rolls files by age and by size', async () => {
    let clock = 1_000_000;
    const exporter = new BlockpackFileExporter({ directory: dir, maxFileAgeMs: 1000, now: () => clock });
    const mem = new InMemorySpanExporter();
    const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(mem)] });
    makeTrace(provider, 3);
    const batch: ReadableSpan[] = mem.getFinishedSpans();
    const exportOnce = (spans: ReadableSpan[]): Promise<ExportResult> => new Promise((resolve) => exporter.export(spans, resolve));
    expect((await exportOnce(batch)).code).toBe(ExportResultCode.SUCCESS);
    clock += 500;
    await exportOnce(batch);
    clock += 600; // the file is now 1.1 s old: the next export starts a new file
    await exportOnce(batch);
    await exporter.shutdown();
    expect(exporter.closedFiles.map((f) => f.spans)).toEqual([8, 4]);
    expect(exporter.closedFiles[0].path < exporter.closedFiles[1].path).toBe(true);

    const small = new BlockpackFileExporter({ directory: join(dir, 'small'), maxBytesPerFile: 1, writer: { blockSpans: 2, batchSpans: 2 } });
    await new Promise((resolve) => small.export(batch, resolve));
    await new Promise((resolve) => small.export(batch, resolve));
    await small.shutdown();
    expect(small.closedFiles.map((f) => f.spans)).toEqual([4, 4]);
    expect((await openAll(join(dir, 'small'))).map((r) => r.spanCount)).toEqual([4, 4]);
  });

  it('continues the sequence after a restart and fails after shutdown', async () => {
    const clock = () => 42;
    const a = new BlockpackFileExporter({ directory: dir, now: clock });
    const mem = new InMemorySpanExporter();
    makeTrace(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(mem)] }), 1);
    await new Promise((resolve) => a.export(mem.getFinishedSpans(), resolve));
    await a.shutdown();
    const b = new BlockpackFileExporter({ directory: dir, now: clock });
    await new Promise((resolve) => b.export(mem.getFinishedSpans(), resolve));
    await b.forceFlush();
    const names = (await readdir(dir)).sort();
    expect(names).toEqual(['spans-0000000000042-000001.blockpack', 'spans-0000000000042-000002.blockpack']);
    await b.shutdown();
    const result = await new Promise<ExportResult>((resolve) => b.export(mem.getFinishedSpans(), resolve));
    expect(result.code).toBe(ExportResultCode.FAILED);
    expect(result.error).toBeInstanceOf(BlockpackError);
    await b.forceFlush(); // nothing open: a no-op
  });

  it('rejects bad options', () => {
    expect(() => new BlockpackFileExporter({ directory: '' })).toThrow(BlockpackError);
    expect(() => new BlockpackFileExporter({ directory: dir, prefix: '../x' })).toThrow(BlockpackError);
    expect(() => new BlockpackFileExporter({ directory: dir, maxSpansPerFile: 0 })).toThrow(BlockpackError);
  });
});
