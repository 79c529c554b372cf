import { BlockpackError, parseOtlpJson, parseTraceQL } from '../src/index.js';

// Names taken from untrusted input must never reach Object.prototype.
describe('prototype names in untrusted input', () => {
  const span = (kind: unknown) => ({
    resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: '5b8efff798038103d269b633813fc60c', spanId: 'eee19b7ec3c1b174', name: 'x', kind, startTimeUnixNano: '1', endTimeUnixNano: '2' }] }] }],
  });

  it.each(['constructor', 'toString', '__proto__', 'hasOwnProperty'])('rejects span kind %j with BlockpackError', (kind) => {
    expect(() => parseOtlpJson(span(kind))).toThrow(BlockpackError);
  });

  it('still accepts a real kind name', () => {
    const t = parseOtlpJson(span('SPAN_KIND_SERVER'));
    expect(t.resourceSpans[0].scopeSpans[0].spans[0].kind).toBe(2);
  });

  it('keeps a __proto__ hint as an ordinary hint', () => {
    const q = parseTraceQL('{ } with(__proto__ = true)');
    expect(Object.getPrototypeOf(q.hints)).toBe(Object.prototype);
    expect(Object.hasOwn(q.hints, '__proto__')).toBe(true);
  });
});
