import { BlockpackReader, writeBlockpack, toHex } from '../src/index.js';

const tid = new Uint8Array(16).fill(7);
const input = {
  resourceSpans: [
    {
      resource: { attributes: [{ key: 'service.name', value: { stringValue: 'checkout' } }] },
      scopeSpans: [
        {
          scope: { name: 'lib', version: '1.0' },
          spans: [
            { traceId: tid, spanId: new Uint8Array(8).fill(1), name: 'GET /', kind: 2, startTimeUnixNano: 1700000000000000000n, endTimeUnixNano: 1700000000001000000n,
              attributes: [{ key: 'http.status_code', value: { intValue: 200 } }, { key: 'arr', value: { arrayValue: { values: [{ stringValue: 'a' }] } } }],
              events: [{ name: 'e', timeUnixNano: 5n }] },
            { traceId: tid, spanId: new Uint8Array(8).fill(2), parentSpanId: new Uint8Array(8).fill(1), name: 'db', startTimeUnixNano: 1700000000000100000n, endTimeUnixNano: 1700000000000900000n },
          ],
        },
      ],
    },
  ],
};

test('smoke', async () => {
  const bytes = await writeBlockpack([input]);
  const r = await BlockpackReader.open(bytes);
  expect(r.spanCount).toBe(2);
  const t = await r.findTrace(toHex(tid));
  expect(t).toBeDefined();
  const spans = t!.resourceSpans[0].scopeSpans[0].spans;
  expect(spans.map((s) => s.name).sort()).toEqual(['GET /', 'db']);
  const get = spans.find((s) => s.name === 'GET /')!;
  expect(get.attributes).toEqual(expect.arrayContaining([{ key: 'arr', value: { arrayValue: { values: [{ stringValue: 'a' }] } } }]));
  expect(get.events[0].name).toBe('e');
  expect(await r.findTrace(new Uint8Array(16))).toBeUndefined();
});
