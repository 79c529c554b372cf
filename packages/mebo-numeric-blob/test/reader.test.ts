import { CompressionType, EncodingType, MeboErrorCode } from '@mebo/format';
import { NumericDecoder, NumericPresets, decodeNumericBlob, encodeNumericBlob } from '../src/index.js';
import type { NumericMetricInput } from '../src/index.js';
import { loadTestCodecs, testCodecs } from './codecs.js';
import { code } from './code-of.js';

beforeAll(loadTestCodecs);

const T0 = 1704067200000000;
const metrics: NumericMetricInput[] = [
  { id: 30n, timestamps: [T0, T0 + 10, T0 + 20], values: [1.5, -0, 3], tags: ['a', '', 'ccc'] },
  { id: 10n, timestamps: [T0 + 5], values: [Infinity], tags: ['z'] },
  { id: 20n, timestamps: [T0, T0 + 1, T0 + 2, T0 + 3], values: [4, 4, 4, 5], tags: ['', '', '', ''] },
];

describe.each([
  ['Raw/Raw', { timestampEncoding: EncodingType.Raw, valueEncoding: EncodingType.Raw, valueCompression: CompressionType.None }],
  ['Delta/Gorilla', NumericPresets.default],
  ['DeltaPacked/ALP zstd', { timestampEncoding: EncodingType.DeltaPacked, valueEncoding: EncodingType.ALP, valueCompression: CompressionType.Zstd }],
])('reading a %s blob', (_, o) => {
  const make = (layout: 'v1' | 'v2') => decodeNumericBlob(encodeNumericBlob(T0, metrics, { ...o, layout, tags: true, codecs: testCodecs() }), { codecs: testCodecs() });

  test('metadata; V1 keeps insertion order, V2 sorts', () => {
    const b = make('v1');
    expect(b.metricIds()).toEqual([30n, 10n, 20n]);
    expect(make('v2').metricIds()).toEqual([10n, 20n, 30n]);
    expect(b.metricCount).toBe(3);
    expect(b.startTime).toBe(T0);
    expect(b.hasMetric(10n)).toBe(true);
    expect(b.hasMetric(11n)).toBe(false);
    expect(b.length(20n)).toBe(4);
    expect(b.length(11n)).toBe(0);
    expect(code(() => b.length(5 as unknown as bigint))).toBe(MeboErrorCode.InvalidMetricID);
  });

  test('random access', () => {
    const b = make('v1');
    expect(b.timestampAt(30n, 2)).toBe(T0 + 20);
    expect(Object.is(b.valueAt(30n, 1), -0)).toBe(true);
    expect(b.valueAt(10n, 0)).toBe(Infinity);
    expect(b.tagAt(30n, 2)).toBe('ccc');
    expect(b.tagAt(20n, 3)).toBe('');
    expect(b.timestampAt(30n, 3)).toBeUndefined();
    expect(b.valueAt(30n, -1)).toBeUndefined();
    expect(b.valueAt(30n, 0.5)).toBeUndefined();
    expect(b.tagAt(99n, 0)).toBeUndefined();
    expect(b.valueAt(20n, 3)).toBe(5); // switch metrics: the column cache follows
    expect(b.valueAt(30n, 0)).toBe(1.5);
  });

  test('forEach, decodeInto, points, read', () => {
    const b = make('v2');
    const seen: number[] = [];
    expect(b.forEach(20n, (t, v, i) => void seen.push(t - T0, v, i))).toBe(true);
    expect(seen).toEqual([0, 4, 0, 1, 4, 1, 2, 4, 2, 3, 5, 3]);
    let calls = 0;
    expect(b.forEach(20n, () => ++calls < 2)).toBe(true); // false on the second call stops it
    expect(calls).toBe(2);
    expect(b.forEach(99n, () => undefined)).toBe(false);
    const pairs: number[] = [];
    b.forEach(30n, (_t, v) => void b.forEach(20n, (_t2, w, j) => void (j === 3 && pairs.push(v, w)))); // nested calls keep their own columns
    expect(pairs).toEqual([1.5, 5, -0, 5, 3, 5]);
    const ts = new Float64Array(5);
    const tags: string[] = [];
    expect(b.decodeInto(30n, { timestamps: ts, tags })).toBe(3);
    expect(Array.from(ts.subarray(0, 3))).toEqual([T0, T0 + 10, T0 + 20]);
    expect(tags).toEqual(['a', '', 'ccc']);
    expect(b.decodeInto(99n, { timestamps: ts })).toBe(0);
    expect(code(() => b.decodeInto(20n, { values: new Float64Array(3) }))).toBe(MeboErrorCode.InvalidArgument);
    expect([...b.points(10n)]).toEqual([{ index: 0, timestamp: T0 + 5, value: Infinity, tag: 'z' }]);
    expect([...b.points(99n)]).toEqual([]);
    expect(Array.from(b.read(20n).values)).toEqual([4, 4, 4, 5]);
  });

  test('materialize', () => {
    const m = make('v1').materialize();
    expect(m.metricCount).toBe(3);
    expect(m.metricIds()).toEqual([30n, 10n, 20n]);
    expect(Array.from(m.values(20n))).toEqual([4, 4, 4, 5]);
    expect(Array.from(m.timestamps(30n))).toEqual([T0, T0 + 10, T0 + 20]);
    expect(m.tagAt(30n, 0)).toBe('a');
    expect(m.valueAt(10n, 0)).toBe(Infinity);
    expect(m.valueAt(10n, 1)).toBeUndefined();
    expect(m.length(99n)).toBe(0);
    expect(m.values(99n).length).toBe(0);
  });
});

describe('decoder limits and options', () => {
  const zstdBlob = (): Uint8Array =>
    encodeNumericBlob(
      T0,
      [{ id: 1n, timestamps: Array.from({ length: 1000 }, (_, i) => T0 + i), values: new Float64Array(1000) }],
      { ...NumericPresets.default, valueEncoding: EncodingType.Raw, valueCompression: CompressionType.Zstd, codecs: testCodecs() },
    );

  test('compressed payloads need codecs', () => {
    expect(code(() => decodeNumericBlob(zstdBlob()))).toBe(MeboErrorCode.CodecNotLoaded);
  });

  test('maxDecompressedBytes bounds decompression', () => {
    expect(code(() => decodeNumericBlob(zstdBlob(), { codecs: testCodecs(), maxDecompressedBytes: 4000 }))).toBe(MeboErrorCode.DecompressedSizeExceedsLimit);
    expect(decodeNumericBlob(zstdBlob(), { codecs: testCodecs(), maxDecompressedBytes: 8000 }).length(1n)).toBe(1000);
  });

  test('maxMetrics and maxPointsPerMetric are checked when the blob is opened', () => {
    const blob = encodeNumericBlob(T0, metrics, NumericPresets.default);
    expect(code(() => decodeNumericBlob(blob, { maxMetrics: 2 }))).toBe(MeboErrorCode.LimitExceeded);
    expect(code(() => decodeNumericBlob(blob, { maxPointsPerMetric: 3 }))).toBe(MeboErrorCode.LimitExceeded);
    expect(code(() => new NumericDecoder({ maxMetrics: -1 }))).toBe(MeboErrorCode.InvalidArgument);
  });

  test('a blob inside a larger buffer at an odd offset', () => {
    const blob = encodeNumericBlob(T0, metrics, { timestampEncoding: EncodingType.Raw, valueEncoding: EncodingType.Raw, valueCompression: CompressionType.None });
    const buf = new Uint8Array(blob.length + 7);
    buf.set(blob, 3);
    const b = decodeNumericBlob(buf.subarray(3, 3 + blob.length));
    expect(b.valueAt(20n, 3)).toBe(5);
    expect(b.timestampAt(30n, 1)).toBe(T0 + 10);
  });

  test.each([EncodingType.Raw, EncodingType.Delta, EncodingType.DeltaPacked])('timestamps beyond 2^53 are refused, not rounded (encoding %i)', (te) => {
    const o = { timestampEncoding: te, valueEncoding: EncodingType.Raw, valueCompression: CompressionType.None };
    const blob = encodeNumericBlob(0, [{ id: 1n, timestamps: [2 ** 53 - 1], values: [1] }], o);
    expect(decodeNumericBlob(blob).read(1n).timestamps[0]).toBe(2 ** 53 - 1);
    // Go may have written i64 timestamps past 2^53 (e.g. nanoseconds): patch 2^55 into the column
    const at = new DataView(blob.buffer).getUint32(20, true);
    if (te === EncodingType.Raw) new DataView(blob.buffer).setBigInt64(at, 1n << 55n, true);
    else blob.set([0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x40], at); // uvarint(2^55), as long as uvarint(2^53-1)
    const b = decodeNumericBlob(blob);
    expect(code(() => b.read(1n))).toBe(MeboErrorCode.CorruptData);
    expect(code(() => b.timestampAt(1n, 0))).toBe(MeboErrorCode.CorruptData);
    expect(code(() => b.forEach(1n, () => undefined))).toBe(MeboErrorCode.CorruptData);
  });

  test('not a Uint8Array', () => {
    expect(code(() => decodeNumericBlob([1, 2, 3] as unknown as Uint8Array))).toBe(MeboErrorCode.InvalidArgument);
  });
});
