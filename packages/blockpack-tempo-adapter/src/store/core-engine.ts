import { BlockpackReader, BlockpackWriter, MemorySink, groupSpans, readerQuerySource, searchTagNames, searchTagValues, searchTraceQL, storeOnlyZstd } from '@blockpack/core';
import type { OtlpTraces, QuerySource } from '@blockpack/core';
import type { Trace } from '../convert/model.js';
import type { BlockEngine, EngineFile, EngineSearchOptions, EngineSearchResult, EngineTagNames, EngineTagOptions, EngineTagValue, RangedSource } from './engine.js';

// The BlockEngine over @blockpack/core: its writer, reader (trace lookup), TraceQL search and tag
// search. The adapter's model has the same shape as core's OtlpTraces, so values pass through.

/** Spans sorted together by the writer. */
const WRITE_BATCH_SPANS = 10_000;

class CoreFile implements EngineFile {
  private readonly source: QuerySource;

  constructor(
    private readonly reader: BlockpackReader,
    readonly sizeBytes: number,
  ) {
    this.source = readerQuerySource(reader);
  }

  get spanCount(): number {
    return this.reader.spanCount;
  }

  async findTrace(traceId: Uint8Array): Promise<Trace | undefined> {
    return await this.reader.findTrace(traceId);
  }

  async *readBlocks(): AsyncIterable<Trace> {
    for await (const b of this.reader.iterateBlocks()) yield groupSpans(this.reader.spansOf(b));
  }

  async search(query: string, options: EngineSearchOptions): Promise<EngineSearchResult> {
    const r = await searchTraceQL(this.source, query, options);
    return { traces: r.traces, inspectedSpans: r.metrics.inspectedSpans, inspectedBlocks: r.metrics.inspectedBlocks, totalBlocks: r.metrics.totalBlocks };
  }

  async tagNames(options: EngineTagOptions): Promise<EngineTagNames> {
    const r = await searchTagNames(this.source, { ...options, scopes: ['span', 'resource', 'instrumentation'] });
    return { span: r.span, resource: r.resource, instrumentation: r.instrumentation };
  }

  async tagValues(tag: string, options: EngineTagOptions): Promise<EngineTagValue[]> {
    return searchTagValues(this.source, tag, options);
  }
}

/** The default engine: @blockpack/core with its default zstd codec. */
export const coreEngine: BlockEngine = {
  async write(batches: readonly Trace[], spansPerBlock: number, options: { readonly ephemeral?: boolean } = {}): Promise<Uint8Array> {
    // Sort batches of up to WRITE_BATCH_SPANS spans (Go's default is 5 blocks): large enough to
    // cluster traces, small enough that the event loop is yielded to (between blocks) while a big
    // WAL block is completed, so ingest and queries keep being served.
    const sink = new MemorySink();
    const yielding = { write: async (c: Uint8Array) => (sink.write(c), await new Promise<void>((r) => setImmediate(r))) };
    // In-memory head chunks skip compression (zstd raw frames, about 3× faster to build) and the
    // range index (a chunk is a block or two: pruning gains nothing there).
    const w = await BlockpackWriter.create(yielding, {
      blockSpans: spansPerBlock,
      batchSpans: Math.max(spansPerBlock, WRITE_BATCH_SPANS),
      ...(options.ephemeral ? { zstd: storeOnlyZstd, rangeIndex: false } : {}),
    });
    for (const t of batches) await w.addTraces(t as OtlpTraces);
    await w.finish();
    return sink.bytes();
  },
  async open(bytes: Uint8Array): Promise<EngineFile> {
    return new CoreFile(await BlockpackReader.open(bytes), bytes.length);
  },
  async openRanged(source: RangedSource): Promise<EngineFile> {
    return new CoreFile(await BlockpackReader.open(source), source.size);
  },
};
