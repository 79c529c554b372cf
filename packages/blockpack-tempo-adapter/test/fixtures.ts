import { randomBytes } from 'node:crypto';
import type { Span, Trace } from '../src/index.js';

/** Deterministic-enough ids for tests: random bytes are fine, tests only compare what they sent. */
export function id(n: number): Uint8Array {
  return new Uint8Array(randomBytes(n));
}

export function span(traceId: Uint8Array, over: Partial<Span> = {}): Span {
  return {
    traceId,
    spanId: id(8),
    traceState: '',
    parentSpanId: new Uint8Array(0),
    flags: 0,
    name: 'op',
    kind: 2,
    startTimeUnixNano: 1_700_000_000_000_000_000n,
    endTimeUnixNano: 1_700_000_000_250_000_000n,
    attributes: [{ key: 'http.method', value: { stringValue: 'GET' } }],
    droppedAttributesCount: 0,
    events: [],
    droppedEventsCount: 0,
    links: [],
    droppedLinksCount: 0,
    status: { code: 0, message: '' },
    ...over,
  };
}

export function traceOf(spans: Span[], service = 'svc'): Trace {
  return {
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }], droppedAttributesCount: 0 },
        schemaUrl: '',
        scopeSpans: [{ scope: { name: 'lib', version: '1', attributes: [], droppedAttributesCount: 0 }, schemaUrl: '', spans }],
      },
    ],
  };
}
