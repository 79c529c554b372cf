import { Col, ColumnType } from '../shared/constants.js';
import type { FieldRef, SpanIntrinsic } from './traceql/ast.js';

/** The block column behind each span intrinsic. */
export const INTRINSIC_COLUMN: Readonly<Record<SpanIntrinsic, string>> = {
  name: Col.Name,
  status: Col.Status,
  statusMessage: Col.StatusMessage,
  kind: Col.Kind,
  duration: Col.Duration,
  start: Col.Start,
  end: Col.End,
  traceId: Col.TraceId,
  spanId: Col.SpanId,
  parentId: Col.ParentId,
  instrumentationName: Col.ScopeName,
  instrumentationVersion: Col.ScopeVersion,
};

/** Column names a span-level field reads (two for unscoped `.x`: span first, then resource). */
export function columnNamesOf(field: FieldRef): string[] {
  switch (field.type) {
    case 'intrinsic':
      return [INTRINSIC_COLUMN[field.name]];
    case 'traceIntrinsic':
      return [];
    case 'attribute':
      switch (field.scope) {
        case 'span':
          return [`span.${field.name}`];
        case 'resource':
          return [`resource.${field.name}`];
        case 'unscoped':
          return [`span.${field.name}`, `resource.${field.name}`];
        case 'instrumentation':
          return [`scope.${field.name}`];
        case 'event':
          return [`event.${field.name}`];
        case 'link':
          return [`link.${field.name}`];
      }
  }
}

/** The value families a column type belongs to, for matching literals to columns. */
export type ValueFamily = 'string' | 'int' | 'float' | 'bool' | 'bytes' | 'none';

export function familyOf(type: ColumnType): ValueFamily {
  switch (type) {
    case ColumnType.String:
    case ColumnType.RangeString:
    case ColumnType.UUID:
      return 'string';
    case ColumnType.Int64:
    case ColumnType.Uint64:
    case ColumnType.RangeInt64:
    case ColumnType.RangeUint64:
    case ColumnType.RangeDuration:
      return 'int';
    case ColumnType.Float64:
    case ColumnType.RangeFloat64:
      return 'float';
    case ColumnType.Bool:
      return 'bool';
    case ColumnType.Bytes:
    case ColumnType.RangeBytes:
      return 'bytes';
    default:
      return 'none';
  }
}

/** A stable text key for a field, used for attribute output and select(). */
export function fieldKey(field: FieldRef): string {
  switch (field.type) {
    case 'intrinsic':
      return INTRINSIC_COLUMN[field.name];
    case 'traceIntrinsic':
      return `trace:${field.name}`;
    case 'attribute':
      return `${field.scope}.${field.name}`;
  }
}

/**
 * Compares two strings by Unicode code point, which is the UTF-8 byte order blockpack uses
 * (JavaScript's `<` compares UTF-16 units and misorders characters above U+FFFF).
 */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // Surrogates (0xD800-0xDFFF) sort above every other BMP unit in code point order.
    const xs = x >= 0xd800 && x <= 0xdfff;
    const ys = y >= 0xd800 && y <= 0xdfff;
    if (xs !== ys) return xs ? 1 : -1;
    return x < y ? -1 : 1;
  }
  return a.length - b.length;
}
