import { BlockpackReader, BlockpackWriter, MemorySink, readerQuerySource, searchTagNames, searchTagValues, searchTraceQL } from '@blockpack/core';
import type { OtlpTraces, QuerySource } from '@blockpack/core';
import type { Trace } from '../convert/model.js';
import type { BlockEngine, EngineFile, EngineSearchOptions, EngineSearchResult, EngineTagNames, EngineTagOptions, EngineTagValue } from './engine.js';

// The BlockEngine over @blockpack/core: its writer, reader (trace lookup), TraceQL search and tag
// search. The adapter's model has the same shape as core's OtlpTraces, so values pass through.

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
  async write(batches: readonly Trace[], spansPerBlock: number): Promise<Uint8Array> {
    // One sort batch for the whole file: traces cluster into the fewest blocks.
    let total = 0;
    for (const t of batches) for (const rs of t.resourceSpans) for (const ss of rs.scopeSpans) total += ss.spans.length;
    const sink = new MemorySink();
    const w = await BlockpackWriter.create(sink, { blockSpans: spansPerBlock, batchSpans: Math.max(spansPerBlock, total) });
    for (const t of batches) await w.addTraces(t as OtlpTraces);
    await w.finish();
    return sink.bytes();
  },
  async open(bytes: Uint8Array): Promise<EngineFile> {
    return new CoreFile(await BlockpackReader.open(bytes), bytes.length);
  },
};
