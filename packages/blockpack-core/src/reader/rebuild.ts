import { toHex } from '../shared/bytes.js';
import { Col, ColumnType, RESOURCE_ATTR_PREFIX, SCOPE_ATTR_PREFIX, SPAN_ATTR_PREFIX } from '../shared/constants.js';
import { BlockpackError, BlockpackErrorCode } from '../shared/errors.js';
import type { OtlpAnyValue, OtlpKeyValue, OtlpResource, OtlpScope, OtlpSpan, OtlpTraces } from '../otlp/model.js';
import { normalizeAttributes, normalizeSpan } from '../otlp/normalize.js';
import { ExtTypes } from '../otlp/proto.js';
import type { Block } from './block.js';
import type { Column } from './column.js';
import { columnValue } from './column.js';

/** One span rebuilt from a row, with the resource and scope it belongs to. */
export interface RebuiltSpan {
  span: OtlpSpan;
  resource: OtlpResource;
  resourceSchemaUrl: string;
  scope: OtlpScope;
  scopeSchemaUrl: string;
  /** Identity keys: rows with equal keys share a ResourceSpans / ScopeSpans. */
  resourceKey: string;
  scopeKey: string;
}

export interface RebuildOptions {
  /**
   * Grafana safety (spec 10.6 rule 6): make sure every resource has a `service.name` attribute.
   * Off by default, because it adds an attribute the input did not have.
   */
  ensureServiceName: boolean;
}

interface AttrColumn {
  key: string;
  col: Column;
}

function toAnyValue(col: Column, row: number): OtlpAnyValue | undefined {
  const v = columnValue(col, row);
  if (v === undefined) return undefined;
  switch (col.values.kind) {
    case 'string':
      return { stringValue: v as string };
    case 'bytes':
      return { bytesValue: v as Uint8Array };
    case 'int64':
      return { intValue: v as bigint };
    case 'uint64':
      return { intValue: BigInt.asIntN(64, v as bigint) };
    case 'float64':
      return { doubleValue: v as number };
    case 'bool':
      return { boolValue: v as boolean };
  }
}

function valueKey(v: OtlpAnyValue): string {
  if ('stringValue' in v) return `s${JSON.stringify(v.stringValue)}`;
  if ('intValue' in v) return `i${v.intValue}`;
  if ('doubleValue' in v) return `d${Object.is(v.doubleValue, -0) ? '-0' : String(v.doubleValue)}`;
  if ('boolValue' in v) return `b${v.boolValue}`;
  if ('bytesValue' in v) return `x${toHex(v.bytesValue)}`;
  return 'o';
}

function decodeExt<T>(type: (typeof ExtTypes)[keyof typeof ExtTypes], bytes: Uint8Array, what: string): T {
  try {
    return type.decode(bytes) as unknown as T;
  } catch (e) {
    throw new BlockpackError(BlockpackErrorCode.CorruptData, `${what}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function wrapOtlp<T>(what: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof BlockpackError) throw new BlockpackError(BlockpackErrorCode.CorruptData, `${what}: ${e.message}`);
    throw e;
  }
}

interface ExtAttrs {
  attributes: OtlpKeyValue[];
  extraAttributes: OtlpKeyValue[];
  droppedAttributesCount: number;
}

function readExt(col: Column | undefined, row: number, type: (typeof ExtTypes)[keyof typeof ExtTypes], what: string): ExtAttrs | undefined {
  if (!col) return undefined;
  const v = columnValue(col, row);
  if (!(v instanceof Uint8Array)) return undefined;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const m = decodeExt<any>(type, v, what);
  return wrapOtlp(what, () => ({
    attributes: normalizeAttributes(m.attributes),
    extraAttributes: normalizeAttributes(m.extraAttributes),
    droppedAttributesCount: typeof m.droppedAttributesCount === 'number' ? m.droppedAttributesCount : 0,
  }));
}

/** Attributes from columns, with the extension blob's typed values put back (spec 10.7). */
function mergeAttributes(fromColumns: { kv: OtlpKeyValue; col: Column }[], ext: ExtAttrs | undefined): OtlpKeyValue[] {
  if (!ext) return fromColumns.map((a) => a.kv);
  const out = fromColumns.slice();
  for (const shadow of ext.attributes) {
    const i = out.findIndex((a) => a.kv.key === shadow.key && a.col.type === ColumnType.String && 'stringValue' in a.kv.value);
    if (i >= 0) out.splice(i, 1);
  }
  return [...out.map((a) => a.kv), ...ext.attributes, ...ext.extraAttributes];
}

function attrs(cols: AttrColumn[], row: number): { kv: OtlpKeyValue; col: Column }[] {
  const out: { kv: OtlpKeyValue; col: Column }[] = [];
  for (const a of cols) {
    const value = toAnyValue(a.col, row);
    if (value !== undefined) out.push({ kv: { key: a.key, value }, col: a.col });
  }
  return out;
}

function str(col: Column | undefined, row: number): string {
  const v = col ? columnValue(col, row) : undefined;
  return typeof v === 'string' ? v : '';
}

function bytes(col: Column | undefined, row: number): Uint8Array {
  const v = col ? columnValue(col, row) : undefined;
  return v instanceof Uint8Array ? v : new Uint8Array(0);
}

function u64(col: Column | undefined, row: number): bigint {
  const v = col ? columnValue(col, row) : undefined;
  return typeof v === 'bigint' ? BigInt.asUintN(64, v) : 0n;
}

function i64num(col: Column | undefined, row: number): number {
  const v = col ? columnValue(col, row) : undefined;
  return typeof v === 'bigint' ? Number(BigInt.asIntN(32, v)) : 0;
}

/**
 * Rebuilds OTLP spans from rows of a block (spec 10.6, with the extension columns of 10.7).
 * @throws BlockpackError when a column or an extension blob is corrupt
 */
export function rebuildSpans(block: Block, rowsIn: Iterable<number>): RebuiltSpan[] {
  const rows = Array.isArray(rowsIn) ? (rowsIn as number[]) : [...rowsIn];
  // For a few rows of a big block, skip attribute columns none of them uses (presence only).
  const few = rows.length * 8 < block.spanCount;
  const spanAttrs: AttrColumn[] = [];
  const resAttrs: AttrColumn[] = [];
  const scopeAttrs: AttrColumn[] = [];
  for (const name of block.columnNames()) {
    let list: AttrColumn[] | undefined;
    let key = '';
    if (name.startsWith(SPAN_ATTR_PREFIX)) {
      list = spanAttrs;
      key = name.slice(SPAN_ATTR_PREFIX.length);
    } else if (name.startsWith(RESOURCE_ATTR_PREFIX)) {
      list = resAttrs;
      key = name.slice(RESOURCE_ATTR_PREFIX.length);
    } else if (name.startsWith(SCOPE_ATTR_PREFIX)) {
      list = scopeAttrs;
      key = name.slice(SCOPE_ATTR_PREFIX.length);
    }
    if (!list) continue;
    for (const info of block.columnInfos(name)) {
      if (few && !block.presentInAny(info, rows)) continue;
      const col = block.columnAt(info);
      if (col) list.push({ key, col });
    }
  }
  const c = (name: string, type: ColumnType): Column | undefined => block.column(name, type);
  const traceId = c(Col.TraceId, ColumnType.Bytes);
  const spanId = c(Col.SpanId, ColumnType.Bytes);
  const parentId = c(Col.ParentId, ColumnType.Bytes);
  const name = c(Col.Name, ColumnType.String) ?? c(Col.Name, ColumnType.UUID);
  const kind = c(Col.Kind, ColumnType.Int64);
  const start = c(Col.Start, ColumnType.Uint64);
  const end = c(Col.End, ColumnType.Uint64);
  const status = c(Col.Status, ColumnType.Int64);
  const statusMsg = c(Col.StatusMessage, ColumnType.String);
  const traceState = c(Col.TraceState, ColumnType.String);
  const resSchema = c(Col.ResourceSchemaUrl, ColumnType.String);
  const scopeSchema = c(Col.ScopeSchemaUrl, ColumnType.String);
  const scopeName = c(Col.ScopeName, ColumnType.String);
  const scopeVersion = c(Col.ScopeVersion, ColumnType.String);
  const otlpSpan = c(Col.OtlpSpan, ColumnType.Bytes);
  const otlpRes = c(Col.OtlpResource, ColumnType.Bytes);
  const otlpScope = c(Col.OtlpScope, ColumnType.Bytes);

  const out: RebuiltSpan[] = [];
  for (const row of rows) {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    let ext: any;
    const blob = otlpSpan ? columnValue(otlpSpan, row) : undefined;
    if (blob instanceof Uint8Array) ext = decodeExt(ExtTypes.SpanExt, blob, 'otlp:span');
    const extSpan = ext ? wrapOtlp('otlp:span', () => normalizeSpan(ext, 'bytes')) : undefined;
    const extAttrs: ExtAttrs | undefined = ext
      ? { attributes: extSpan!.attributes, extraAttributes: wrapOtlp('otlp:span', () => normalizeAttributes(ext.extraAttributes)), droppedAttributesCount: extSpan!.droppedAttributesCount }
      : undefined;
    const span: OtlpSpan = {
      traceId: bytes(traceId, row),
      spanId: bytes(spanId, row),
      traceState: str(traceState, row),
      parentSpanId: bytes(parentId, row),
      flags: extSpan?.flags ?? 0,
      name: str(name, row),
      kind: i64num(kind, row),
      startTimeUnixNano: u64(start, row),
      endTimeUnixNano: u64(end, row),
      attributes: mergeAttributes(attrs(spanAttrs, row), extAttrs),
      droppedAttributesCount: extSpan?.droppedAttributesCount ?? 0,
      events: extSpan?.events ?? [],
      droppedEventsCount: extSpan?.droppedEventsCount ?? 0,
      links: extSpan?.links ?? [],
      droppedLinksCount: extSpan?.droppedLinksCount ?? 0,
      status: { code: i64num(status, row), message: str(statusMsg, row) },
    };
    const rExt = readExt(otlpRes, row, ExtTypes.ResourceExt, 'otlp:resource');
    const rAttrs = attrs(resAttrs, row);
    const resource: OtlpResource = { attributes: mergeAttributes(rAttrs, rExt), droppedAttributesCount: rExt?.droppedAttributesCount ?? 0 };
    const sExt = readExt(otlpScope, row, ExtTypes.ScopeExt, 'otlp:scope');
    const sAttrs = attrs(scopeAttrs, row);
    const scope: OtlpScope = {
      name: str(scopeName, row),
      version: str(scopeVersion, row),
      attributes: mergeAttributes(sAttrs, sExt),
      droppedAttributesCount: sExt?.droppedAttributesCount ?? 0,
    };
    const resourceSchemaUrl = str(resSchema, row);
    const scopeSchemaUrl = str(scopeSchema, row);
    let resourceKey = `${JSON.stringify(resourceSchemaUrl)}|${otlpRes ? toHex(bytes(otlpRes, row)) : ''}`;
    for (const a of rAttrs) resourceKey += `|${JSON.stringify(a.kv.key)}=${valueKey(a.kv.value)}`;
    let scopeKey = `${JSON.stringify(scope.name)}|${JSON.stringify(scope.version)}|${JSON.stringify(scopeSchemaUrl)}|${otlpScope ? toHex(bytes(otlpScope, row)) : ''}`;
    for (const a of sAttrs) scopeKey += `|${JSON.stringify(a.kv.key)}=${valueKey(a.kv.value)}`;
    out.push({ span, resource, resourceSchemaUrl, scope, scopeSchemaUrl, resourceKey, scopeKey });
  }
  return out;
}

/** Groups rebuilt spans into ResourceSpans / ScopeSpans by resource and scope identity (spec 10.6). */
export function groupSpans(spans: RebuiltSpan[], options: Readonly<Partial<RebuildOptions>> = {}): OtlpTraces {
  const resources = new Map<string, { rs: OtlpTraces['resourceSpans'][number]; scopes: Map<string, OtlpTraces['resourceSpans'][number]['scopeSpans'][number]> }>();
  for (const s of spans) {
    let r = resources.get(s.resourceKey);
    if (!r) {
      const resource = s.resource;
      if (options.ensureServiceName && !resource.attributes.some((a) => a.key === 'service.name')) {
        resource.attributes = [{ key: 'service.name', value: { stringValue: '' } }, ...resource.attributes];
      }
      r = { rs: { resource, scopeSpans: [], schemaUrl: s.resourceSchemaUrl }, scopes: new Map() };
      resources.set(s.resourceKey, r);
    }
    let sc = r.scopes.get(s.scopeKey);
    if (!sc) {
      sc = { scope: s.scope, spans: [], schemaUrl: s.scopeSchemaUrl };
      r.scopes.set(s.scopeKey, sc);
      r.rs.scopeSpans.push(sc);
    }
    sc.spans.push(s.span);
  }
  return { resourceSpans: [...resources.values()].map((r) => r.rs) };
}
