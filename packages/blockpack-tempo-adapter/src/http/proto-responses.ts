import { pb } from '../proto/schema.js';

// Protobuf bodies for the search and tag endpoints (`Accept: application/protobuf`), built from the
// JSON objects the handlers produce: same fields, protobuf names and types (tempo-api.md §11).

type Json = Record<string, unknown>;

/* eslint-disable @typescript-eslint/no-explicit-any -- JSON objects of known shape in, protobufjs objects out */
function anyValue(v: any): any {
  if (v == null || typeof v !== 'object') return {};
  if ('stringValue' in v) return { string_value: v.stringValue };
  if ('boolValue' in v) return { bool_value: v.boolValue };
  if ('intValue' in v) return { int_value: String(v.intValue) };
  if ('doubleValue' in v) return { double_value: Number(v.doubleValue) };
  return {};
}

function keyValues(list: any): any[] {
  return Array.isArray(list) ? list.map((kv) => ({ key: kv.key, value: anyValue(kv.value) })) : [];
}

function spanSet(ss: any): any {
  return {
    spans: (ss?.spans ?? []).map((s: any) => ({
      spanID: s.spanID,
      name: s.name ?? '',
      startTimeUnixNano: s.startTimeUnixNano ?? '0',
      durationNanos: s.durationNanos ?? '0',
      attributes: keyValues(s.attributes),
    })),
    matched: ss?.matched ?? 0,
    attributes: keyValues(ss?.attributes),
  };
}

export function searchResponseProto(body: Json): Uint8Array {
  const traces = (body['traces'] as any[]).map((t) => ({
    traceID: t.traceID,
    rootServiceName: t.rootServiceName ?? '',
    rootTraceName: t.rootTraceName ?? '',
    startTimeUnixNano: t.startTimeUnixNano ?? '0',
    durationMs: t.durationMs ?? 0,
    ...(t.spanSet ? { spanSet: spanSet(t.spanSet) } : {}),
    spanSets: (t.spanSets ?? []).map(spanSet),
    serviceStats: t.serviceStats ?? {},
  }));
  const m = (body['metrics'] ?? {}) as any;
  return pb.SearchResponse.encode({
    traces,
    metrics: {
      inspectedTraces: m.inspectedTraces ?? 0,
      inspectedBytes: m.inspectedBytes ?? '0',
      totalBlocks: m.totalBlocks ?? 0,
      completedJobs: m.completedJobs ?? 0,
      totalJobs: m.totalJobs ?? 0,
      totalBlockBytes: m.totalBlockBytes ?? '0',
      inspectedSpans: m.inspectedSpans ?? '0',
    },
  }).finish();
}

export function tagsV2Proto(body: Json): Uint8Array {
  return pb.SearchTagsV2Response.encode({ scopes: body['scopes'], metrics: {} }).finish();
}

export function tagsV1Proto(body: Json): Uint8Array {
  return pb.SearchTagsResponse.encode({ tagNames: body['tagNames'], metrics: {} }).finish();
}

export function tagValuesV2Proto(body: Json): Uint8Array {
  return pb.SearchTagValuesV2Response.encode({ tagValues: body['tagValues'], metrics: {} }).finish();
}

export function tagValuesV1Proto(body: Json): Uint8Array {
  return pb.SearchTagValuesResponse.encode({ tagValues: body['tagValues'], metrics: {} }).finish();
}
