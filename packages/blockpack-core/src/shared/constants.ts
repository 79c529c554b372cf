/** File and block header magic (on disk `A1 FE 11 C0`). */
export const MAGIC = 0xc011fea1;
/** Timestamp index magic. */
export const TS_INDEX_MAGIC = 0xc011feed;
/** Compact trace index magic. */
export const COMPACT_INDEX_MAGIC = 0xc01dc1de;
export const SKETCH_MAGIC_SKTE = 0x534b5445;
export const SKETCH_MAGIC_SKTD = 0x534b5444;
export const SKETCH_MAGIC_SKTC = 0x534b5443;
export const FILE_BLOOM_MAGIC = 0x46424c4d;

export const FILE_VERSION = 13;
export const BLOCK_VERSION = 12;
export const FOOTER_VERSION_V3 = 3;
export const FOOTER_VERSION_V4 = 4;
export const FOOTER_VERSION_V5 = 5;
export const COLUMN_ENCODING_VERSION = 2;
export const RLE_VERSION = 1;
export const TRACE_INDEX_FORMAT_V1 = 0x01;
export const TRACE_INDEX_FORMAT_V2 = 0x02;
export const COMPACT_INDEX_VERSION = 2;
export const TS_INDEX_VERSION = 1;

export const FOOTER_V3_SIZE = 22;
export const FOOTER_V4_SIZE = 34;
export const FOOTER_V5_SIZE = 46;
export const HEADER_SIZE = 22;
export const BLOCK_HEADER_SIZE = 24;
export const BLOCK_INDEX_ENTRY_SIZE = 37;
export const TS_INDEX_ENTRY_SIZE = 20;
export const LEGACY_FOOTER_SIZE = 41;

export const SIGNAL_TRACES = 1;
export const SIGNAL_LOGS = 2;
export const BLOCK_KIND_LEAF = 0;

/** Format limits (spec 17.5). */
export const MAX_BLOCK_SPANS = 65_535;
export const MAX_BLOCKS = 65_535;
export const MAX_NAME_LEN = 1024;
export const MAX_STRING_LEN = 10 * 1024 * 1024;
export const TRACE_ID_LEN = 16;
export const MAX_COMPACT_BLOOM_BYTES = 1024 * 1024;
export const MIN_COMPACT_BLOOM_BYTES = 128;
/** Range-index key truncation for string and bytes value entries. */
export const RANGE_KEY_MAX_LEN = 50;

/** Column type ids (spec 8.3). */
export const ColumnType = {
  String: 0,
  Int64: 1,
  Uint64: 2,
  Float64: 3,
  Bool: 4,
  Bytes: 5,
  RangeInt64: 6,
  RangeUint64: 7,
  RangeDuration: 8,
  RangeFloat64: 9,
  RangeBytes: 10,
  RangeString: 11,
  UUID: 12,
  VectorF32: 13,
} as const;
export type ColumnType = (typeof ColumnType)[keyof typeof ColumnType];

/** Column encoding kinds, the second byte of every column blob (spec 9.1). */
export const EncodingKind = {
  Dictionary: 1,
  SparseDictionary: 2,
  InlineBytes: 3,
  SparseInlineBytes: 4,
  DeltaUint64: 5,
  RLEIndexes: 6,
  SparseRLEIndexes: 7,
  XORBytes: 8,
  SparseXORBytes: 9,
  PrefixBytes: 10,
  SparsePrefixBytes: 11,
  DeltaDictionary: 12,
  SparseDeltaDictionary: 13,
  VectorF32: 14,
} as const;
export type EncodingKind = (typeof EncodingKind)[keyof typeof EncodingKind];

/** Well-known column names (spec 10.2, 10.7). */
export const Col = {
  TraceId: 'trace:id',
  SpanId: 'span:id',
  ParentId: 'span:parent_id',
  Name: 'span:name',
  Kind: 'span:kind',
  Start: 'span:start',
  End: 'span:end',
  Duration: 'span:duration',
  Status: 'span:status',
  StatusMessage: 'span:status_message',
  TraceState: 'trace:state',
  ResourceSchemaUrl: 'resource:schema_url',
  ScopeSchemaUrl: 'scope:schema_url',
  ScopeName: 'scope:name',
  ScopeVersion: 'scope:version',
  OtlpSpan: 'otlp:span',
  OtlpResource: 'otlp:resource',
  OtlpScope: 'otlp:scope',
  ServiceName: 'resource.service.name',
} as const;

export const SPAN_ATTR_PREFIX = 'span.';
export const RESOURCE_ATTR_PREFIX = 'resource.';
export const SCOPE_ATTR_PREFIX = 'scope.';
