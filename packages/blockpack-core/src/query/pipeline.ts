import { toHex } from '../shared/bytes.js';
import { Col, ColumnType } from '../shared/constants.js';
import type { Block } from '../reader/block.js';
import { columnNamesOf } from './fields.js';
import { RowAccess } from './rows.js';
import type { CellValue } from './rows.js';
import type { SpanRef } from './structural.js';
import type { CompareOp, FieldRef, PipelineStage } from './traceql/ast.js';
import { KIND_LITERALS, STATUS_LITERALS } from './traceql/ast.js';

/** One spanset of a trace as the pipeline reshapes it. */
export interface StagedSpanset {
  readonly refs: SpanRef[];
  /** `by()` keys and aggregate values, as Tempo returns them on the spanset. */
  readonly attributes: { readonly key: string; readonly value: string | bigint | number | boolean }[];
}

const ROWS_PER_BLOCK = 65536;
const VALUE_TYPES: readonly ColumnType[] = [ColumnType.String, ColumnType.Int64, ColumnType.Float64, ColumnType.Bool, ColumnType.UUID, ColumnType.Bytes];

/** The fields whose per-span values the stages read. */
export function pipelineFields(stages: readonly PipelineStage[]): FieldRef[] {
  const out: FieldRef[] = [];
  for (const s of stages) if (s.type === 'by' || (s.type === 'aggregate' && s.field !== undefined)) out.push(s.field!);
  return out;
}

/**
 * Reads one field for many spans, block by block. Values: strings, bigint (ints, durations),
 * numbers (floats), booleans; intrinsic enums as their text; undefined where absent.
 */
export async function readFieldValues(
  field: FieldRef,
  refs: Iterable<SpanRef>,
  read: (block: number) => Promise<Block>,
): Promise<Map<SpanRef, CellValue | undefined>> {
  const byBlock = new Map<number, SpanRef[]>();
  for (const ref of refs) {
    const b = Math.floor(ref / ROWS_PER_BLOCK);
    const list = byBlock.get(b);
    if (list === undefined) byBlock.set(b, [ref]);
    else list.push(ref);
  }
  const out = new Map<SpanRef, CellValue | undefined>();
  for (const [b, list] of byBlock) {
    const rows = new RowAccess(await read(b));
    for (const ref of list) out.set(ref, fieldValue(field, rows, ref % ROWS_PER_BLOCK));
  }
  return out;
}

function fieldValue(field: FieldRef, rows: RowAccess, r: number): CellValue | undefined {
  if (field.type === 'traceIntrinsic') return undefined;
  if (field.type === 'intrinsic') {
    switch (field.name) {
      case 'status':
        return enumText(STATUS_LITERALS, rows.int(Col.Status, r));
      case 'kind':
        return enumText(KIND_LITERALS, rows.int(Col.Kind, r));
      case 'duration':
        return rows.end(r) - rows.start(r);
      case 'start':
        return rows.start(r);
      case 'end':
        return rows.end(r);
      case 'traceId':
      case 'spanId':
      case 'parentId': {
        const col = field.name === 'traceId' ? Col.TraceId : field.name === 'spanId' ? Col.SpanId : Col.ParentId;
        return rows.bytesHex(col, r) || undefined;
      }
      default:
        break;
    }
  }
  for (const name of columnNamesOf(field)) {
    for (const type of VALUE_TYPES) {
      const v = rows.value(name, type, r);
      if (v === undefined) continue;
      return v instanceof Uint8Array ? toHex(v) : v;
    }
  }
  return undefined;
}

/** The literal name of an OTLP enum code (`error`, `server`), or the number as text. */
export function enumText(table: Readonly<Record<string, number>>, code: number): string {
  for (const [k, v] of Object.entries(table)) if (v === code) return k;
  return String(code);
}

/**
 * Applies the stages to one trace's spanset. `values` holds, per field key, the values of every
 * span the stages may look at (from `readFieldValues`).
 */
export function applyPipeline(
  stages: readonly PipelineStage[],
  spans: ReadonlySet<SpanRef>,
  values: ReadonlyMap<FieldRef, ReadonlyMap<SpanRef, CellValue | undefined>>,
): StagedSpanset[] {
  let sets: StagedSpanset[] = [{ refs: [...spans], attributes: [] }];
  for (const stage of stages) {
    switch (stage.type) {
      case 'coalesce':
        sets = sets.length <= 1 ? sets : [{ refs: [...new Set(sets.flatMap((s) => s.refs))], attributes: [] }];
        break;
      case 'by': {
        const vals = values.get(stage.field)!;
        const next: StagedSpanset[] = [];
        for (const set of sets) {
          const groups = new Map<string, { value: CellValue | undefined; refs: SpanRef[] }>();
          for (const ref of set.refs) {
            const v = vals.get(ref);
            const key = v === undefined ? 'nil' : `${typeof v}:${String(v)}`;
            const g = groups.get(key);
            if (g === undefined) groups.set(key, { value: v, refs: [ref] });
            else g.refs.push(ref);
          }
          for (const g of groups.values()) {
            const attrs = [...set.attributes];
            if (g.value !== undefined && !(g.value instanceof Uint8Array)) attrs.push({ key: byKey(stage.field), value: g.value });
            next.push({ refs: g.refs, attributes: attrs });
          }
        }
        sets = next;
        break;
      }
      case 'aggregate': {
        const vals = stage.field === undefined ? undefined : values.get(stage.field);
        const next: StagedSpanset[] = [];
        for (const set of sets) {
          const agg = aggregate(stage.fn, set.refs, vals);
          if (agg !== undefined && compare(agg, stage.op, stage.value)) next.push(set);
        }
        sets = next;
        break;
      }
    }
  }
  return sets;
}

function aggregate(fn: string, refs: readonly SpanRef[], vals: ReadonlyMap<SpanRef, CellValue | undefined> | undefined): number | undefined {
  if (fn === 'count') return refs.length;
  let n = 0;
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const ref of refs) {
    const v = vals?.get(ref);
    if (typeof v !== 'bigint' && typeof v !== 'number') continue;
    const x = Number(v);
    n++;
    sum += x;
    if (x < min) min = x;
    if (x > max) max = x;
  }
  if (n === 0) return undefined;
  switch (fn) {
    case 'avg':
      return sum / n;
    case 'min':
      return min;
    case 'max':
      return max;
    default:
      return sum;
  }
}

function compare(a: number, op: CompareOp, b: number): boolean {
  switch (op) {
    case '=': return a === b;
    case '!=': return a !== b;
    case '>': return a > b;
    case '>=': return a >= b;
    case '<': return a < b;
    case '<=': return a <= b;
    default: return false;
  }
}

function byKey(field: FieldRef): string {
  if (field.type === 'attribute') return field.scope === 'unscoped' ? `.${field.name}` : `${field.scope}.${field.name}`;
  return field.name;
}
