// Errors
export { TempoError, TempoErrorCode, isTempoError, httpStatusOf } from './errors.js';
// OTLP / tempopb model and conversions
export type { AnyValue, KeyValue, Resource, InstrumentationScope, Span, SpanEvent, SpanLink, SpanStatus, ScopeSpans, ResourceSpans, Trace } from './convert/model.js';
export { SpanKindName, StatusCodeName, SpanKindText, StatusText, countSpans } from './convert/model.js';
export { decodeTrace, encodeTrace } from './convert/otlp-proto.js';
export { parseOtlpJson } from './convert/otlp-json.js';
export { traceToJson, anyValueToJson, keyValuesToJson } from './convert/tempo-json.js';
export { validateTrace, DEFAULT_MAX_ATTRIBUTE_BYTES } from './convert/validate.js';
export type { ValidateOptions, ValidateResult } from './convert/validate.js';
export { toHex, fromHex, parseTraceId, traceIdForSearch, toBase64 } from './convert/ids.js';
export { pb } from './proto/schema.js';
// WAL
export { crc32c } from './wal/crc32c.js';
export { RecordLog, frameRecord, parseRecords, RECORD_HEADER_BYTES } from './wal/record-log.js';
export type { RecordLogOptions, ReplayResult } from './wal/record-log.js';
export { HeadBlock, walDirName, listWalDirs, APPEND_LOG, WAL_SUFFIX } from './wal/head-block.js';
export { Wal } from './wal/wal.js';
// Backend storage
export type { Storage } from './backend/storage.js';
export { LocalStorage } from './backend/storage.js';
export { BackendBlocks } from './backend/blocks.js';
export type { BlockMeta } from './backend/meta.js';
export { BLOCK_FORMAT, DATA_FILE_NAME, META_FILE_NAME, metaToJson, parseMeta, formatRfc3339Nano, parseRfc3339Nano } from './backend/meta.js';
export { DEFAULT_TENANT, validateTenant, validateBlockId, isValidTenant, isValidBlockId } from './backend/ids.js';
export { buildTenantIndex, encodeTenantIndexPb, decodeTenantIndexPb, parseTenantIndexJson, parseTenantIndexPbZst, TENANT_INDEX_JSON, TENANT_INDEX_PB } from './backend/tenant-index.js';
// Store
export { TempoStore } from './store/tempo-store.js';
export type { IngestResult, FoundTrace, TimeWindow } from './store/tempo-store.js';
export type { StoreOptions } from './store/options.js';
export type { BlockEngine, EngineFile, EngineSearchOptions, EngineSearchResult, EngineSearchTrace, EngineSpanset, EngineSpanMatch, EngineTagValue, EngineAttrValue, EngineTagNames, EngineTagOptions, RangedSource } from './store/engine.js';
export { TraceBuilder } from './store/trace-builder.js';
export { coreEngine } from './store/core-engine.js';
export { compactTenant, mergeSpanSources, mergeInProcess } from './store/compactor.js';
export type { CompactionOptions, CompactionResult, MergeResult } from './store/compactor.js';
export { searchTraces, legacyTagsToTraceQL } from './search/search.js';
export type { SearchRequest } from './search/search.js';
export { searchTagsV1, searchTagsV2, searchTagValuesV1, searchTagValuesV2, checkTagV2, INTRINSIC_TAGS } from './search/tags.js';
export type { Logger } from './store/logger.js';
export { consoleLogger, silentLogger } from './store/logger.js';
// HTTP server
export { startServer, REPORTED_TEMPO_VERSION, ADAPTER_VERSION } from './http/server.js';
export type { ServerOptions, RunningServer } from './http/server.js';
// CLI
export { runCli } from './cli/main.js';
export { inspectPath, formatInspect } from './cli/inspect.js';
export type { InspectReport } from './cli/inspect.js';
// Demo
export { runTempoDemo, seededTraces } from './demo.js';
export type { DemoOptions, DemoResult } from './demo.js';
