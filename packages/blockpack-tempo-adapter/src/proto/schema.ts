import protobuf from 'protobufjs';

// Message definitions written from the field tables of tempo-api.md §11 and §14.2 (OTLP v1 wire
// facts). tempopb.Trace has the same bytes as OTLP TracesData and ExportTraceServiceRequest, so one
// set of OTLP messages serves ingest, storage and the query API. Only what the adapter uses is here.
const SCHEMA = `
syntax = "proto3";
package otlp;

message AnyValue {
  oneof value {
    string string_value = 1;
    bool bool_value = 2;
    int64 int_value = 3;
    double double_value = 4;
    ArrayValue array_value = 5;
    KeyValueList kvlist_value = 6;
    bytes bytes_value = 7;
  }
}
message ArrayValue { repeated AnyValue values = 1; }
message KeyValueList { repeated KeyValue values = 1; }
message KeyValue { string key = 1; AnyValue value = 2; }
message InstrumentationScope {
  string name = 1;
  string version = 2;
  repeated KeyValue attributes = 3;
  uint32 dropped_attributes_count = 4;
}
message Resource {
  repeated KeyValue attributes = 1;
  uint32 dropped_attributes_count = 2;
}
message TracesData { repeated ResourceSpans resource_spans = 1; }
message ResourceSpans {
  Resource resource = 1;
  repeated ScopeSpans scope_spans = 2;
  string schema_url = 3;
}
message ScopeSpans {
  InstrumentationScope scope = 1;
  repeated Span spans = 2;
  string schema_url = 3;
}
message Span {
  bytes trace_id = 1;
  bytes span_id = 2;
  string trace_state = 3;
  bytes parent_span_id = 4;
  string name = 5;
  int32 kind = 6;
  fixed64 start_time_unix_nano = 7;
  fixed64 end_time_unix_nano = 8;
  repeated KeyValue attributes = 9;
  uint32 dropped_attributes_count = 10;
  repeated Event events = 11;
  uint32 dropped_events_count = 12;
  repeated Link links = 13;
  uint32 dropped_links_count = 14;
  Status status = 15;
  fixed32 flags = 16;
  message Event {
    fixed64 time_unix_nano = 1;
    string name = 2;
    repeated KeyValue attributes = 3;
    uint32 dropped_attributes_count = 4;
  }
  message Link {
    bytes trace_id = 1;
    bytes span_id = 2;
    string trace_state = 3;
    repeated KeyValue attributes = 4;
    uint32 dropped_attributes_count = 5;
    fixed32 flags = 6;
  }
}
message Status {
  string message = 2;
  int32 code = 3;
}
message ExportTracePartialSuccess {
  int64 rejected_spans = 1;
  string error_message = 2;
}
message ExportTraceServiceResponse { ExportTracePartialSuccess partial_success = 1; }
message RpcStatus { int32 code = 1; string message = 2; }

message TraceByIDResponse {
  bytes trace = 1;
  TraceByIDMetrics metrics = 2;
  int32 status = 3;
  string message = 4;
}
message TraceByIDMetrics { uint64 inspectedBytes = 1; }
message ServiceStats { uint32 spanCount = 1; uint32 errorCount = 2; }
message SearchSpan {
  string spanID = 1;
  string name = 2;
  uint64 startTimeUnixNano = 3;
  uint64 durationNanos = 4;
  repeated KeyValue attributes = 5;
}
message SpanSet {
  repeated SearchSpan spans = 1;
  uint32 matched = 2;
  repeated KeyValue attributes = 3;
}
message TraceSearchMetadata {
  string traceID = 1;
  string rootServiceName = 2;
  string rootTraceName = 3;
  uint64 startTimeUnixNano = 4;
  uint32 durationMs = 5;
  SpanSet spanSet = 6;
  repeated SpanSet spanSets = 7;
  map<string, ServiceStats> serviceStats = 8;
}
message SearchMetrics {
  uint32 inspectedTraces = 1;
  uint64 inspectedBytes = 2;
  uint32 totalBlocks = 3;
  uint32 completedJobs = 4;
  uint32 totalJobs = 5;
  uint64 totalBlockBytes = 6;
  uint64 inspectedSpans = 7;
}
message SearchResponse {
  repeated TraceSearchMetadata traces = 1;
  SearchMetrics metrics = 2;
}
message MetadataMetrics {
  uint64 inspectedBytes = 1;
  uint32 totalJobs = 2;
  uint32 completedJobs = 3;
  uint32 totalBlocks = 4;
  uint64 totalBlockBytes = 5;
}
message SearchTagsResponse { repeated string tagNames = 1; MetadataMetrics metrics = 2; }
message SearchTagsV2Scope { string name = 1; repeated string tags = 2; }
message SearchTagsV2Response { repeated SearchTagsV2Scope scopes = 1; MetadataMetrics metrics = 2; }
message SearchTagValuesResponse { repeated string tagValues = 1; MetadataMetrics metrics = 2; }
message TagValue { string type = 1; string value = 2; }
message SearchTagValuesV2Response { repeated TagValue tagValues = 1; MetadataMetrics metrics = 2; }

message Timestamp { int64 seconds = 1; int32 nanos = 2; }
message BackendBlockMeta {
  string version = 1;
  bytes block_id = 2;
  string tenant_id = 5;
  Timestamp start_time = 6;
  Timestamp end_time = 7;
  int64 total_objects = 8;
  uint64 size = 9;
  uint32 compaction_level = 10;
  uint32 index_page_size = 12;
  uint32 total_records = 13;
  uint32 bloom_shard_count = 15;
  uint32 footer_size = 16;
  bytes dedicated_columns = 17;
  uint32 replication_factor = 18;
}
message CompactedBlockMeta { BackendBlockMeta block_meta = 1; Timestamp compacted_time = 2; }
message TenantIndex {
  Timestamp created_at = 1;
  repeated BackendBlockMeta meta = 2;
  repeated CompactedBlockMeta compacted_meta = 3;
}
`;

const root = protobuf.parse(SCHEMA, { keepCase: true }).root;

/** Looks a message type up once; the returned Type has compiled encode/decode functions. */
function type(name: string): protobuf.Type {
  return root.lookupType(`otlp.${name}`);
}

export const pb = {
  TracesData: type('TracesData'),
  Span: type('Span'),
  Resource: type('Resource'),
  InstrumentationScope: type('InstrumentationScope'),
  KeyValue: type('KeyValue'),
  ExportTraceServiceResponse: type('ExportTraceServiceResponse'),
  RpcStatus: type('RpcStatus'),
  TraceByIDResponse: type('TraceByIDResponse'),
  SearchResponse: type('SearchResponse'),
  SearchTagsResponse: type('SearchTagsResponse'),
  SearchTagsV2Response: type('SearchTagsV2Response'),
  SearchTagValuesResponse: type('SearchTagValuesResponse'),
  SearchTagValuesV2Response: type('SearchTagValuesV2Response'),
  TenantIndex: type('TenantIndex'),
} as const;
