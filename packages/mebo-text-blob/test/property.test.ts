import fc from 'fast-check';
import type { CodecRegistry } from '@mebo/compress';
import { CompressionType, EncodingType } from '@mebo/format';
import { TextBlobSet, decodeTextBlob, encodeTextBlob } from '../src/index.js';
import type { TextSeries } from '../src/index.js';
import { testCodecs } from './codecs.js';

let codecs: CodecRegistry;
beforeAll(async () => {
  codecs = await testCodecs();
});

const utf8 = new TextEncoder();
const text = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 60 }),
  fc.string({ unit: 'binary', maxLength: 60 }), // includes lone surrogates: they round-trip as U+FFFD
  fc.constantFrom('INFO', 'WARN', 'ERROR', '200 OK', '404 Not Found', ''),
  fc.string({ unit: 'grapheme-ascii', minLength: 250, maxLength: 255 }),
);
const fits = (s: string) => utf8.encode(s).length <= 255;
const wellFormed = (s: string) => new TextDecoder().decode(utf8.encode(s));

const pointsArb = fc.array(
  fc.record({
    delta: fc.oneof(fc.integer({ min: -1_000_000, max: 60_000_000 }), fc.integer({ min: -(2 ** 40), max: 2 ** 40 })),
    value: text.filter(fits),
    tag: text.filter(fits),
  }),
  { minLength: 1, maxLength: 40 },
);

const caseArb = fc.record({
  start: fc.integer({ min: -(2 ** 45), max: 2 ** 50 }),
  ts: fc.constantFrom(EncodingType.Raw, EncodingType.Delta),
  compression: fc.constantFrom(CompressionType.None, CompressionType.Zstd, CompressionType.S2, CompressionType.LZ4),
  tags: fc.boolean(),
  bigEndian: fc.boolean(),
  byName: fc.boolean(),
  metrics: fc.array(pointsArb, { minLength: 1, maxLength: 8 }),
});

describe('round trips (seeded fast-check)', () => {
  it('decode(encode(x)) == x for every option combination', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const series: TextSeries[] = c.metrics.map((pts, m) => {
          let ts = c.start;
          return {
            ...(c.byName ? { name: `metric.${m}.名` } : { id: BigInt.asUintN(64, BigInt(m + 1) * 0x9e3779b97f4a7c15n) }),
            points: pts.map((p) => ({ ts: (ts += p.delta), value: p.value, tag: p.tag })),
          };
        });
        const bytes = encodeTextBlob(c.start, series, { timestampEncoding: c.ts, compression: c.compression, tags: c.tags, bigEndian: c.bigEndian, codecs });
        const blob = decodeTextBlob(bytes, { codecs, offsetCache: c.metrics.length % 2 === 0 });
        expect(blob.metricCount).toBe(series.length);
        for (const s of series) {
          const m = blob.metric(s.name ?? (s.id as bigint))!;
          const want = Array.from(s.points, (p) => ({ ts: p.ts, value: wellFormed(p.value), tag: c.tags ? wellFormed(p.tag ?? '') : '' }));
          expect([...m.points()]).toEqual(want);
          const k = want.length >> 1;
          expect(m.at(k)).toEqual(want[k]);
        }
        // A set of the blob with itself shifted later reads as one series twice as long.
        const later = encodeTextBlob(c.start + 1, series, { compression: CompressionType.None, tags: c.tags });
        const set = TextBlobSet.from([later, bytes], { codecs });
        const first = series[0];
        expect(set.metric(first.name ?? (first.id as bigint))!.length).toBe(first.points.length * 2);
      }),
      { seed: 4242, numRuns: 150 },
    );
  });
});
