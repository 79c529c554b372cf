import * as core from '@blockpack/core';
import type { BlockpackReader, Column } from '@blockpack/core';
import type { Trace } from '../convert/model.js';
import type { BlockEngine, EngineFile, EngineSearchOptions, EngineSearchResult, EngineTagValue } from './engine.js';

// The BlockEngine over @blockpack/core: its writer, reader (trace lookup) and TraceQL search.
// Tag names come from the file's range index plus block column directories; tag values from the
// column dictionaries, read through the reader's documented scanning API (Block/Column).

/** Files with at most this many blocks also contribute block-directory column names (e.g. Bool columns the range index skips). */
const SCAN_BLOCK_DIRECTORIES_MAX = 16;

interface CoreSearch {
  searchTraceQL(source: unknown, query: string, options: Partial<EngineSearchOptions>): Promise<{
    traces: readonly {
      traceId: string;
      rootServiceName: string | undefined;
      rootTraceName: string | undefined;
      startTimeUnixNano: bigint;
      durationNanos: bigint;
      spanSets: readonly { spans: readonly { spanId: string; name: string; startTimeUnixNano: bigint; durationNanos: bigint; attributes: readonly { key: string; value: string | bigint | number | boolean }[] }[]; matched: number }[];
    }[];
    metrics: { totalBlocks: number; inspectedBlocks: number; inspectedSpans: number };
  }>;
  readerQuerySource(reader: BlockpackReader): unknown;
}

function coreSearch(): CoreSearch {
  const c = core as unknown as Partial<CoreSearch>;
  if (typeof c.searchTraceQL !== 'function' || typeof c.readerQuerySource !== 'function') {
    throw Object.assign(new Error('TraceQL search is not available in this @blockpack/core build'), { code: 'UNSUPPORTED_QUERY' });
  }
  return c as CoreSearch;
}

function valuesOf(col: Column, out: Map<string, EngineTagValue>, limit: number): void {
  const v = col.values;
  const add = (type: EngineTagValue['type'], value: string) => {
    if (out.size < limit) out.set(`${type}\u0000${value}`, { type, value });
  };
  switch (v.kind) {
    case 'string':
      for (const s of v.strings) add('string', s);
      break;
    case 'int64':
      for (const x of v.big) add('int', x.toString());
      break;
    case 'uint64':
      for (const x of v.big) add('int', x.toString());
      break;
    case 'float64':
      for (const x of v.num) add('float', String(x));
      break;
    case 'bool':
      for (const x of v.bool) add('bool', x ? 'true' : 'false');
      break;
    case 'bytes':
      break;
  }
}

class CoreFile implements EngineFile {
  private names: string[] | undefined;
  private source: unknown;

  constructor(
    private readonly reader: BlockpackReader,
    readonly sizeBytes: number,
  ) {}

  get spanCount(): number {
    return this.reader.spanCount;
  }

  async findTrace(traceId: Uint8Array): Promise<Trace | undefined> {
    return (await this.reader.findTrace(traceId)) as Trace | undefined;
  }

  async search(query: string, options: EngineSearchOptions): Promise<EngineSearchResult> {
    const s = coreSearch();
    this.source ??= s.readerQuerySource(this.reader);
    const r = await s.searchTraceQL(this.source, query, options);
    return { traces: r.traces, inspectedSpans: r.metrics.inspectedSpans, inspectedBlocks: r.metrics.inspectedBlocks, totalBlocks: r.metrics.totalBlocks };
  }

  async columnNames(): Promise<string[]> {
    if (!this.names) {
      const names = new Set<string>(this.reader.rangeIndex.keys());
      if (this.reader.blockCount <= SCAN_BLOCK_DIRECTORIES_MAX) {
        for await (const b of this.reader.iterateBlocks()) for (const n of b.columnNames()) names.add(n);
      }
      this.names = [...names];
    }
    return this.names;
  }

  async columnValues(columns: readonly string[], limit: number): Promise<EngineTagValue[]> {
    const out = new Map<string, EngineTagValue>();
    const wanted = columns.filter((c) => this.reader.rangeIndex.has(c) || this.reader.blockCount <= SCAN_BLOCK_DIRECTORIES_MAX);
    if (wanted.length === 0) return [];
    for await (const b of this.reader.iterateBlocks()) {
      for (const name of wanted) for (const col of b.columnsNamed(name)) valuesOf(col, out, limit);
      if (out.size >= limit) break;
    }
    return [...out.values()];
  }
}

/** The default engine: @blockpack/core with its default zstd codec. */
export const coreEngine: BlockEngine = {
  async write(batches: readonly Trace[], spansPerBlock: number): Promise<Uint8Array> {
    // One sort batch for the whole file: traces cluster into the fewest blocks.
    let total = 0;
    for (const t of batches) for (const rs of t.resourceSpans) for (const ss of rs.scopeSpans) total += ss.spans.length;
    const sink = new core.MemorySink();
    const w = await core.BlockpackWriter.create(sink, { blockSpans: spansPerBlock, batchSpans: Math.max(spansPerBlock, total) });
    for (const t of batches) await w.addTraces(t as unknown as core.OtlpTraces);
    await w.finish();
    return sink.bytes();
  },
  async open(bytes: Uint8Array): Promise<EngineFile> {
    return new CoreFile(await core.BlockpackReader.open(bytes), bytes.length);
  },
};
