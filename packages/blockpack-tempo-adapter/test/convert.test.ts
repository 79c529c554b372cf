import { decodeTrace, encodeTrace, parseOtlpJson, parseTraceId, toHex, traceIdForSearch, traceToJson, validateTrace, isTempoError } from '../src/index.js';
import { id, span, traceOf } from './fixtures.js';

describe('OTLP/JSON ingest dialect', () => {
  it('accepts camelCase and snake_case, enum names and numbers, int64 as strings or numbers, hex ids in any case', () => {
    const t = parseOtlpJson(
      JSON.stringify({
        resource_spans: [
          {
            resource: { attributes: [{ key: 'service.name', value: { string_value: 'svc' } }], dropped_attributes_count: 2 },
            schema_url: 'https://r',
            scope_spans: [
              {
                scope: { name: 'lib', version: '1' },
                spans: [
                  {
                    trace_id: '5B8EFFF798038103D269B633813FC60C',
                    span_id: 'eee19b7ec3c1b174',
                    name: 'a',
                    kind: 'SPAN_KIND_CLIENT',
                    start_time_unix_nano: 1700000000000000000,
                    end_time_unix_nano: '1700000000500000000',
                    status: { code: 'STATUS_CODE_ERROR', message: 'x' },
                    attributes: [
                      { key: 'i', value: { intValue: '-9223372036854775808' } },
                      { key: 'b', value: { bytesValue: 'AP8=' } },
                      { key: 'd', value: { doubleValue: 'NaN' } },
                    ],
                  },
                  { traceId: '5b8efff798038103d269b633813fc60c', spanId: '0000000000000001', kind: 3, status: { code: 1 } },
                ],
              },
            ],
          },
        ],
      }),
    );
    const rs = t.resourceSpans[0]!;
    expect(rs.resource.droppedAttributesCount).toBe(2);
    expect(rs.schemaUrl).toBe('https://r');
    const [a, b] = rs.scopeSpans[0]!.spans as [ReturnType<typeof span>, ReturnType<typeof span>];
    expect(toHex(a.traceId)).toBe('5b8efff798038103d269b633813fc60c');
    expect(a.kind).toBe(3);
    expect(a.startTimeUnixNano).toBe(1700000000000000000n);
    expect(a.endTimeUnixNano).toBe(1700000000500000000n);
    expect(a.status).toEqual({ code: 2, message: 'x' });
    expect(a.attributes[0]!.value).toEqual({ intValue: -(2n ** 63n) });
    expect(a.attributes[1]!.value).toEqual({ bytesValue: new Uint8Array([0, 255]) });
    expect(Number.isNaN((a.attributes[2]!.value as { doubleValue: number }).doubleValue)).toBe(true);
    expect(b.kind).toBe(3);
    expect(b.status.code).toBe(1);
  });

  it('rejects wrong types with the JSON path', () => {
    for (const [body, path] of [
      ['{"resourceSpans":{}}', '$.resourceSpans'],
      ['{"resourceSpans":[{"scopeSpans":[{"spans":[{"kind":"SPAN_KIND_NOPE"}]}]}]}', 'spans[0].kind'],
      ['{"resourceSpans":[{"scopeSpans":[{"spans":[{"startTimeUnixNano":"1.5"}]}]}]}', 'startTimeUnixNano'],
      ['{"resourceSpans":[{"scopeSpans":[{"spans":[{"startTimeUnixNano":"-1"}]}]}]}', 'startTimeUnixNano'],
      ['[1]', '$'],
    ] as const) {
      try {
        parseOtlpJson(body);
        throw new Error('accepted');
      } catch (e) {
        expect(isTempoError(e)).toBe(true);
        expect((e as Error).message).toContain(path);
      }
    }
  });
});

describe('Tempo query JSON', () => {
  it('renders ids as base64, 64-bit integers as strings, enums by name, omits zero values, keeps Grafana-safe defaults', () => {
    const tid = id(16);
    const s = span(tid, { kind: 2, status: { code: 0, message: '' }, attributes: [{ key: 'n', value: { doubleValue: NaN } }, { key: 'i', value: { intValue: 5n } }] });
    const t = traceOf([s]);
    t.resourceSpans[0]!.resource.attributes = [];
    const j = traceToJson(t) as { resourceSpans: { resource: unknown; scopeSpans: { spans: Record<string, unknown>[] }[] }[] };
    expect(j.resourceSpans[0]!.resource).toEqual({ attributes: [{ key: 'service.name', value: { stringValue: '' } }] });
    const js = j.resourceSpans[0]!.scopeSpans[0]!.spans[0]!;
    expect(js['traceId']).toBe(Buffer.from(tid).toString('base64'));
    expect(js['kind']).toBe('SPAN_KIND_SERVER');
    expect(js['status']).toEqual({});
    expect(js['parentSpanId']).toBeUndefined();
    expect(js['startTimeUnixNano']).toBe('1700000000000000000');
    expect(js['attributes']).toEqual([
      { key: 'n', value: { doubleValue: 'NaN' } },
      { key: 'i', value: { intValue: '5' } },
    ]);
    expect(traceToJson({ resourceSpans: [] })).toEqual({});
  });
});

describe('ids and validation', () => {
  it('parses path trace ids like Tempo (1–32 hex, left-padded) and trims zeros for search', () => {
    expect(toHex(parseTraceId('abc'))).toBe('00000000000000000000000000000abc');
    expect(toHex(parseTraceId('ABC'))).toBe('00000000000000000000000000000abc');
    expect(() => parseTraceId('')).toThrow(/invalid trace id/);
    expect(() => parseTraceId('g')).toThrow(/not hex/);
    expect(traceIdForSearch(parseTraceId('00ab'))).toBe('ab');
  });

  it('drops invalid spans only and truncates oversized attribute values', () => {
    const good = span(id(16), { attributes: [{ key: 'big', value: { stringValue: 'x'.repeat(100) } }] });
    const shortId = span(new Uint8Array(8));
    const zeroSpan = span(id(16), { spanId: new Uint8Array(8) });
    const r = validateTrace(traceOf([good, shortId, zeroSpan]), { maxAttributeBytes: 10 });
    expect(r.acceptedSpans).toBe(1);
    expect(r.rejectedSpans).toBe(2);
    expect(r.errorMessage).toMatch(/trace id must be 16 bytes/);
    expect(r.truncated).toBe(1);
    expect(r.trace.resourceSpans[0]!.scopeSpans[0]!.spans[0]!.attributes[0]!.value).toEqual({ stringValue: 'x'.repeat(10) });
    expect(decodeTrace(encodeTrace(r.trace))).toEqual(r.trace);
  });
});
