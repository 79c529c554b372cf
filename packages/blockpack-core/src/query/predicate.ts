import { bytesEqual, fromHex, toHex } from '../shared/bytes.js';
import { Col, ColumnType } from '../shared/constants.js';
import { unsupportedQuery } from './errors.js';
import { columnNamesOf, compareCodePoints } from './fields.js';
import type { Block } from '../reader/block.js';
import type { Column } from '../reader/column.js';
import type { QuerySource, RangeBound } from './source.js';
import type { CompareOp, FieldExpr, FieldRef, Literal, TraceIntrinsic } from './traceql/ast.js';
import { compileTraceQLRegex } from './traceql/regex.js';

/** A span-level predicate, ready to run over blocks. */
export interface CompiledPredicate {
  /** Sets out[row] = 1 for every matching row (out is zeroed by the caller). */
  evalInto(block: Block, out: Uint8Array): void;
  /** Blocks that may hold a matching row; undefined = every block. */
  candidateBlocks(source: QuerySource): ReadonlySet<number> | undefined;
}

/** A condition on trace-level values (root name/service, trace duration). */
export interface TraceCondition {
  readonly field: TraceIntrinsic;
  test(value: string | bigint | undefined): boolean;
}

/** A `{ … }` filter split into span-level predicate and trace-level conjuncts. */
export interface CompiledFilter {
  readonly span: CompiledPredicate;
  readonly trace: readonly TraceCondition[];
  /** Fields the filter reads, for the attributes returned with matched spans. */
  readonly fields: readonly FieldRef[];
}

/**
 * A comparison against one literal, per value family. Numeric columns are tested on their Number
 * form while it is exact (|x| < 2^53), and on the bigint otherwise.
 */
interface ValueTest {
  str?: (v: string) => boolean;
  num?: (v: number) => boolean;
  big?: (v: bigint) => boolean;
  bool?: (v: boolean) => boolean;
  bytes?: (v: Uint8Array) => boolean;
}

/**
 * Compiles a filter body. Trace-level intrinsics are allowed as top-level `&&` conjuncts only.
 * @throws BlockpackError UNSUPPORTED_QUERY for trace-level intrinsics under `||` or `!`.
 */
export function compileFilter(expr: FieldExpr): CompiledFilter {
  const trace: TraceCondition[] = [];
  const fields: FieldRef[] = [];
  const spanExpr = splitTraceConditions(expr, trace);
  collectFields(expr, fields);
  return { span: compileExpr(spanExpr), trace, fields };
}

function splitTraceConditions(e: FieldExpr, out: TraceCondition[]): FieldExpr {
  if (e.type === 'and') {
    return andOf(splitTraceConditions(e.left, out), splitTraceConditions(e.right, out), e.pos);
  }
  if ((e.type === 'compare' || e.type === 'exists') && e.field.type === 'traceIntrinsic') {
    out.push(traceCondition(e));
    return { type: 'const', value: true, pos: e.pos };
  }
  rejectTraceFields(e);
  return e;
}

function andOf(a: FieldExpr, b: FieldExpr, pos: number): FieldExpr {
  if (a.type === 'const' && a.value) return b;
  if (b.type === 'const' && b.value) return a;
  return { type: 'and', left: a, right: b, pos };
}

function rejectTraceFields(e: FieldExpr): void {
  switch (e.type) {
    case 'and':
    case 'or':
      rejectTraceFields(e.left);
      rejectTraceFields(e.right);
      return;
    case 'not':
      rejectTraceFields(e.expr);
      return;
    case 'compare':
    case 'exists':
      if (e.field.type === 'traceIntrinsic') {
        throw unsupportedQuery('trace-level intrinsics are supported only as top-level && conditions of a spanset', e.pos);
      }
      return;
    case 'const':
      return;
  }
}

function collectFields(e: FieldExpr, out: FieldRef[]): void {
  switch (e.type) {
    case 'and':
    case 'or':
      collectFields(e.left, out);
      collectFields(e.right, out);
      return;
    case 'not':
      collectFields(e.expr, out);
      return;
    case 'compare':
    case 'exists':
      out.push(e.field);
      return;
    case 'const':
      return;
  }
}

function traceCondition(e: Extract<FieldExpr, { type: 'compare' | 'exists' }>): TraceCondition {
  const field = (e.field as Extract<FieldRef, { type: 'traceIntrinsic' }>).name;
  if (e.type === 'exists') {
    const want = e.exists;
    return { field, test: (v) => (v !== undefined) === want };
  }
  if (field === 'traceDuration') {
    const t = numericTest(e.op, e.value.value as number);
    return { field, test: (v) => typeof v === 'bigint' && t.big!(v) };
  }
  const t = stringTest(e.op, e.value.value as string, e.pos);
  return { field, test: (v) => typeof v === 'string' && t(v) };
}

// ---- span-level compilation ----

function compileExpr(e: FieldExpr): CompiledPredicate {
  switch (e.type) {
    case 'const':
      return {
        evalInto: (_b, out) => {
          if (e.value) out.fill(1);
        },
        candidateBlocks: () => (e.value ? undefined : new Set<number>()),
      };
    case 'and':
    case 'or': {
      const l = compileExpr(e.left);
      const r = compileExpr(e.right);
      const isAnd = e.type === 'and';
      return {
        evalInto(block, out) {
          l.evalInto(block, out);
          const n = block.spanCount;
          let ones = 0;
          for (let i = 0; i < n; i++) ones += out[i];
          if (isAnd ? ones === 0 : ones === n) return;
          const tmp = new Uint8Array(n);
          r.evalInto(block, tmp);
          if (isAnd) for (let i = 0; i < n; i++) out[i] &= tmp[i];
          else for (let i = 0; i < n; i++) out[i] |= tmp[i];
        },
        candidateBlocks(source) {
          const a = l.candidateBlocks(source);
          if (isAnd) {
            if (a !== undefined && a.size === 0) return a;
            return intersect(a, r.candidateBlocks(source));
          }
          if (a === undefined) return undefined;
          return union(a, r.candidateBlocks(source));
        },
      };
    }
    case 'not': {
      const inner = compileExpr(e.expr);
      return {
        evalInto(block, out) {
          inner.evalInto(block, out);
          for (let i = 0; i < block.spanCount; i++) out[i] ^= 1;
        },
        candidateBlocks: () => undefined,
      };
    }
    case 'exists':
      return compileExists(e.field, e.exists);
    case 'compare':
      return compileCompare(e.op, e.field, e.value, e.pos);
  }
}

function compileExists(field: FieldRef, exists: boolean): CompiledPredicate {
  if (field.type === 'intrinsic' && (field.name === 'status' || field.name === 'kind')) {
    // Null status or kind reads as 0 (unset / unspecified): always present.
    return compileExpr({ type: 'const', value: exists, pos: 0 });
  }
  if (field.type === 'intrinsic' && field.name === 'parentId') {
    // An empty parent id is a root span: no parent.
    return {
      evalInto(block, out) {
        const col = block.column(Col.ParentId, ColumnType.Bytes);
        const n = block.spanCount;
        const bytes = col?.values.kind === 'bytes' ? col.values.bytes : undefined;
        for (let r = 0; r < n; r++) {
          const k = col === undefined ? -1 : col.index[r];
          const has = k >= 0 && bytes !== undefined && bytes[k].length > 0;
          out[r] = has === exists ? 1 : 0;
        }
      },
      candidateBlocks: () => undefined,
    };
  }
  const names = columnNamesOf(field);
  return {
    evalInto(block, out) {
      const n = block.spanCount;
      for (const name of names) {
        for (const col of block.columnsNamed(name)) {
          const idx = col.index;
          for (let r = 0; r < n; r++) if (idx[r] >= 0) out[r] = 1;
        }
      }
      if (!exists) for (let r = 0; r < n; r++) out[r] ^= 1;
    },
    // No presence pruning: the range index leaves Bool columns out, so it cannot prove absence.
    candidateBlocks: () => undefined,
  };
}

function compileCompare(op: CompareOp, field: FieldRef, lit: Literal, pos: number): CompiledPredicate {
  if (field.type === 'intrinsic') {
    switch (field.name) {
      case 'status':
      case 'kind':
        return compileEnum(field.name === 'status' ? Col.Status : Col.Kind, op, lit.value as number);
      case 'traceId':
      case 'spanId':
      case 'parentId':
        return compileId(field.name, op, lit, pos);
      default:
        break;
    }
  }
  const names = columnNamesOf(field);
  const test = valueTest(op, lit, pos);
  return {
    evalInto(block, out) {
      for (const name of names) {
        for (const col of block.columnsNamed(name)) scanColumn(col, test, out, block.spanCount);
      }
    },
    candidateBlocks(source) {
      if (lit.type === 'bool' || lit.type === 'status' || lit.type === 'kind') return undefined;
      const acc = new Set<number>();
      for (const name of names) {
        const s = blocksForCompare(source, name, op, lit);
        if (s === undefined) return undefined;
        for (const b of s) acc.add(b);
      }
      return acc;
    },
  };
}

/** The tests of one comparison; value families a literal cannot match have none. */
function valueTest(op: CompareOp, lit: Literal, pos: number): ValueTest {
  switch (lit.type) {
    case 'string':
      return { str: stringTest(op, lit.value, pos) };
    case 'int':
    case 'float':
    case 'duration':
      return numericTest(op, lit.value, lit.type === 'int' ? lit.big : undefined);
    case 'bool': {
      const want = lit.value;
      if (op === '=') return { bool: (v) => v === want };
      if (op === '!=') return { bool: (v) => v !== want };
      return {};
    }
    default:
      // status and kind literals only compare with their intrinsics.
      return {};
  }
}

function stringTest(op: CompareOp, s: string, pos: number): (v: string) => boolean {
  switch (op) {
    case '=':
      return (v) => v === s;
    case '!=':
      return (v) => v !== s;
    case '=~': {
      const re = compileTraceQLRegex(s, pos);
      return (v) => re.test(v);
    }
    case '!~': {
      const re = compileTraceQLRegex(s, pos);
      return (v) => !re.test(v);
    }
    default: {
      const accept = orderAccept(op);
      return (v) => accept(compareCodePoints(v, s));
    }
  }
}

function numericTest(op: CompareOp, n: number, exact?: bigint): ValueTest {
  const big = exact ?? (Number.isSafeInteger(n) ? BigInt(n) : undefined);
  const accept = orderAccept(op);
  return {
    num: (v) => {
      if (Number.isNaN(v)) return op === '!=';
      if (exact !== undefined && Number.isInteger(v) && Math.abs(v) <= Number.MAX_SAFE_INTEGER) {
        const b = BigInt(v);
        return accept(b < exact ? -1 : b > exact ? 1 : 0);
      }
      return accept(v < n ? -1 : v > n ? 1 : 0);
    },
    big: (v) => {
      if (big !== undefined) return accept(v < big ? -1 : v > big ? 1 : 0);
      const x = Number(v);
      return accept(x < n ? -1 : x > n ? 1 : 0);
    },
  };
}

function orderAccept(op: CompareOp): (c: number) => boolean {
  switch (op) {
    case '=': return (c) => c === 0;
    case '!=': return (c) => c !== 0;
    case '>': return (c) => c > 0;
    case '>=': return (c) => c >= 0;
    case '<': return (c) => c < 0;
    case '<=': return (c) => c <= 0;
    default: return () => false;
  }
}

function compileEnum(column: string, op: CompareOp, code: number): CompiledPredicate {
  const eq = op === '=';
  const nullHit = (code === 0) === eq ? 1 : 0;
  return {
    evalInto(block, out) {
      const col = block.column(column, ColumnType.Int64);
      const n = block.spanCount;
      if (col === undefined || (col.values.kind !== 'int64' && col.values.kind !== 'uint64')) {
        // Absent column: every row reads 0.
        if (nullHit === 1) out.fill(1, 0, n);
        return;
      }
      const nums = col.values.num;
      const table = new Uint8Array(nums.length);
      for (let i = 0; i < nums.length; i++) table[i] = (nums[i] === code) === eq ? 1 : 0;
      const idx = col.index;
      for (let r = 0; r < n; r++) {
        const k = idx[r];
        out[r] = k < 0 ? nullHit : table[k];
      }
    },
    candidateBlocks(source) {
      // Rows without the column read 0, so only a non-zero equality can use the index.
      if (!eq || code === 0) return undefined;
      return source.blocksInRange(column, BigInt(code), BigInt(code));
    },
  };
}

function compileId(name: 'traceId' | 'spanId' | 'parentId', op: CompareOp, lit: Literal, pos: number): CompiledPredicate {
  const column = name === 'traceId' ? Col.TraceId : name === 'spanId' ? Col.SpanId : Col.ParentId;
  const text = lit.value as string;
  let test: ValueTest;
  let bytes: Uint8Array | undefined;
  if (op === '=~' || op === '!~') {
    const re = compileTraceQLRegex(text, pos);
    const want = op === '=~';
    test = { bytes: (v) => v.length > 0 && re.test(toHex(v)) === want };
  } else {
    // Ids may come with leading zeros trimmed (Tempo's trace id text).
    const width = name === 'traceId' ? 32 : 16;
    let hex = text.length < width ? text.padStart(width, '0') : text;
    if (hex.length % 2 === 1) hex = `0${hex}`;
    bytes = fromHex(hex) ?? new Uint8Array(0);
    const b = bytes;
    const want = op === '=';
    test = { bytes: (v) => v.length > 0 && bytesEqual(v, b) === want };
  }
  return {
    evalInto(block, out) {
      const col = block.column(column, ColumnType.Bytes);
      if (col !== undefined) scanColumn(col, test, out, block.spanCount);
    },
    candidateBlocks(source) {
      if (op !== '=' || bytes === undefined) return undefined;
      if (name === 'traceId') {
        const blocks = source.blocksForTrace(bytes);
        return blocks === undefined ? undefined : new Set(blocks);
      }
      return source.blocksInRange(column, bytes, bytes);
    },
  };
}

const EXACT_NUMBER = 2 ** 53;

/** Runs a test over one column: once per stored value, then a per-row lookup through `index`. */
function scanColumn(col: Column, test: ValueTest, out: Uint8Array, n: number): void {
  const v = col.values;
  let table: Uint8Array | undefined;
  switch (v.kind) {
    case 'string': {
      const t = test.str;
      if (t === undefined) return;
      const s = v.strings;
      table = new Uint8Array(s.length);
      for (let i = 0; i < s.length; i++) table[i] = t(s[i]) ? 1 : 0;
      break;
    }
    case 'int64':
    case 'uint64': {
      const t = test.num;
      const tb = test.big;
      if (t === undefined || tb === undefined) return;
      const num = v.num;
      table = new Uint8Array(num.length);
      for (let i = 0; i < num.length; i++) {
        const x = num[i];
        table[i] = (x < EXACT_NUMBER && x > -EXACT_NUMBER ? t(x) : tb(v.big[i])) ? 1 : 0;
      }
      break;
    }
    case 'float64': {
      const t = test.num;
      if (t === undefined) return;
      const num = v.num;
      table = new Uint8Array(num.length);
      for (let i = 0; i < num.length; i++) table[i] = t(num[i]) ? 1 : 0;
      break;
    }
    case 'bool': {
      const t = test.bool;
      if (t === undefined) return;
      table = new Uint8Array(v.bool.length);
      for (let i = 0; i < v.bool.length; i++) table[i] = t(v.bool[i] !== 0) ? 1 : 0;
      break;
    }
    case 'bytes': {
      const t = test.bytes;
      if (t === undefined) return;
      table = new Uint8Array(v.bytes.length);
      for (let i = 0; i < v.bytes.length; i++) table[i] = t(v.bytes[i]) ? 1 : 0;
      break;
    }
  }
  const idx = col.index;
  for (let r = 0; r < n; r++) {
    const k = idx[r];
    if (k >= 0 && table[k] === 1) out[r] = 1;
  }
}

function blocksForCompare(source: QuerySource, name: string, op: CompareOp, lit: Literal): ReadonlySet<number> | undefined {
  const bound = rangeBound(lit);
  if (bound !== undefined) {
    let s: ReadonlySet<number> | undefined;
    if (op === '=') s = source.blocksInRange(name, bound, bound);
    else if (op === '>' || op === '>=') s = source.blocksInRange(name, bound, undefined);
    else if (op === '<' || op === '<=') s = source.blocksInRange(name, undefined, bound);
    if (s !== undefined) return s;
  }
  // Every comparison needs a value: the blocks holding the column still bound the answer.
  return source.blocksWithColumn(name);
}

function rangeBound(lit: Literal): RangeBound | undefined {
  switch (lit.type) {
    case 'string':
      return lit.value;
    case 'int':
      return lit.big ?? BigInt(lit.value);
    case 'duration':
      return Number.isSafeInteger(lit.value) ? BigInt(lit.value) : lit.value;
    case 'float':
      return lit.value;
    default:
      return undefined;
  }
}

export function intersect(a: ReadonlySet<number> | undefined, b: ReadonlySet<number> | undefined): ReadonlySet<number> | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  const out = new Set<number>();
  for (const x of a) if (b.has(x)) out.add(x);
  return out;
}

export function union(a: ReadonlySet<number>, b: ReadonlySet<number> | undefined): Set<number> | undefined {
  if (b === undefined) return undefined;
  const out = new Set(a);
  for (const x of b) out.add(x);
  return out;
}
