// Errors
export { BlockpackError, BlockpackErrorCode } from './shared/errors.js';

// Format constants
export {
  ColumnType,
  EncodingKind,
  Col,
  MAGIC,
  FILE_VERSION,
  BLOCK_VERSION,
  MAX_BLOCK_SPANS,
  MAX_BLOCKS,
  SPAN_ATTR_PREFIX,
  RESOURCE_ATTR_PREFIX,
  SCOPE_ATTR_PREFIX,
} from './shared/constants.js';

// Codecs
export type { ZstdCodec } from './shared/zstd.js';
export { storeOnlyZstd } from './shared/zstd.js';
export { loadZstd } from './shared/codecs.js';
export { snappyDecode, snappyEncode } from './shared/snappy.js';

// Byte helpers
export { toHex, fromHex, compareBytes } from './shared/bytes.js';

// OTLP model and protobuf/JSON codecs
export type {
  OtlpAnyValue,
  OtlpKeyValue,
  OtlpResource,
  OtlpScope,
  OtlpStatus,
  OtlpEvent,
  OtlpLink,
  OtlpSpan,
  OtlpScopeSpans,
  OtlpResourceSpans,
  OtlpTraces,
} from './otlp/model.js';
export { SpanKind, StatusCode } from './otlp/model.js';
export { OTLP_TRACE_DESCRIPTOR, BLOCKPACK_EXT_DESCRIPTOR, otlpRoot, OtlpTypes, ExtTypes } from './otlp/proto.js';
export { normalizeTraces, decodeOtlpProtobuf, parseOtlpJson, encodeOtlpProtobuf, otlpToJson } from './otlp/normalize.js';

// Writer
export type { BlockpackSink, BlockpackWriterOptions, BlockpackWriteSummary } from './writer/writer.js';
export { BlockpackWriter, MemorySink, writeBlockpack, writeBlockpackFile } from './writer/writer.js';

// Reader
export type { RandomAccessSource } from './reader/source.js';
export { memorySource, fileSource } from './reader/source.js';
export type { Footer, FileHeader } from './reader/footer.js';
export type { BlockInfo, RangeColumn, RangeEntry, TraceBlockIndex, TsIndexEntry, CompactTraceIndex } from './reader/metadata.js';
export { lookupTraceBlocks } from './reader/metadata.js';
export type { ColumnInfo } from './reader/block.js';
export { Block } from './reader/block.js';
export type { Column, ColumnValues } from './reader/column.js';
export { columnValue } from './reader/column.js';
export type { RebuiltSpan, RebuildOptions } from './reader/rebuild.js';
export { groupSpans } from './reader/rebuild.js';
export type { BlockpackReaderOptions, SpanRef } from './reader/reader.js';
export { BlockpackReader, openBlockpackFile, parseTraceId } from './reader/reader.js';

// Synthetic data (benchmarks, demos, adapter tests)
export type { SyntheticOptions } from './testing/synthetic.js';
export { SyntheticTraceGenerator } from './testing/synthetic.js';

// ---- Search (TraceQL query, tag search) ----
export type {
  TraceQLQuery,
  SpansetExpr,
  FieldExpr,
  FieldRef,
  Literal,
  CompareOp,
  StructuralOp,
  SpanIntrinsic,
  TraceIntrinsic,
  AttributeScope,
  PipelineStage,
  AggregateFn,
} from './query/traceql/ast.js';
export { parseTraceQL, parseTraceQLFilter } from './query/traceql/parser.js';
export { QueryErrorCode, queryErrorCode } from './query/errors.js';
export type { QuerySource, BlockSummary, RangeBound } from './query/source.js';
export { readerQuerySource } from './query/source.js';
export type { SearchOptions, SearchResult, SearchTrace, SearchSpanset, SearchSpan, SearchAttribute, SearchMetrics } from './query/search.js';
export { searchTraceQL } from './query/search.js';
export { mergeSearchResults } from './query/merge.js';
export type { TagScope, TagSearchOptions, TagNamesOptions, TagNames, TagValue } from './query/tags.js';
export { searchTagNames, searchTagValues, INTRINSIC_TAGS, formatGoDuration } from './query/tags.js';

// ---- OpenTelemetry SDK exporter (rolling blockpack files) ----
export type { BlockpackFileExporterOptions, ExportedFile } from './exporter/file-exporter.js';
export { BlockpackFileExporter } from './exporter/file-exporter.js';
