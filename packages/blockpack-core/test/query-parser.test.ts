import { SeededRandom, expectOnly } from '@mebo-internal/test-kit';
import { BlockpackError } from '../src/shared/errors.js';
import { QueryErrorCode, queryErrorCode } from '../src/query/errors.js';
import { parseTraceQL } from '../src/query/traceql/parser.js';
import { parseDurationNs } from '../src/query/traceql/lexer.js';
import type { FieldExpr, SpansetExpr } from '../src/query/traceql/ast.js';

function filterExpr(q: string): FieldExpr {
  const root = parseTraceQL(q).root;
  if (root.type !== 'filter') throw new Error('not a filter');
  return root.expr;
}

/** A compact text form of a field expression, for readable assertions. */
function show(e: FieldExpr): string {
  switch (e.type) {
    case 'and':
    case 'or':
      return `(${show(e.left)} ${e.type === 'and' ? '&&' : '||'} ${show(e.right)})`;
    case 'not':
      return `!${show(e.expr)}`;
    case 'const':
      return String(e.value);
    case 'exists':
      return `${fieldOf(e.field)} ${e.exists ? '!=' : '='} nil`;
    case 'compare':
      return `${fieldOf(e.field)} ${e.op} ${e.value.type}:${String(e.value.value)}`;
  }
}
function fieldOf(f: Extract<FieldExpr, { type: 'compare' }>['field']): string {
  if (f.type === 'attribute') return `${f.scope}.${f.name}`;
  return `${f.type === 'intrinsic' ? 'i' : 't'}:${f.name}`;
}
function showSet(e: SpansetExpr): string {
  switch (e.type) {
    case 'filter':
      return `{${show(e.expr)}}`;
    case 'spansetAnd':
      return `(${showSet(e.left)} && ${showSet(e.right)})`;
    case 'spansetOr':
      return `(${showSet(e.left)} || ${showSet(e.right)})`;
    case 'structural':
      return `(${showSet(e.left)} ${e.op} ${showSet(e.right)})`;
  }
}

function errorOf(q: string): BlockpackError {
  try {
    parseTraceQL(q);
  } catch (e) {
    if (e instanceof BlockpackError) return e;
    throw e;
  }
  throw new Error(`parsed: ${q}`);
}

describe('TraceQL parser: valid queries', () => {
  const cases: [string, string][] = [
    ['{}', 'true'],
    ['{ }', 'true'],
    ['{ true }', 'true'],
    ['{ false }', 'false'],
    ['{ .foo }', 'unscoped.foo != nil'],
    ['{ .foo = "bar" }', 'unscoped.foo = string:bar'],
    ['{ span.http.method = "GET" }', 'span.http.method = string:GET'],
    ['{ resource.service.name != "api" }', 'resource.service.name != string:api'],
    ['{ span.http.status_code >= 500 }', 'span.http.status_code >= int:500'],
    ['{ span.ratio < 0.5 }', 'span.ratio < float:0.5'],
    ['{ span.ratio < .5 }', 'span.ratio < float:0.5'],
    ['{ span.x = -3 }', 'span.x = int:-3'],
    ['{ span.flag = true }', 'span.flag = bool:true'],
    ['{ duration > 100ms }', 'i:duration > duration:100000000'],
    ['{ duration >= 1h30m }', 'i:duration >= duration:5400000000000'],
    ['{ duration < 1.5s }', 'i:duration < duration:1500000000'],
    ['{ duration < 10us && duration > 10µs }', '(i:duration < duration:10000 && i:duration > duration:10000)'],
    ['{ duration > 5ns }', 'i:duration > duration:5'],
    ['{ status = error }', 'i:status = status:2'],
    ['{ status != ok }', 'i:status != status:1'],
    ['{ status = unset }', 'i:status = status:0'],
    ['{ kind = server }', 'i:kind = kind:2'],
    ['{ kind = client }', 'i:kind = kind:3'],
    ['{ kind = producer || kind = consumer || kind = internal || kind = unspecified }',
      '(((i:kind = kind:4 || i:kind = kind:5) || i:kind = kind:1) || i:kind = kind:0)'],
    ['{ name = "GET /" }', 'i:name = string:GET /'],
    ['{ name =~ "GET.*" }', 'i:name =~ string:GET.*'],
    ['{ name =~ "(ab)+c*(d|e)?" }', 'i:name =~ string:(ab)+c*(d|e)?'],
    ['{ name =~ "([a-z]+_)?x[*+]" }', 'i:name =~ string:([a-z]+_)?x[*+]'],
    ['{ name !~ "GET.*" }', 'i:name !~ string:GET.*'],
    ['{ statusMessage = "boom" }', 'i:statusMessage = string:boom'],
    ['{ span:name = "x" }', 'i:name = string:x'],
    ['{ span:status = error }', 'i:status = status:2'],
    ['{ span:kind = server }', 'i:kind = kind:2'],
    ['{ span:duration > 1s }', 'i:duration > duration:1000000000'],
    ['{ span:id = "0102030405060708" }', 'i:spanId = string:0102030405060708'],
    ['{ trace:id = "0102030405060708090a0b0c0d0e0f10" }', 'i:traceId = string:0102030405060708090a0b0c0d0e0f10'],
    ['{ trace.id = "0102" }', 'i:traceId = string:0102'],
    ['{ trace:rootName = "root" }', 't:rootName = string:root'],
    ['{ trace:rootService = "svc" }', 't:rootService = string:svc'],
    ['{ trace:duration > 2s }', 't:traceDuration > duration:2000000000'],
    ['{ rootServiceName = "svc" }', 't:rootService = string:svc'],
    ['{ rootName = "r" && traceDuration < 1m }', '(t:rootName = string:r && t:traceDuration < duration:60000000000)'],
    ['{ instrumentation:name = "lib" }', 'i:instrumentationName = string:lib'],
    ['{ instrumentation.x = 1 }', 'instrumentation.x = int:1'],
    ['{ .a = 1 && .b = 2 || .c = 3 }', '((unscoped.a = int:1 && unscoped.b = int:2) || unscoped.c = int:3)'],
    ['{ .a = 1 || .b = 2 && .c = 3 }', '(unscoped.a = int:1 || (unscoped.b = int:2 && unscoped.c = int:3))'],
    ['{ (.a = 1 || .b = 2) && .c = 3 }', '((unscoped.a = int:1 || unscoped.b = int:2) && unscoped.c = int:3)'],
    ['{ !(.a = 1) }', '!unscoped.a = int:1'],
    ['{ .a = nil }', 'unscoped.a = nil'],
    ['{ .a != nil }', 'unscoped.a != nil'],
    ['{ nil != .a }', 'unscoped.a != nil'],
    ['{ 5 < .a }', 'unscoped.a > int:5'],
    ['{ (.a) = 1 }', 'unscoped.a = int:1'],
    ['{ span."foo bar" = "x" }', 'span.foo bar = string:x'],
    ['{ span."a\\"b".c = "x" }', 'span.a"b.c = string:x'],
    ['{ .k8s-pod.name = `raw\\n` }', 'unscoped.k8s-pod.name = string:raw\\n'],
    ['{ .s = "tab\\there\\u00e9\\x41" }', 'unscoped.s = string:tab\there\u00e9A'],
    ['{.a="b"}', 'unscoped.a = string:b'],
    ['{ .a>=1 }', 'unscoped.a >= int:1'],
  ];
  it.each(cases)('%s', (q, expected) => {
    expect(show(filterExpr(q))).toBe(expected);
  });

  const setCases: [string, string][] = [
    ['{ .a = 1 } && { .b = 2 }', '({unscoped.a = int:1} && {unscoped.b = int:2})'],
    ['{ .a = 1 } || { .b = 2 }', '({unscoped.a = int:1} || {unscoped.b = int:2})'],
    ['{ .a = 1 } || { .b = 2 } && { .c = 3 }', '({unscoped.a = int:1} || ({unscoped.b = int:2} && {unscoped.c = int:3}))'],
    ['({ .a = 1 } || { .b = 2 }) && { .c = 3 }', '(({unscoped.a = int:1} || {unscoped.b = int:2}) && {unscoped.c = int:3})'],
    ['{ .a = 1 } > { .b = 2 }', '({unscoped.a = int:1} > {unscoped.b = int:2})'],
    ['{ .a = 1 } >> { .b = 2 }', '({unscoped.a = int:1} >> {unscoped.b = int:2})'],
    ['{ .a = 1 } < { .b = 2 }', '({unscoped.a = int:1} < {unscoped.b = int:2})'],
    ['{ .a = 1 } << { .b = 2 }', '({unscoped.a = int:1} << {unscoped.b = int:2})'],
    ['{ .a = 1 } ~ { .b = 2 }', '({unscoped.a = int:1} ~ {unscoped.b = int:2})'],
    ['{ .a = 1 } !> { .b = 2 }', '({unscoped.a = int:1} !> {unscoped.b = int:2})'],
    ['{ .a = 1 } !>> { .b = 2 }', '({unscoped.a = int:1} !>> {unscoped.b = int:2})'],
    ['{ .a = 1 } !~ { .b = 2 }', '({unscoped.a = int:1} !~ {unscoped.b = int:2})'],
    ['{ .a = 1 } &> { .b = 2 }', '({unscoped.a = int:1} &> {unscoped.b = int:2})'],
  ];
  it.each(setCases)('%s', (q, expected) => {
    expect(showSet(parseTraceQL(q).root)).toBe(expected);
  });

  it('records filters in source order with indexes', () => {
    const q = parseTraceQL('{ .a = 1 } && ({ .b = 2 } || { .c = 3 })');
    expect(q.filters.map((f) => f.index)).toEqual([0, 1, 2]);
    expect(q.filters.map((f) => f.pos)).toEqual([0, 15, 29]);
  });

  it('parses aggregate, by() and coalesce() stages', () => {
    const q = parseTraceQL('{ .a = 1 } | by(resource.service.name) | count() > 2 | avg(duration) >= 1.5ms | coalesce() | max(span.x) < -3');
    expect(q.pipeline.map((p) => p.type)).toEqual(['by', 'aggregate', 'aggregate', 'coalesce', 'aggregate']);
    expect(q.pipeline[1]).toMatchObject({ fn: 'count', op: '>', value: 2, field: undefined });
    expect(q.pipeline[2]).toMatchObject({ fn: 'avg', op: '>=', value: 1_500_000 });
    expect(q.pipeline[4]).toMatchObject({ fn: 'max', op: '<', value: -3 });
    expect(errorOf('{ } | count() =~ 2').code).toBe('INVALID_QUERY');
    expect(errorOf('{ } | sum() > 2').code).toBe('INVALID_QUERY');
    expect(errorOf('{ } | count() > "x"').code).toBe('INVALID_QUERY');
  });

  it('parses select() and with() hints', () => {
    const q = parseTraceQL('{ .a = 1 } | select(span.http.url, resource.service.name, duration) with(most_recent=true)');
    expect(q.select.map(fieldOf)).toEqual(['span.http.url', 'resource.service.name', 'i:duration']);
    expect(q.hints.most_recent).toEqual({ type: 'bool', value: true });
  });

  it('parses duration text like Go and Prometheus', () => {
    expect(parseDurationNs('100ms')).toBe(100e6);
    expect(parseDurationNs('1d')).toBe(86400e9);
    expect(parseDurationNs('1w')).toBe(7 * 86400e9);
    expect(parseDurationNs('2h45m30s')).toBe((2 * 3600 + 45 * 60 + 30) * 1e9);
    expect(parseDurationNs('ms')).toBeUndefined();
    expect(parseDurationNs('5xx')).toBeUndefined();
  });
});

describe('TraceQL parser: errors carry codes and positions', () => {
  const invalid: [string, number][] = [
    ['', 0],
    ['{', 1],
    ['{ .a = }', 7],
    ['{ .a = 1', 8],
    ['{ .a = 1 }}', 10],
    ['{ .a == 1 }', 6],
    ['{ status = 1 }', 11],
    ['{ status = "error" }', 11],
    ['{ kind = error }', 9],
    ['{ kind > server }', 7],
    ['{ name = 5 }', 9],
    ['{ duration = "x" }', 13],
    ['{ .a =~ 5 }', 8],
    ['{ .a =~ "(" }', 8],
    ['{ .a =~ "(a)\\\\1" }', 8],
    ['{ .a =~ "(?=x)" }', 8],
    ['{ trace:id = "xyz" }', 13],
    ['{ trace:id = "0102030405060708090a0b0c0d0e0f1011" }', 13],
    ['{ .a > true }', 5],
    ['{ .a = "unterminated }', 7],
    ['{ .a = "bad \\q escape" }', 12],
    ['{ foo = 1 }', 2],
    ['{ span:bogus = 1 }', 2],
    ['{ constructor = 1 }', 2],
    ['{ .a = toString }', 7],
    ['{ span:constructor = 1 }', 2],
    ['{ trace:__proto__ = 1 }', 2],
    ['{ . = 1 }', 3],
    ['{ 5 }', 2],
    ['{ nil }', 2],
    ['{ .a < nil }', 5],
    ['{ .a } $', 7],
    ['{ .a = 99999999999999999999 }', 7],
    ['{ span."unterminated = 1 }', 7],
  ];
  it.each(invalid)('%j fails at %d', (q, pos) => {
    const e = errorOf(q);
    expect(e.code).toBe('INVALID_QUERY');
    expect(e.offset).toBe(pos);
    expect(e.message).toContain(`offset ${pos}`);
  });

  const unsupported: string[] = [
    '{ .a = 1 } | rate()',
    '{ .a = 1 } | by(.b, .c)',
    '{ .a = 1 } | min(rootName) > 1',
    '{ .a = 1 } | { .b = 2 }',
    '{ .a + 1 = 2 }',
    '{ .a = .b }',
    '{ parent.a = 1 }',
    '{ childCount > 2 }',
    '{ nestedSetLeft > 2 }',
    '{ event:name = "x" }',
    '{ link:traceID = "x" }',
    '{ event.exception.type = "x" }',
    '{ link.foo = 1 }',
    '{ trace.foo = 1 }',
    'count() > 1',
    '{ .a =~ "\\\\pL" }',
    '{ .a =~ "a(?i)b" }',
    '{ .a =~ "(a+)+$" }',
    '{ .a =~ "(x|(ab*))*" }',
    '{ .a =~ "(a{2,})+" }',
    '{ .a =~ "[[:constructor:]]" }',
    '{ .a = 1 } | toString() > 1',
  ];
  it.each(unsupported)('%j is UNSUPPORTED_QUERY', (q) => {
    const e = errorOf(q);
    expect(e.code).toBe('UNSUPPORTED_QUERY');
    expect(typeof e.offset).toBe('number');
  });

  it('rejects deep nesting without a stack overflow', () => {
    const q = `{ ${'('.repeat(5000)}.a = 1${')'.repeat(5000)} }`;
    expect(errorOf(q).code).toBe('INVALID_QUERY');
    const q2 = `{ ${'!'.repeat(5000)}.a }`;
    expect(errorOf(q2).code).toBe('INVALID_QUERY');
  });

  it('rejects too many operators (later passes recurse over the tree)', () => {
    expect(errorOf(`{ ${Array(1500).fill('.a = 1').join(' && ')} }`).code).toBe('INVALID_QUERY');
    expect(errorOf(Array(1500).fill('{ .a = 1 }').join(' || ')).code).toBe('INVALID_QUERY');
    expect(() => parseTraceQL(`{ ${Array(900).fill('.a = 1').join(' || ')} }`)).not.toThrow();
  });

  it('tells query errors apart with queryErrorCode', () => {
    expect(queryErrorCode(errorOf('{ .a = }'))).toBe(QueryErrorCode.InvalidQuery);
    expect(queryErrorCode(errorOf('{ .a + 1 = 2 }'))).toBe(QueryErrorCode.UnsupportedQuery);
    expect(queryErrorCode(new BlockpackError('TRUNCATED', 'x'))).toBeUndefined();
    expect(queryErrorCode(new Error('x'))).toBeUndefined();
  });

  it('rejects over-long queries', () => {
    expect(errorOf(`{ .a = "${'x'.repeat(70000)}" }`).code).toBe('INVALID_QUERY');
  });
});

describe('TraceQL parser: fuzz', () => {
  const alphabet = ['{', '}', '(', ')', '.', '"', '`', '\\', '=', '!', '~', '<', '>', '&', '|', ' ', 'a', 'span.', 'resource.',
    'span:', 'trace:', 'name', 'status', 'kind', 'error', 'server', 'nil', 'true', '1', '1.5', '100ms', '-', '+', ',',
    'select', 'with', 'µ', 'constructor', 'count()', 'by(', 'avg(', 'coalesce()', '\n', '"x"', '[', ']', '*', '?', 'duration', ':', 'rootName', '&&', '||', '>>'];
  const valid = ['{ .a = 1 && span.b =~ "x.*" }', '{ status = error } >> { kind = server }', '{ duration > 1s } | select(.x)'];

  it('random token soup only throws BlockpackError', () => {
    const rng = new SeededRandom(20261126);
    let errors = 0;
    for (let i = 0; i < 4000; i++) {
      const n = 1 + rng.int(20);
      let q = '';
      for (let j = 0; j < n; j++) q += alphabet[rng.int(alphabet.length)];
      if (expectOnly(BlockpackError, `case ${i}: ${JSON.stringify(q)}`, () => parseTraceQL(q))) errors++;
    }
    expect(errors).toBeGreaterThan(0);
  });

  it('random characters and mutated valid queries only throw BlockpackError', () => {
    const rng = new SeededRandom(7);
    for (let i = 0; i < 3000; i++) {
      let q: string;
      if (i % 2 === 0) {
        const len = rng.int(40);
        q = '';
        for (let j = 0; j < len; j++) q += String.fromCharCode(rng.int(i % 4 === 0 ? 128 : 0x3000));
      } else {
        const base = valid[rng.int(valid.length)];
        const chars = base.split('');
        for (let k = 0, m = 1 + rng.int(4); k < m; k++) {
          const at = rng.int(chars.length + 1);
          const op = rng.int(3);
          if (op === 0) chars.splice(at, 1);
          else if (op === 1) chars.splice(at, 0, alphabet[rng.int(alphabet.length)]);
          else chars[at] = chars[rng.int(chars.length)] ?? '';
        }
        q = chars.join('');
      }
      expectOnly(BlockpackError, `case ${i}: ${JSON.stringify(q)}`, () => parseTraceQL(q));
    }
  });
});
