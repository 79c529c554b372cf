import fc from 'fast-check';
import { SeededRandom, expectOnly, mutate } from '@mebo-internal/test-kit';
import { BlockpackError, OtlpTypes, SyntheticTraceGenerator, decodeOtlpProtobuf, encodeOtlpProtobuf, normalizeTraces, otlpToJson, parseOtlpJson } from '../src/index.js';
import { canonical, traces } from './arbitraries.js';

describe('OTLP protobuf decoding (our wire decoder)', () => {
  test('agrees with protobufjs on random requests', () => {
    fc.assert(
      fc.property(traces, (t) => {
        const pb = encodeOtlpProtobuf(t);
        const viaPbjs = normalizeTraces(OtlpTypes.ExportTraceServiceRequest.decode(pb));
        expect(canonical(decodeOtlpProtobuf(pb))).toEqual(canonical(viaPbjs));
        expect(canonical(decodeOtlpProtobuf(pb))).toEqual(canonical(t));
      }),
      { seed: 11, numRuns: 150 },
    );
  });

  test('JSON round trip', () => {
    fc.assert(
      fc.property(traces, (t) => {
        expect(canonical(parseOtlpJson(JSON.stringify(otlpToJson(t))))).toEqual(canonical(t));
      }),
      { seed: 12, numRuns: 100 },
    );
  });

  test('skips unknown fields (a newer OTLP), rejects wrong wire types', () => {
    // ResourceSpans { field 99 varint 1, scope_spans { spans { name "x", field 200 LEN "zz" } } }
    const span = [0x2a, 0x01, 0x78, 0xc2, 0x0c, 0x02, 0x7a, 0x7a];
    const ss = [0x12, span.length, ...span];
    const rs = [0x98, 0x06, 0x01, 0x12, ss.length, ...ss];
    const req = new Uint8Array([0x0a, rs.length, ...rs]);
    expect(decodeOtlpProtobuf(req).resourceSpans[0].scopeSpans[0].spans[0].name).toBe('x');
    // span name (field 5) sent as a varint
    const badSpan = [0x28, 0x01];
    const bad = new Uint8Array([0x0a, 4 + badSpan.length, 0x12, 2 + badSpan.length, 0x12, badSpan.length, ...badSpan]);
    expect(() => decodeOtlpProtobuf(bad)).toThrow(BlockpackError);
  });

  test('seeded mutations: only BlockpackError escapes', () => {
    const pb = encodeOtlpProtobuf(new SyntheticTraceGenerator({ seed: 4, minSpans: 3, maxSpans: 5 }).next(3));
    const rng = new SeededRandom(99);
    for (let i = 0; i < 1500; i++) expectOnly(BlockpackError, `case ${i}`, () => decodeOtlpProtobuf(mutate(pb, rng)));
  });
});
