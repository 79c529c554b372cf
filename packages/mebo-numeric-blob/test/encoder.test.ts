import { CompressionType, EncodingType, MeboErrorCode, xxHash64 } from '@mebo/format';
import fc from 'fast-check';
import { NumericEncoder, NumericPresets, decodeNumericBlob, encodeNumericBlob, maxDataPoints } from '../src/index.js';
import type { NumericEncoderOptions } from '../src/index.js';
import { loadTestCodecs, testCodecs } from './codecs.js';
import { code } from './code-of.js';

beforeAll(loadTestCodecs);

const T0 = 1704067200000000;
const preset = { ...NumericPresets.default };

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

describe('spec §3.14 worked example', () => {
  const build = (bigEndian: boolean): Uint8Array =>
    encodeNumericBlob(T0, [{ id: 1n, timestamps: [T0, T0 + 1e6, T0 + 2e6], values: [1, 1, 2] }], { ...preset, bigEndian });

  test('little-endian: 72 bytes, xxh64 0x4fc588d1dd0d17d4', () => {
    const b = build(false);
    expect(hex(b)).toBe(
      '10ea3211' + '00202110d70d0600' + '01000000' + '20000000' + '30000000' + '3c000000' + '48000000' +
        '0100000000000000' + '0300000000000000' + '80c08481f1ba8303' + '80897a00' + '3ff0000000000000' + '612bff80',
    );
    expect(xxHash64(b)).toBe(0x4fc588d1dd0d17d4n);
  });

  test('big-endian: xxh64 0xb888ba0a4f6eae6a', () => {
    expect(xxHash64(build(true))).toBe(0xb888ba0a4f6eae6an);
  });
});

describe('options and defaults', () => {
  test("defaults are Go's blob.NewNumericEncoder: Raw/Raw, values Zstd (codecs needed)", () => {
    expect(code(() => new NumericEncoder(T0))).toBe(MeboErrorCode.CodecNotLoaded);
    const b = encodeNumericBlob(T0, [{ id: 7n, timestamps: [T0], values: [1.5] }], { codecs: testCodecs() });
    expect([b[0], b[1], b[2], b[3]]).toEqual([0x10, 0xea, 0x11, 0x21]);
  });

  test('the default preset is Delta + Gorilla, uncompressed', () => {
    const b = encodeNumericBlob(T0, [{ id: 7n, timestamps: [T0], values: [1.5] }], preset);
    expect([b[2], b[3]]).toEqual([0x32, 0x11]);
  });

  test.each([
    [{ timestampEncoding: EncodingType.Gorilla }, MeboErrorCode.UnsupportedEncoding],
    [{ valueEncoding: EncodingType.Delta }, MeboErrorCode.UnsupportedEncoding],
    [{ valueCompression: 9 as CompressionType }, MeboErrorCode.UnsupportedCompression],
    [{ layout: 'v3' as 'v1' }, MeboErrorCode.InvalidArgument],
  ])('rejects %o', (o, c) => {
    expect(code(() => new NumericEncoder(T0, { ...preset, ...o }))).toBe(c);
  });

  test("MaxDataPoints follows Go's formula", () => {
    const m = (ts: EncodingType, val: EncodingType): number => maxDataPoints({ layout: 'v1', sharedTimestamps: false, timestampEncoding: ts, valueEncoding: val });
    expect(m(EncodingType.Raw, EncodingType.Raw)).toBe(8191);
    expect(m(EncodingType.DeltaPacked, EncodingType.Raw)).toBe(8191);
    expect(m(EncodingType.Delta, EncodingType.Gorilla)).toBe(7281);
    expect(m(EncodingType.Raw, EncodingType.ALP)).toBe(7281);
    expect(maxDataPoints({ layout: 'v2', sharedTimestamps: false, timestampEncoding: EncodingType.Raw, valueEncoding: EncodingType.Raw })).toBe(0xffffffff);
  });
});

describe('lifecycle errors leave the encoder usable', () => {
  test('metric and point checks, in Go codes', () => {
    const e = new NumericEncoder(T0, preset);
    expect(code(() => e.endMetric())).toBe(MeboErrorCode.NoMetricStarted);
    expect(code(() => e.addPoint(T0, 1))).toBe(MeboErrorCode.TooManyDataPoints);
    expect(code(() => e.startMetric(0n, 1))).toBe(MeboErrorCode.InvalidMetricID);
    expect(code(() => e.startMetric(-1n, 1))).toBe(MeboErrorCode.InvalidArgument);
    expect(code(() => e.startMetric(1n, 0))).toBe(MeboErrorCode.InvalidNumOfDataPoints);
    expect(code(() => e.startMetric(1n, 7282))).toBe(MeboErrorCode.InvalidNumOfDataPoints);
    e.startMetric(1n, 2);
    expect(code(() => e.startMetric(2n, 1))).toBe(MeboErrorCode.MetricAlreadyStarted);
    expect(code(() => e.endMetric())).toBe(MeboErrorCode.NoDataPointsAdded);
    expect(code(() => e.addPoint(2 ** 53, 1))).toBe(MeboErrorCode.InvalidArgument);
    expect(code(() => e.addPoint(1.5, 1))).toBe(MeboErrorCode.InvalidArgument);
    expect(code(() => e.addPoints([T0, T0 + 1], [1]))).toBe(MeboErrorCode.InvalidArgument);
    expect(code(() => e.addPoints([T0, T0 + 1, T0 + 2], [1, 2, 3]))).toBe(MeboErrorCode.TooManyDataPoints);
    e.addPoint(T0, 1);
    expect(code(() => e.endMetric())).toBe(MeboErrorCode.DataPointCountMismatch);
    expect(code(() => e.finish())).toBe(MeboErrorCode.MetricNotEnded);
    e.addPoint(T0 - 5, 2); // timestamps need not ascend
    expect(code(() => e.addPoint(T0, 3))).toBe(MeboErrorCode.TooManyDataPoints);
    e.endMetric();
    expect(code(() => e.startMetric('cpu', 1))).toBe(MeboErrorCode.MixedIdentifierMode);
    expect(code(() => e.startMetric(1n, 1))).toBe(MeboErrorCode.HashCollision);
    e.startMetric(2n, 1);
    e.addPoint(T0, 4);
    e.endMetric();
    const blob = e.finish();
    expect(code(() => e.finish())).toBe(MeboErrorCode.InvalidArgument);
    expect(code(() => e.startMetric(3n, 1))).toBe(MeboErrorCode.InvalidArgument);
    const b = decodeNumericBlob(blob);
    expect(Array.from(b.read(1n).timestamps)).toEqual([T0, T0 - 5]);
    expect(Array.from(b.read(2n).values)).toEqual([4]);
  });

  test('name mode', () => {
    const e = new NumericEncoder(T0, preset);
    expect(code(() => e.startMetric('', 1))).toBe(MeboErrorCode.InvalidMetricName);
    e.startMetric('cpu', 1);
    e.addPoint(T0, 1);
    e.endMetric();
    expect(code(() => e.startMetric('cpu', 1))).toBe(MeboErrorCode.MetricAlreadyStarted);
    expect(code(() => e.startMetric(5n, 1))).toBe(MeboErrorCode.MixedIdentifierMode);
    const b = decodeNumericBlob(e.finish());
    expect(b.idOf('cpu')).toBe(0x4196f531ce64819bn);
    expect(b.metricNames()).toEqual([]); // no collision, no names payload (as Go)
    expect(b.valueAt(b.idOf('cpu'), 0)).toBe(1);
  });

  test('finish errors', () => {
    const e = new NumericEncoder(T0, preset);
    expect(code(() => e.finish())).toBe(MeboErrorCode.NoMetricsAdded);
    e.startMetric(1n, 1);
    e.addPoint(T0, 1);
    e.endMetric();
    const dst = new Uint8Array(10).fill(7);
    expect(code(() => e.finishInto(dst))).toBe(MeboErrorCode.InvalidArgument);
    expect(dst.every((x) => x === 7)).toBe(true);
    const big = new Uint8Array(200);
    const end = e.finishInto(big, 5);
    const again = encodeNumericBlob(T0, [{ id: 1n, timestamps: [T0], values: [1] }], preset);
    expect(hex(big.subarray(5, end))).toBe(hex(again));
  });

  test('V1: a column over 65535 bytes fails at the next endMetric (as Go)', () => {
    const e = new NumericEncoder(T0, { ...preset, tags: true, codecs: testCodecs() });
    e.startMetric(1n, 1);
    e.addPoint(T0, 1, 'x'.repeat(70000));
    e.endMetric();
    e.startMetric(2n, 1);
    e.addPoint(T0, 1, 'y');
    expect(code(() => e.endMetric())).toBe(MeboErrorCode.OffsetOutOfRange);
  });

  test('the 65537th metric', () => {
    const e = new NumericEncoder(T0, { timestampEncoding: EncodingType.Raw, valueEncoding: EncodingType.Raw, valueCompression: CompressionType.None });
    for (let i = 1; i <= 65536; i++) {
      e.startMetric(BigInt(i), 1);
      e.addPoint(T0, i);
      e.endMetric();
    }
    expect(code(() => e.startMetric(70000n, 1))).toBe(MeboErrorCode.MetricCountExceeded);
    const b = decodeNumericBlob(e.finish());
    expect(b.metricCount).toBe(65536);
    expect(b.valueAt(65536n, 0)).toBe(65536);
  });
});

describe('layouts', () => {
  test('V2 sorts by unsigned id, keeps data with its metric', () => {
    const ids = [0xffffffffffffffffn, 5n, 0x8000000000000000n, 6n];
    const b = decodeNumericBlob(
      encodeNumericBlob(T0, ids.map((id, i) => ({ id, timestamps: [T0 + i], values: [i] })), { ...preset, layout: 'v2' }),
    );
    expect(b.isV2).toBe(true);
    expect(b.metricIds()).toEqual([5n, 6n, 0x8000000000000000n, 0xffffffffffffffffn]);
    ids.forEach((id, i) => expect(b.valueAt(id, 0)).toBe(i));
  });

  test('V2 with more than 65535 points uses 32-byte entries', () => {
    const n = 70000;
    const ts = Float64Array.from({ length: n }, (_, i) => T0 + i * 1000);
    const vals = new Float64Array(n).fill(3);
    const blob = encodeNumericBlob(T0, [{ id: 1n, timestamps: ts, values: vals }, { id: 2n, timestamps: [T0], values: [1] }], { ...preset, layout: 'v2' });
    const b = decodeNumericBlob(blob);
    expect(b.header.magic).toBe(0xea30);
    expect(b.length(1n)).toBe(n);
    expect(b.timestampAt(1n, n - 1)).toBe(T0 + (n - 1) * 1000);
  });

  test("'auto' keeps the smallest value encoding and stays a valid blob", () => {
    const n = 500;
    const ts = Float64Array.from({ length: n }, (_, i) => T0 + i * 15e6);
    const gauge = Float64Array.from({ length: n }, (_, i) => Math.round((50 + 10 * Math.sin(i / 7)) * 100) / 100);
    const auto = encodeNumericBlob(T0, [{ id: 1n, timestamps: ts, values: gauge }], { ...preset, valueEncoding: 'auto' });
    const sizes = [EncodingType.Raw, EncodingType.Gorilla, EncodingType.Chimp, EncodingType.ALP].map(
      (valueEncoding) => encodeNumericBlob(T0, [{ id: 1n, timestamps: ts, values: gauge }], { ...preset, valueEncoding }).length,
    );
    expect(auto.length).toBe(Math.min(...sizes));
    const b = decodeNumericBlob(auto);
    expect(b.header.valueEncoding).toBe(EncodingType.ALP);
    expect(b.read(1n).values).toEqual(gauge);
  });

  test('tags on but all empty: bit 0 cleared, readers still give ""', () => {
    const blob = encodeNumericBlob(T0, [{ id: 1n, timestamps: [T0, T0 + 1], values: [1, 2], tags: ['', ''] }], { ...NumericPresets.tagged });
    expect(blob[0] & 1).toBe(0);
    const b = decodeNumericBlob(blob);
    expect(b.hasTags).toBe(false);
    expect(b.tagAt(1n, 1)).toBe('');
  });
});

describe('round trip (property)', () => {
  const optsArb = fc.record({
    timestampEncoding: fc.constantFrom(EncodingType.Raw, EncodingType.Delta, EncodingType.DeltaPacked),
    valueEncoding: fc.constantFrom(EncodingType.Raw, EncodingType.Gorilla, EncodingType.Chimp, EncodingType.ALP, 'auto' as const),
    timestampCompression: fc.constantFrom(CompressionType.None, CompressionType.Zstd, CompressionType.S2, CompressionType.LZ4),
    valueCompression: fc.constantFrom(CompressionType.None, CompressionType.Zstd, CompressionType.S2, CompressionType.LZ4),
    bigEndian: fc.boolean(),
    tags: fc.boolean(),
    layout: fc.constantFrom('v1' as const, 'v2' as const),
    sharedTimestamps: fc.boolean(),
  });
  const metricArb = fc.integer({ min: 1, max: 40 }).chain((n) =>
    fc.record({
      timestamps: fc.array(fc.integer({ min: -(2 ** 50), max: 2 ** 50 }), { minLength: n, maxLength: n }),
      values: fc.array(fc.double(), { minLength: n, maxLength: n }),
      tags: fc.array(fc.string({ maxLength: 6 }), { minLength: n, maxLength: n }),
    }),
  );

  test('decode(encode(x)) = x for every option combination', () => {
    fc.assert(
      fc.property(optsArb, fc.array(metricArb, { minLength: 1, maxLength: 6 }), fc.boolean(), (o, metrics, byName) => {
        const options: Partial<NumericEncoderOptions> = { ...o, codecs: testCodecs() };
        const input = metrics.map((m, i) => ({ id: byName ? undefined : BigInt(i * 977 + 1), name: byName ? `m${i}` : undefined, ...m }));
        const b = decodeNumericBlob(encodeNumericBlob(T0, input, options), { codecs: testCodecs() });
        expect(b.metricCount).toBe(input.length);
        for (const m of input) {
          const id = m.id ?? b.idOf(m.name as string);
          const got = b.read(id);
          expect(Array.from(got.timestamps)).toEqual(m.timestamps);
          expect(Array.from(got.values)).toEqual(m.values);
          expect(got.tags).toEqual(o.tags ? m.tags : m.tags.map(() => ''));
        }
      }),
      { seed: 20261126, numRuns: 300 },
    );
  });
});
