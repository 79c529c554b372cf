import { utf8 } from '../shared/bytes.js';
import { Col, ColumnType, MAX_NAME_LEN, MAX_STRING_LEN, RESOURCE_ATTR_PREFIX, SCOPE_ATTR_PREFIX } from '../shared/constants.js';
import type { OtlpAnyValue, OtlpKeyValue, OtlpResource, OtlpScope, OtlpSpan } from '../otlp/model.js';
import { anyValueToJson, attributesToProto, eventToProto, linkToProto } from '../otlp/normalize.js';
import { ExtTypes } from '../otlp/proto.js';

/** One value destined for one (name, type) column of one row. */
export interface Cell {
  name: string;
  type: ColumnType;
  value: string | bigint | number | boolean | Uint8Array;
}

/** Attributes that do not fit a column one to one, kept in the extension blob (spec 10.7). */
interface AttrSplit {
  cells: Cell[];
  /** array, kvlist and empty values: their String column holds JSON text, the blob the typed value. */
  shadowed: OtlpKeyValue[];
  /** attributes with no column at all (duplicate name and type, name over 1,024 bytes, huge values). */
  extra: OtlpKeyValue[];
}

export function nameFits(name: string): boolean {
  return name.length * 3 <= MAX_NAME_LEN || utf8(name).length <= MAX_NAME_LEN;
}

/** Compact OTLP/JSON text of a non-scalar value, the String column's stand-in for it. */
export function anyValueText(v: OtlpAnyValue): string {
  return JSON.stringify(anyValueToJson(v));
}

/** Splits attributes into column cells and blob leftovers. */
export function splitAttributes(prefix: string, attrs: OtlpKeyValue[]): AttrSplit {
  const cells: Cell[] = [];
  let shadowed: OtlpKeyValue[] | undefined;
  let extra: OtlpKeyValue[] | undefined;
  let names = columnNames.get(prefix);
  if (names === undefined) columnNames.set(prefix, (names = new Map()));
  for (let i = 0; i < attrs.length; i++) {
    const kv = attrs[i];
    let name = names.get(kv.key);
    if (name === undefined) {
      name = prefix + kv.key;
      if (names.size < 100_000) names.set(kv.key, name);
    }
    const v = kv.value;
    let type: ColumnType;
    let value: Cell['value'];
    let isShadow = false;
    if ('stringValue' in v) {
      type = ColumnType.String;
      value = v.stringValue;
    } else if ('intValue' in v) {
      type = ColumnType.Int64;
      value = v.intValue;
    } else if ('doubleValue' in v) {
      type = ColumnType.Float64;
      value = v.doubleValue;
    } else if ('boolValue' in v) {
      type = ColumnType.Bool;
      value = v.boolValue;
    } else if ('bytesValue' in v) {
      type = ColumnType.Bytes;
      value = v.bytesValue;
    } else {
      type = ColumnType.String;
      value = anyValueText(v);
      isShadow = true;
    }
    const tooBig =
      (typeof value === 'string' && value.length > MAX_STRING_LEN / 3 && utf8(value).length > MAX_STRING_LEN) ||
      (value instanceof Uint8Array && value.length > MAX_STRING_LEN);
    // A second value for the same (name, type) has no column to go to; duplicates are rare, so a
    // linear scan of this span's cells beats building a set per span.
    let dup = false;
    for (let k = 0; k < cells.length && !dup; k++) dup = cells[k].name === name && cells[k].type === type;
    if (dup || tooBig || !nameFits(name)) {
      (extra ??= []).push(kv);
      continue;
    }
    cells.push({ name, type, value });
    if (isShadow) (shadowed ??= []).push(kv);
  }
  return { cells, shadowed: shadowed ?? NONE, extra: extra ?? NONE };
}

const NONE: OtlpKeyValue[] = [];
/** prefix → attribute key → column name, so hot attribute names are not concatenated per span. */
const columnNames = new Map<string, Map<string, string>>();

/** Flags-only blobs by flags value (a handful in practice); shared, never written to. */
const flagsBlobs = new Map<number, Uint8Array>();

/** `Span.flags` alone as a SpanExt message: field 16, fixed32 (tag 0x85 0x01). */
function flagsOnlyBlob(flags: number): Uint8Array {
  let b = flagsBlobs.get(flags);
  if (b === undefined) {
    b = newFlagsOnlyBlob(flags);
    if (flagsBlobs.size < 256) flagsBlobs.set(flags, b);
  }
  return b;
}

function newFlagsOnlyBlob(flags: number): Uint8Array {
  const b = new Uint8Array(6);
  b[0] = 0x85;
  b[1] = 0x01;
  new DataView(b.buffer).setUint32(2, flags >>> 0, true);
  return b;
}

/** Cells shared by every span of one ResourceSpans. */
export function resourceCells(resource: OtlpResource, schemaUrl: string): Cell[] {
  const { cells, shadowed, extra } = splitAttributes(RESOURCE_ATTR_PREFIX, resource.attributes);
  if (schemaUrl !== '') cells.push({ name: Col.ResourceSchemaUrl, type: ColumnType.String, value: schemaUrl });
  if (shadowed.length > 0 || extra.length > 0 || resource.droppedAttributesCount !== 0) {
    const blob = ExtTypes.ResourceExt.encode({
      attributes: attributesToProto(shadowed),
      droppedAttributesCount: resource.droppedAttributesCount,
      extraAttributes: attributesToProto(extra),
    } as never).finish();
    cells.push({ name: Col.OtlpResource, type: ColumnType.Bytes, value: blob });
  }
  return cells;
}

/** Cells shared by every span of one ScopeSpans. */
export function scopeCells(scope: OtlpScope, schemaUrl: string): Cell[] {
  const { cells, shadowed, extra } = splitAttributes(SCOPE_ATTR_PREFIX, scope.attributes);
  if (scope.name !== '') cells.push({ name: Col.ScopeName, type: ColumnType.String, value: scope.name });
  if (scope.version !== '') cells.push({ name: Col.ScopeVersion, type: ColumnType.String, value: scope.version });
  if (schemaUrl !== '') cells.push({ name: Col.ScopeSchemaUrl, type: ColumnType.String, value: schemaUrl });
  if (shadowed.length > 0 || extra.length > 0 || scope.droppedAttributesCount !== 0) {
    const blob = ExtTypes.ScopeExt.encode({
      attributes: attributesToProto(shadowed),
      droppedAttributesCount: scope.droppedAttributesCount,
      extraAttributes: attributesToProto(extra),
    } as never).finish();
    cells.push({ name: Col.OtlpScope, type: ColumnType.Bytes, value: blob });
  }
  return cells;
}

/** The span-attribute cells of one span, plus its `otlp:span` blob when anything needs it. */
export function spanAttributeCells(span: OtlpSpan, prefix: string): { cells: Cell[]; blob: Uint8Array | undefined } {
  const { cells, shadowed, extra } = splitAttributes(prefix, span.attributes);
  return { cells, blob: spanExtBlob(span, shadowed, extra) };
}

/** The span's `otlp:span` blob (undefined when nothing needs one), given its attribute leftovers. */
export function spanExtBlob(span: OtlpSpan, shadowed: OtlpKeyValue[], extra: OtlpKeyValue[]): Uint8Array | undefined {
  let blob: Uint8Array | undefined;
  const onlyFlags =
    shadowed.length === 0 &&
    extra.length === 0 &&
    span.droppedAttributesCount === 0 &&
    span.events.length === 0 &&
    span.droppedEventsCount === 0 &&
    span.links.length === 0 &&
    span.droppedLinksCount === 0;
  if (onlyFlags) return span.flags === 0 ? undefined : flagsOnlyBlob(span.flags);
  if (
    shadowed.length > 0 ||
    extra.length > 0 ||
    span.flags !== 0 ||
    span.droppedAttributesCount !== 0 ||
    span.events.length > 0 ||
    span.droppedEventsCount !== 0 ||
    span.links.length > 0 ||
    span.droppedLinksCount !== 0
  ) {
    blob = ExtTypes.SpanExt.encode({
      attributes: attributesToProto(shadowed),
      droppedAttributesCount: span.droppedAttributesCount,
      events: span.events.map(eventToProto),
      droppedEventsCount: span.droppedEventsCount,
      links: span.links.map(linkToProto),
      droppedLinksCount: span.droppedLinksCount,
      flags: span.flags,
      extraAttributes: attributesToProto(extra),
    } as never).finish();
  }
  return blob;
}
