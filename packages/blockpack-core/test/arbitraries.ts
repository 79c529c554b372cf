import fc from 'fast-check';
import type { OtlpAnyValue, OtlpKeyValue, OtlpResourceSpans, OtlpSpan, OtlpTraces } from '../src/index.js';
import { toHex } from '../src/index.js';

const u64 = fc.bigInt({ min: 0n, max: (1n << 64n) - 1n });
const i64 = fc.bigInt({ min: -(1n << 63n), max: (1n << 63n) - 1n });
const u32 = fc.integer({ min: 0, max: 0xffffffff });
const small = fc.integer({ min: 0, max: 5 });
const text = fc.string({ unit: 'grapheme', maxLength: 12 });
const key = fc.oneof(fc.constantFrom('a', 'b', 'http.method', 'x.id', 'service.name', 'name'), fc.string({ unit: 'grapheme-ascii', maxLength: 8 }));
const bytes = fc.uint8Array({ maxLength: 12 });

const scalar: fc.Arbitrary<OtlpAnyValue> = fc.oneof(
  text.map((stringValue) => ({ stringValue })),
  fc.boolean().map((boolValue) => ({ boolValue })),
  i64.map((intValue) => ({ intValue })),
  fc.double().map((doubleValue) => ({ doubleValue })),
  bytes.map((bytesValue) => ({ bytesValue })),
);

const anyValue: fc.Arbitrary<OtlpAnyValue> = fc.letrec<{ v: OtlpAnyValue }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    scalar,
    scalar,
    fc.array(tie('v'), { maxLength: 3 }).map((values) => ({ arrayValue: { values } })),
    fc.array(fc.record({ key, value: tie('v') }), { maxLength: 3 }).map((values) => ({ kvlistValue: { values } })),
    fc.constant({} as OtlpAnyValue),
  ),
})).v;

export const attributes: fc.Arbitrary<OtlpKeyValue[]> = fc.array(fc.record({ key, value: anyValue }), { maxLength: 5 });

export const span = (traceIds: Uint8Array[]): fc.Arbitrary<OtlpSpan> =>
  fc.record({
    traceId: fc.constantFrom(...traceIds),
    spanId: fc.oneof(fc.uint8Array({ minLength: 8, maxLength: 8 }), bytes),
    traceState: fc.oneof(fc.constant(''), text),
    parentSpanId: fc.oneof(fc.constant(new Uint8Array(0)), fc.uint8Array({ minLength: 8, maxLength: 8 })),
    flags: fc.oneof(fc.constant(0), u32),
    name: fc.oneof(fc.constant(''), text),
    kind: small,
    startTimeUnixNano: u64,
    endTimeUnixNano: u64,
    attributes,
    droppedAttributesCount: fc.oneof(fc.constant(0), u32),
    events: fc.array(
      fc.record({ timeUnixNano: u64, name: text, attributes, droppedAttributesCount: fc.oneof(fc.constant(0), u32) }),
      { maxLength: 2 },
    ),
    droppedEventsCount: fc.oneof(fc.constant(0), u32),
    links: fc.array(
      fc.record({
        traceId: fc.uint8Array({ minLength: 16, maxLength: 16 }),
        spanId: fc.uint8Array({ minLength: 8, maxLength: 8 }),
        traceState: text,
        attributes,
        droppedAttributesCount: u32,
        flags: u32,
      }),
      { maxLength: 2 },
    ),
    droppedLinksCount: fc.oneof(fc.constant(0), u32),
    status: fc.record({ message: fc.oneof(fc.constant(''), text), code: fc.integer({ min: 0, max: 2 }) }),
  });

export const traces: fc.Arbitrary<OtlpTraces> = fc
  .array(fc.uint8Array({ minLength: 16, maxLength: 16 }), { minLength: 1, maxLength: 4 })
  .chain((ids) => {
    const resourceSpans: fc.Arbitrary<OtlpResourceSpans> = fc.record({
      resource: fc.record({ attributes, droppedAttributesCount: fc.oneof(fc.constant(0), u32) }),
      schemaUrl: fc.oneof(fc.constant(''), text),
      scopeSpans: fc.array(
        fc.record({
          scope: fc.record({ name: fc.oneof(fc.constant(''), text), version: fc.oneof(fc.constant(''), text), attributes, droppedAttributesCount: fc.oneof(fc.constant(0), u32) }),
          schemaUrl: fc.oneof(fc.constant(''), text),
          spans: fc.array(span(ids), { maxLength: 6 }),
        }),
        { maxLength: 3 },
      ),
    });
    return fc.array(resourceSpans, { maxLength: 3 }).map((resourceSpans) => ({ resourceSpans }));
  });

function vk(v: OtlpAnyValue): string {
  return JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? `${x}n` : x instanceof Uint8Array ? toHex(x) : typeof x === 'number' && !Number.isFinite(x) ? String(x) : Object.is(x, -0) ? '-0' : x));
}

function sortAttrs(a: OtlpKeyValue[]): string[] {
  return a.map((kv) => `${JSON.stringify(kv.key)}=${vk(kv.value)}`).sort();
}

/** The request as a sorted list of span tuples: equal iff equal up to the order OTLP does not fix. */
export function canonical(t: OtlpTraces): string[] {
  const out: string[] = [];
  for (const rs of t.resourceSpans) {
    const r = JSON.stringify([sortAttrs(rs.resource.attributes), rs.resource.droppedAttributesCount, rs.schemaUrl]);
    for (const ss of rs.scopeSpans) {
      const s = JSON.stringify([ss.scope.name, ss.scope.version, sortAttrs(ss.scope.attributes), ss.scope.droppedAttributesCount, ss.schemaUrl]);
      for (const sp of ss.spans) {
        out.push(
          JSON.stringify([
            r,
            s,
            toHex(sp.traceId),
            toHex(sp.spanId),
            sp.traceState,
            toHex(sp.parentSpanId),
            sp.flags,
            sp.name,
            sp.kind,
            String(sp.startTimeUnixNano),
            String(sp.endTimeUnixNano),
            sortAttrs(sp.attributes),
            sp.droppedAttributesCount,
            sp.events.map((e) => [String(e.timeUnixNano), e.name, sortAttrs(e.attributes), e.droppedAttributesCount]),
            sp.droppedEventsCount,
            sp.links.map((l) => [toHex(l.traceId), toHex(l.spanId), l.traceState, sortAttrs(l.attributes), l.droppedAttributesCount, l.flags]),
            sp.droppedLinksCount,
            sp.status.code,
            sp.status.message,
          ]),
        );
      }
    }
  }
  return out.sort();
}
