import { toHex } from '../shared/bytes.js';
import { Col, ColumnType } from '../shared/constants.js';
import type { Block } from '../reader/block.js';
import type { Column } from '../reader/column.js';
import { columnValue } from '../reader/column.js';

/** A decoded cell: String/UUID → string, Int64/Uint64 → bigint, Float64 → number, Bool, Bytes. */
export type CellValue = string | bigint | number | boolean | Uint8Array;

/** Typed access to the intrinsic columns of one block, with hex ids cached per stored value. */
export class RowAccess {
  private readonly traceCol: Column | undefined;
  private readonly traceHex: string[] | undefined;
  /** name → (type → column or null), resolved once per block. */
  private readonly cols = new Map<string, (Column | null)[]>();

  constructor(readonly block: Block) {
    this.traceCol = block.column(Col.TraceId, ColumnType.Bytes);
    const v = this.traceCol?.values;
    if (v !== undefined && v.kind === 'bytes') this.traceHex = v.bytes.map((b) => toHex(b));
  }

  /** The trace id of a row as lower-case hex ('' when missing). */
  traceKey(row: number): string {
    if (this.traceCol === undefined || this.traceHex === undefined) return '';
    const k = this.traceCol.index[row];
    return k >= 0 ? this.traceHex[k] : '';
  }

  column(name: string, type: ColumnType): Column | undefined {
    let byType = this.cols.get(name);
    if (byType === undefined) {
      byType = [];
      this.cols.set(name, byType);
    }
    let c = byType[type];
    if (c === undefined) {
      c = this.block.column(name, type) ?? null;
      byType[type] = c;
    }
    return c ?? undefined;
  }

  value(name: string, type: ColumnType, row: number): CellValue | undefined {
    const c = this.column(name, type);
    return c === undefined ? undefined : columnValue(c, row);
  }

  bytesHex(name: string, row: number): string {
    const v = this.value(name, ColumnType.Bytes, row);
    return v instanceof Uint8Array ? toHex(v) : '';
  }

  /**
   * An id as a compact comparison key (one latin1 character per byte; '' when absent or empty):
   * cheaper than hex where the text is never shown.
   */
  idKey(name: string, row: number): string {
    const c = this.column(name, ColumnType.Bytes);
    if (c === undefined || c.values.kind !== 'bytes') return '';
    const k = c.index[row];
    if (k < 0) return '';
    const b = c.values.bytes[k];
    return b.length === 8
      ? String.fromCharCode(b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7])
      : String.fromCharCode(...b.subarray(0, 64));
  }

  /** True when the row has no parent span id (a root span). */
  isRoot(row: number): boolean {
    const c = this.column(Col.ParentId, ColumnType.Bytes);
    if (c === undefined) return true;
    const k = c.index[row];
    return k < 0 || (c.values.kind === 'bytes' && c.values.bytes[k].length === 0);
  }

  string(name: string, row: number): string | undefined {
    const v = this.value(name, ColumnType.String, row);
    return typeof v === 'string' ? v : undefined;
  }

  uint(name: string, row: number): bigint | undefined {
    const v = this.value(name, ColumnType.Uint64, row);
    return typeof v === 'bigint' ? v : undefined;
  }

  /** An Int64 intrinsic (status, kind) as a Number; 0 where null. */
  int(name: string, row: number): number {
    const v = this.value(name, ColumnType.Int64, row);
    return typeof v === 'bigint' ? Number(v) : 0;
  }

  start(row: number): bigint {
    return this.uint(Col.Start, row) ?? 0n;
  }

  end(row: number): bigint {
    const e = this.uint(Col.End, row);
    if (e !== undefined) return e;
    return this.start(row) + (this.uint(Col.Duration, row) ?? 0n);
  }
}
