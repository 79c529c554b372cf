import { invalidQuery, unsupportedQuery } from '../errors.js';
import { STATUS_LITERALS, KIND_LITERALS } from './ast.js';
import type {
  AggregateFn, CompareOp, FieldExpr, FieldRef, Literal, PipelineStage, SpanIntrinsic, SpansetExpr, StructuralOp, TraceIntrinsic, TraceQLQuery,
} from './ast.js';
import { Lexer } from './lexer.js';
import type { Punct, Token } from './lexer.js';
import { compileTraceQLRegex } from './regex.js';

/** Nesting limit for parentheses and operators: recursion depth must not follow hostile input. */
const MAX_DEPTH = 200;
/** Operators per query: later passes recurse over the tree, so its height is bounded too. */
const MAX_OPERATORS = 1000;

const COMPARE_OPS: readonly string[] = ['=', '!=', '>', '>=', '<', '<=', '=~', '!~'];
const STRUCTURAL_OPS: readonly string[] = ['>', '>>', '<', '<<', '~', '!>', '!>>', '!<', '!<<', '!~', '&>', '&>>', '&<', '&<<', '&~'];
const ARITHMETIC: readonly string[] = ['+', '-', '*', '/', '%', '^'];

const UNSCOPED_INTRINSICS: Readonly<Record<string, SpanIntrinsic>> = {
  name: 'name', status: 'status', statusMessage: 'statusMessage', kind: 'kind', duration: 'duration',
};
const UNSCOPED_TRACE_INTRINSICS: Readonly<Record<string, TraceIntrinsic>> = {
  rootName: 'rootName', rootServiceName: 'rootService', traceDuration: 'traceDuration',
};
const SPAN_COLON: Readonly<Record<string, SpanIntrinsic>> = {
  id: 'spanId', parentID: 'parentId', name: 'name', kind: 'kind', status: 'status', statusMessage: 'statusMessage',
  duration: 'duration', start: 'start', end: 'end',
};
const TRACE_COLON: Readonly<Record<string, SpanIntrinsic | TraceIntrinsic>> = {
  id: 'traceId', rootName: 'rootName', rootService: 'rootService', duration: 'traceDuration',
};
const AGGREGATES: Readonly<Record<string, AggregateFn>> = { count: 'count', avg: 'avg', min: 'min', max: 'max', sum: 'sum' };
const UNSUPPORTED_INTRINSICS = new Set(['childCount', 'nestedSetLeft', 'nestedSetRight', 'nestedSetParent', 'parent']);
const TRACE_LEVEL = new Set<string>(['rootName', 'rootService', 'traceDuration']);

type Operand =
  | { readonly kind: 'field'; readonly field: FieldRef; readonly pos: number }
  | { readonly kind: 'literal'; readonly value: Literal; readonly pos: number }
  | { readonly kind: 'nil'; readonly pos: number }
  | { readonly kind: 'expr'; readonly expr: FieldExpr; readonly pos: number };

/**
 * Parses a TraceQL search query: spanset filters `{ … }` joined by `&&`, `||` and structural
 * operators, an optional `| select(…)` and `with(…)` hints.
 * @throws BlockpackError `INVALID_QUERY` with the character position, or `UNSUPPORTED_QUERY`.
 */
export function parseTraceQL(source: string): TraceQLQuery {
  return new Parser(source).parseQuery();
}

/**
 * Parses a single filter body or a `{ … }` filter used to scope tag searches; returns its field
 * expression. An empty string means "every span".
 * @throws BlockpackError as `parseTraceQL`.
 */
export function parseTraceQLFilter(source: string): FieldExpr {
  if (source.trim() === '') return { type: 'const', value: true, pos: 0 };
  const q = parseTraceQL(source);
  if (q.root.type !== 'filter') throw unsupportedQuery('a tag-search filter must be a single { … } spanset', q.root.pos);
  return q.root.expr;
}

class Parser {
  private readonly lexer: Lexer;
  private tok: Token | undefined;
  private depth = 0;
  private operators = 0;
  private readonly filters: Extract<SpansetExpr, { type: 'filter' }>[] = [];

  constructor(private readonly source: string) {
    this.lexer = new Lexer(source);
  }

  parseQuery(): TraceQLQuery {
    const root = this.spansetOr();
    const select: FieldRef[] = [];
    const pipeline: PipelineStage[] = [];
    const hints: Record<string, Literal> = {};
    for (;;) {
      const t = this.peek();
      if (this.isPunct(t, '|')) {
        this.take();
        const stage = this.peek();
        if (stage.kind === 'ident' && stage.text === 'select') {
          this.take();
          this.expectPunct('(');
          for (;;) {
            const op = this.operand();
            if (op.kind !== 'field') throw invalidQuery('select() takes attributes', op.pos);
            select.push(op.field);
            if (!this.isPunct(this.peek(), ',')) break;
            this.take();
          }
          this.expectPunct(')');
          continue;
        }
        if (stage.kind === 'ident' && Object.hasOwn(AGGREGATES, stage.text)) {
          pipeline.push(this.aggregateStage());
          continue;
        }
        if (stage.kind === 'ident' && stage.text === 'by') {
          this.take();
          this.expectPunct('(');
          const f = this.operand();
          if (f.kind !== 'field') throw invalidQuery('by() takes one field', f.pos);
          if (this.isPunct(this.peek(), ',')) throw unsupportedQuery('by() with several fields is not supported', this.peek().pos);
          this.expectPunct(')');
          pipeline.push({ type: 'by', field: f.field, pos: stage.pos });
          continue;
        }
        if (stage.kind === 'ident' && stage.text === 'coalesce') {
          this.take();
          this.expectPunct('(');
          this.expectPunct(')');
          pipeline.push({ type: 'coalesce', pos: stage.pos });
          continue;
        }
        if (stage.kind === 'punct' && (stage.text === '{' || stage.text === '(')) {
          throw unsupportedQuery('spanset filters after a pipe are not supported', stage.pos);
        }
        throw unsupportedQuery(`pipeline stage ${describe(stage)} is not supported (metrics functions are not)`, stage.pos);
      }
      if (t.kind === 'ident' && t.text === 'with') {
        this.take();
        this.expectPunct('(');
        for (;;) {
          const name = this.take();
          if (name.kind !== 'ident') throw invalidQuery(`expected a hint name, found ${describe(name)}`, name.pos);
          this.expectPunct('=');
          const v = this.operand();
          if (v.kind !== 'literal') throw invalidQuery('a hint value must be a literal', v.pos);
          // an own property even for `__proto__` (plain assignment would set the prototype instead)
          Object.defineProperty(hints, name.text, { value: v.value, enumerable: true, writable: true, configurable: true });
          if (!this.isPunct(this.peek(), ',')) break;
          this.take();
        }
        this.expectPunct(')');
        continue;
      }
      if (t.kind === 'eof') break;
      throw invalidQuery(`unexpected ${describe(t)}`, t.pos);
    }
    return { source: this.source, root, filters: this.filters, select, pipeline, hints };
  }

  /** `count() op N` or `avg|min|max|sum(field) op N` (N a number or duration). */
  private aggregateStage(): PipelineStage {
    const t = this.take() as Extract<Token, { kind: 'ident' }>;
    const fn = AGGREGATES[t.text];
    this.expectPunct('(');
    let field: FieldRef | undefined;
    if (fn !== 'count') {
      const f = this.operand();
      if (f.kind !== 'field') throw invalidQuery(`${fn}() takes a field`, f.pos);
      if (f.field.type === 'traceIntrinsic') throw unsupportedQuery(`${fn}() over a trace-level field is not supported`, f.pos);
      field = f.field;
    }
    this.expectPunct(')');
    const opTok = this.take();
    if (opTok.kind !== 'punct' || !['=', '!=', '>', '>=', '<', '<='].includes(opTok.text)) {
      throw invalidQuery(`expected a comparison after ${fn}(), found ${describe(opTok)}`, opTok.pos);
    }
    const v = this.operand();
    if (v.kind !== 'literal' || (v.value.type !== 'int' && v.value.type !== 'float' && v.value.type !== 'duration')) {
      throw invalidQuery(`${fn}() compares with a number or duration`, v.pos);
    }
    return { type: 'aggregate', fn, field, op: opTok.text as CompareOp, value: v.value.value, pos: t.pos };
  }

  // ---- spanset level: || < && < structural (all left-associative) ----

  private spansetOr(): SpansetExpr {
    let left = this.spansetAnd();
    while (this.isPunct(this.peek(), '||')) {
      const pos = this.take().pos;
      this.countOperator(pos);
      left = { type: 'spansetOr', left, right: this.spansetAnd(), pos };
    }
    return left;
  }

  private spansetAnd(): SpansetExpr {
    let left = this.spansetStructural();
    while (this.isPunct(this.peek(), '&&')) {
      const pos = this.take().pos;
      this.countOperator(pos);
      left = { type: 'spansetAnd', left, right: this.spansetStructural(), pos };
    }
    return left;
  }

  private spansetStructural(): SpansetExpr {
    let left = this.spansetPrimary();
    for (;;) {
      const t = this.peek();
      if (t.kind !== 'punct' || !STRUCTURAL_OPS.includes(t.text)) return left;
      this.take();
      this.countOperator(t.pos);
      left = { type: 'structural', op: t.text as StructuralOp, left, right: this.spansetPrimary(), pos: t.pos };
    }
  }

  private spansetPrimary(): SpansetExpr {
    const t = this.peek();
    if (this.isPunct(t, '(')) {
      this.take();
      this.enter(t.pos);
      const inner = this.spansetOr();
      this.expectPunct(')');
      this.depth--;
      return inner;
    }
    if (this.isPunct(t, '{')) {
      this.take();
      let expr: FieldExpr;
      if (this.isPunct(this.peek(), '}')) expr = { type: 'const', value: true, pos: t.pos };
      else expr = this.fieldOr();
      this.expectPunct('}');
      const filter = { type: 'filter' as const, expr, pos: t.pos, index: this.filters.length };
      this.filters.push(filter);
      return filter;
    }
    if (t.kind === 'ident' || t.kind === 'int' || t.kind === 'float') {
      throw unsupportedQuery(`scalar filters and aggregates (${describe(t)}) are not supported; a query starts with {`, t.pos);
    }
    throw invalidQuery(`expected { or (, found ${describe(t)}`, t.pos);
  }

  // ---- field level, inside { }: || < && < ! < comparison ----

  private fieldOr(): FieldExpr {
    let left = this.fieldAnd();
    while (this.isPunct(this.peek(), '||')) {
      const pos = this.take().pos;
      this.countOperator(pos);
      left = { type: 'or', left, right: this.fieldAnd(), pos };
    }
    return left;
  }

  private fieldAnd(): FieldExpr {
    let left = this.fieldUnary();
    while (this.isPunct(this.peek(), '&&')) {
      const pos = this.take().pos;
      this.countOperator(pos);
      left = { type: 'and', left, right: this.fieldUnary(), pos };
    }
    return left;
  }

  private fieldUnary(): FieldExpr {
    const t = this.peek();
    if (this.isPunct(t, '!')) {
      this.take();
      this.enter(t.pos);
      const expr = this.fieldUnary();
      this.depth--;
      return { type: 'not', expr, pos: t.pos };
    }
    return this.comparison();
  }

  private comparison(): FieldExpr {
    const left = this.operand();
    const t = this.peek();
    if (t.kind === 'punct' && ARITHMETIC.includes(t.text)) throw unsupportedQuery('arithmetic is not supported', t.pos);
    if (t.kind !== 'punct' || !COMPARE_OPS.includes(t.text)) return this.asBoolean(left);
    this.take();
    const right = this.operand();
    const after = this.peek();
    if (after.kind === 'punct' && ARITHMETIC.includes(after.text)) throw unsupportedQuery('arithmetic is not supported', after.pos);
    return this.makeComparison(t.text as CompareOp, left, right, t.pos);
  }

  private asBoolean(op: Operand): FieldExpr {
    switch (op.kind) {
      case 'expr':
        return op.expr;
      case 'field':
        return { type: 'exists', field: op.field, exists: true, pos: op.pos };
      case 'literal':
        if (op.value.type === 'bool') return { type: 'const', value: op.value.value, pos: op.pos };
        throw invalidQuery(`a ${op.value.type} literal is not a condition`, op.pos);
      case 'nil':
        throw invalidQuery('nil is not a condition', op.pos);
    }
  }

  private makeComparison(op: CompareOp, left: Operand, right: Operand, pos: number): FieldExpr {
    if (left.kind === 'expr' || right.kind === 'expr') {
      throw unsupportedQuery('comparing boolean sub-expressions is not supported', left.kind === 'expr' ? left.pos : right.pos);
    }
    if (left.kind === 'nil' || right.kind === 'nil') {
      const other = left.kind === 'nil' ? right : left;
      if (op !== '=' && op !== '!=') throw invalidQuery(`nil only compares with = and !=`, pos);
      if (other.kind === 'nil') return { type: 'const', value: op === '=', pos };
      if (other.kind !== 'field') throw invalidQuery('nil compares with a field', other.pos);
      return { type: 'exists', field: other.field, exists: op === '!=', pos };
    }
    if (left.kind === 'field' && right.kind === 'field') {
      throw unsupportedQuery('comparing two fields is not supported', pos);
    }
    if (left.kind === 'literal' && right.kind === 'literal') {
      throw unsupportedQuery('comparing two literals is not supported', pos);
    }
    let field: FieldRef;
    let value: Literal;
    let valuePos: number;
    if (left.kind === 'field' && right.kind === 'literal') {
      field = left.field;
      value = right.value;
      valuePos = right.pos;
    } else if (left.kind === 'literal' && right.kind === 'field') {
      if (op === '=~' || op === '!~') throw invalidQuery('a regex needs the field on the left', pos);
      field = right.field;
      value = left.value;
      valuePos = left.pos;
      op = mirror(op);
    } else {
      throw invalidQuery('expected a field and a value', pos);
    }
    checkTypes(op, field, value, pos, valuePos);
    return { type: 'compare', op, field, value, pos };
  }

  private operand(): Operand {
    const t = this.take();
    switch (t.kind) {
      case 'punct':
        if (t.text === '(') {
          this.enter(t.pos);
          const inner = this.fieldOr();
          this.expectPunct(')');
          this.depth--;
          // `(.a) = 1` and `(1)`: unwrap a lone field or literal.
          if (inner.type === 'exists' && inner.exists && inner.pos === this.lastOperandPos(inner)) {
            return { kind: 'field', field: inner.field, pos: inner.pos };
          }
          return { kind: 'expr', expr: inner, pos: t.pos };
        }
        if (t.text === '.') return this.attribute('unscoped', t.pos);
        if (t.text === '-') {
          const n = this.take();
          if (n.kind === 'int') {
            const big = n.big === undefined ? undefined : -n.big;
            return { kind: 'literal', value: { type: 'int', value: -n.value, big }, pos: t.pos };
          }
          if (n.kind === 'float' || n.kind === 'duration') {
            return { kind: 'literal', value: { type: n.kind, value: -n.value }, pos: t.pos };
          }
          throw unsupportedQuery('arithmetic is not supported', t.pos);
        }
        throw invalidQuery(`expected a field or value, found ${describe(t)}`, t.pos);
      case 'string':
        return { kind: 'literal', value: { type: 'string', value: t.value }, pos: t.pos };
      case 'int':
        if (t.big !== undefined && t.big > (1n << 63n) - 1n) {
          throw invalidQuery('integer is out of the int64 range', t.pos);
        }
        return { kind: 'literal', value: { type: 'int', value: t.value, big: t.big }, pos: t.pos };
      case 'float':
        return { kind: 'literal', value: { type: 'float', value: t.value }, pos: t.pos };
      case 'duration':
        return { kind: 'literal', value: { type: 'duration', value: t.value }, pos: t.pos };
      case 'scopeDot':
        return this.dotScoped(t.scope, t.pos);
      case 'scopeColon':
        return this.colonScoped(t.scope, t.pos);
      case 'ident':
        return this.identifier(t.text, t.pos);
      case 'eof':
        throw invalidQuery('unexpected end of query, expected a field or value', t.pos);
    }
  }

  /** Matches `(x)` unwrap only when the exists node came from a bare field (not `x != nil`). */
  private lastOperandPos(e: Extract<FieldExpr, { type: 'exists' }>): number {
    return e.field.pos;
  }

  private identifier(text: string, pos: number): Operand {
    switch (text) {
      case 'true':
      case 'false':
        return { kind: 'literal', value: { type: 'bool', value: text === 'true' }, pos };
      case 'nil':
        return { kind: 'nil', pos };
    }
    if (Object.hasOwn(STATUS_LITERALS, text)) return { kind: 'literal', value: { type: 'status', value: STATUS_LITERALS[text as keyof typeof STATUS_LITERALS] }, pos };
    if (Object.hasOwn(KIND_LITERALS, text)) return { kind: 'literal', value: { type: 'kind', value: KIND_LITERALS[text as keyof typeof KIND_LITERALS] }, pos };
    const intrinsic = own(UNSCOPED_INTRINSICS, text);
    if (intrinsic !== undefined) return { kind: 'field', field: { type: 'intrinsic', name: intrinsic, pos }, pos };
    const traceIntrinsic = own(UNSCOPED_TRACE_INTRINSICS, text);
    if (traceIntrinsic !== undefined) return { kind: 'field', field: { type: 'traceIntrinsic', name: traceIntrinsic, pos }, pos };
    if (UNSUPPORTED_INTRINSICS.has(text)) throw unsupportedQuery(`intrinsic ${text} is not supported`, pos);
    throw invalidQuery(`unknown identifier ${JSON.stringify(text)} (attributes start with '.', 'span.' or 'resource.')`, pos);
  }

  private attribute(scope: Extract<FieldRef, { type: 'attribute' }>['scope'], pos: number): Operand {
    const name = this.readAttributeName(pos);
    return { kind: 'field', field: { type: 'attribute', scope, name, pos }, pos };
  }

  private dotScoped(scope: string, pos: number): Operand {
    switch (scope) {
      case 'span':
      case 'resource':
      case 'instrumentation':
        return this.attribute(scope, pos);
      case 'event':
      case 'link':
        // Events and links are not columns (Go drops them; TS files keep them only in otlp:span).
        throw unsupportedQuery(`the ${scope}. scope is not supported (events and links are not stored as columns)`, pos);
      case 'trace': {
        const name = this.readAttributeName(pos);
        if (name === 'id') return { kind: 'field', field: { type: 'intrinsic', name: 'traceId', pos }, pos };
        throw unsupportedQuery(`trace.${name} is not supported (did you mean trace:${name}?)`, pos);
      }
      default:
        throw unsupportedQuery(`the ${scope}. scope is not supported`, pos);
    }
  }

  private colonScoped(scope: string, pos: number): Operand {
    const t = this.take();
    if (t.kind !== 'ident') throw invalidQuery(`expected an intrinsic name after ${scope}:, found ${describe(t)}`, t.pos);
    const name = t.text;
    let found: SpanIntrinsic | TraceIntrinsic | undefined;
    if (scope === 'span') found = own(SPAN_COLON, name);
    else if (scope === 'trace') found = own(TRACE_COLON, name);
    else if (scope === 'instrumentation') found = name === 'name' ? 'instrumentationName' : name === 'version' ? 'instrumentationVersion' : undefined;
    else throw unsupportedQuery(`${scope}:${name} is not supported (events and links are not stored)`, pos);
    if (found === undefined) {
      if (name === 'childCount' || name === 'parentID') throw unsupportedQuery(`${scope}:${name} is not supported`, pos);
      throw invalidQuery(`unknown intrinsic ${scope}:${name}`, pos);
    }
    if (TRACE_LEVEL.has(found)) return { kind: 'field', field: { type: 'traceIntrinsic', name: found as TraceIntrinsic, pos }, pos };
    return { kind: 'field', field: { type: 'intrinsic', name: found as SpanIntrinsic, pos }, pos };
  }

  private readAttributeName(pos: number): string {
    if (this.tok !== undefined) throw invalidQuery('internal: attribute read after lookahead', pos);
    return this.lexer.readAttributeName();
  }

  // ---- token plumbing ----

  private peek(): Token {
    if (this.tok === undefined) this.tok = this.lexer.next();
    return this.tok;
  }

  private take(): Token {
    const t = this.peek();
    this.tok = undefined;
    return t;
  }

  private isPunct(t: Token, p: Punct): boolean {
    return t.kind === 'punct' && t.text === p;
  }

  private expectPunct(p: Punct): void {
    const t = this.take();
    if (!this.isPunct(t, p)) throw invalidQuery(`expected ${p}, found ${describe(t)}`, t.pos);
  }

  private countOperator(pos: number): void {
    if (++this.operators > MAX_OPERATORS) throw invalidQuery(`more than ${MAX_OPERATORS} operators`, pos);
  }

  private enter(pos: number): void {
    if (++this.depth > MAX_DEPTH) throw invalidQuery(`expression nested deeper than ${MAX_DEPTH}`, pos);
  }
}

/** A table lookup that ignores inherited names (`constructor`, `toString`, …). */
function own<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

function mirror(op: CompareOp): CompareOp {
  switch (op) {
    case '>': return '<';
    case '<': return '>';
    case '>=': return '<=';
    case '<=': return '>=';
    default: return op;
  }
}

const STRING_FIELDS = new Set<string>(['name', 'statusMessage', 'instrumentationName', 'instrumentationVersion', 'rootName', 'rootService']);
const ID_FIELDS = new Set<string>(['traceId', 'spanId', 'parentId']);
const TIME_FIELDS = new Set<string>(['duration', 'traceDuration', 'start', 'end']);

/** Static type rules: enum fields take their enum, ids take hex strings, regex takes strings. */
function checkTypes(op: CompareOp, field: FieldRef, value: Literal, pos: number, valuePos: number): void {
  const ordered = op === '>' || op === '>=' || op === '<' || op === '<=';
  const regex = op === '=~' || op === '!~';
  if (regex) {
    if (value.type !== 'string') throw invalidQuery(`${op} needs a string pattern, found ${value.type}`, valuePos);
    compileTraceQLRegex(value.value, valuePos);
  }
  if (ordered && value.type === 'bool') throw invalidQuery(`${op} does not apply to booleans`, pos);
  if (field.type === 'attribute') return;
  const name = field.name;
  const want = (ok: boolean, what: string): void => {
    if (!ok) throw invalidQuery(`${name} compares with ${what}, found ${value.type}`, valuePos);
  };
  if (name === 'status') {
    want(value.type === 'status', 'a status (ok, error, unset)');
    if (ordered || regex) throw invalidQuery(`status only supports = and !=`, pos);
  } else if (name === 'kind') {
    want(value.type === 'kind', 'a kind (server, client, producer, consumer, internal, unspecified)');
    if (ordered || regex) throw invalidQuery(`kind only supports = and !=`, pos);
  } else if (STRING_FIELDS.has(name)) {
    want(value.type === 'string', 'a string');
  } else if (ID_FIELDS.has(name)) {
    want(value.type === 'string', 'a hex string');
    if (ordered) throw invalidQuery(`${name} does not support ${op}`, pos);
    const width = name === 'traceId' ? 32 : 16;
    if (!regex && (value.type !== 'string' || value.value.length > width || !/^[0-9a-fA-F]*$/.test(value.value))) {
      throw invalidQuery(`${name} needs a hex string of at most ${width} digits`, valuePos);
    }
  } else if (TIME_FIELDS.has(name)) {
    want(value.type === 'duration' || value.type === 'int' || value.type === 'float', 'a duration');
    if (regex) throw invalidQuery(`${name} does not support ${op}`, pos);
  }
}

function describe(t: Token): string {
  switch (t.kind) {
    case 'eof': return 'end of query';
    case 'punct': return `'${t.text}'`;
    case 'ident': return `'${t.text}'`;
    case 'scopeDot': return `'${t.scope}.'`;
    case 'scopeColon': return `'${t.scope}:'`;
    case 'string': return 'a string';
    case 'int': case 'float': return 'a number';
    case 'duration': return 'a duration';
  }
}
