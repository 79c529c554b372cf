import { CompressionType, EncodingType, MeboError, MeboErrorCode } from '@mebo/format';
import { NumericBlobSet, NumericPresets, decodeNumericBlob, encodeNumericBlob, streamNumericSeries } from '../src/index.js';
import { loadTestCodecs, testCodecs } from './codecs.js';
import { code } from './code-of.js';

const H = 3_600_000_000; // one hour in µs
const T0 = 1704067200000000;

// Three hourly blobs handed over out of order; metric 2 is missing from the middle one, tags only in the last.
const hour = (h: number, ids: bigint[], tags = false): Uint8Array =>
  encodeNumericBlob(
    T0 + h * H,
    ids.map((id) => ({
      id,
      timestamps: [0, 1, 2].map((i) => T0 + h * H + i * 1000),
      values: [0, 1, 2].map((i) => h * 10 + i + Number(id) * 100),
      tags: [0, 1, 2].map((i) => (tags ? `h${h}i${i}` : '')),
    })),
    { ...NumericPresets.default, tags, codecs: testCodecs() },
  );
let blobs: Uint8Array[] = [];
let set: NumericBlobSet;
beforeAll(async () => {
  await loadTestCodecs();
  blobs = [hour(2, [1n, 2n], true), hour(0, [1n, 2n]), hour(1, [1n])];
  set = NumericBlobSet.from(blobs, { codecs: testCodecs() });
});

test('empty input', () => {
  expect(code(() => NumericBlobSet.from([]))).toBe(MeboErrorCode.EmptyBlobSet);
});

describe('a set of three blobs', () => {

  test('sorted by start time, global indexes across blobs', () => {
    expect(set.length).toBe(3);
    expect(set.timeRange()).toEqual([T0, T0 + 2 * H]);
    expect(set.blobs().map((b) => b.startTime)).toEqual([T0, T0 + H, T0 + 2 * H]);
    expect(set.metricIds()).toEqual([1n, 2n]);
    expect(set.metricLength(1n)).toBe(9);
    expect(set.metricLength(2n)).toBe(6);
    expect(set.metricLength(3n)).toBe(0);
    expect(set.valueAt(2n, 3)).toBe(220); // first point of the third blob: the second blob lacks metric 2
    expect(set.timestampAt(1n, 4)).toBe(T0 + H + 1000);
    expect(set.tagAt(2n, 4)).toBe('h2i1');
    expect(set.tagAt(2n, 0)).toBe('');
    expect(set.valueAt(1n, 9)).toBeUndefined();
    expect(set.metricDuration(1n)).toBe(2 * H + 2000);
    expect(set.metricDuration(3n)).toBe(0);
  });

  test('forEach, decodeInto, points, materialize', () => {
    const vals: number[] = [];
    const idx: number[] = [];
    expect(set.forEach(2n, (_, v, i) => void (vals.push(v), idx.push(i)))).toBe(true);
    expect(vals).toEqual([200, 201, 202, 220, 221, 222]);
    expect(idx).toEqual([0, 1, 2, 3, 4, 5]);
    let calls = 0;
    set.forEach(1n, () => ++calls < 4);
    expect(calls).toBe(4);
    expect(set.forEach(3n, () => undefined)).toBe(false);
    const ts = new Float64Array(9);
    const tags: string[] = [];
    expect(set.decodeInto(1n, { timestamps: ts, tags })).toBe(9);
    expect(ts[8]).toBe(T0 + 2 * H + 2000);
    expect(tags.slice(5)).toEqual(['', 'h2i0', 'h2i1', 'h2i2']);
    expect(() => set.decodeInto(1n, { values: new Float64Array(8) })).toThrow(MeboError);
    expect([...set.points(2n)].map((p) => p.index)).toEqual([0, 1, 2, 3, 4, 5]);
    const m = set.materialize();
    expect(Array.from(m.values(1n))).toEqual([100, 101, 102, 110, 111, 112, 120, 121, 122]);
    expect(m.tagAt(1n, 8)).toBe('h2i2');
    expect(m.tagAt(1n, 0)).toBe('');
  });
});

describe('from a stream', () => {
  async function* gen(): AsyncGenerator<Uint8Array> {
    for (const b of blobs) yield b;
  }

  test('fromAsync over an async generator and a ReadableStream', async () => {
    const a = await NumericBlobSet.fromAsync(gen(), { codecs: testCodecs() });
    expect(a.metricLength(1n)).toBe(9);
    const rs = new ReadableStream<Uint8Array>({
      start(c) {
        for (const b of blobs) c.enqueue(b);
        c.close();
      },
    });
    const b = await NumericBlobSet.fromAsync(rs, { codecs: testCodecs() });
    expect(b.valueAt(2n, 5)).toBe(222);
  });

  test('fromAsync accepts opened blobs and rejects bad bytes with the decoder code', async () => {
    await expect(NumericBlobSet.fromAsync(gen(), { codecs: testCodecs(), maxMetrics: 1 })).rejects.toMatchObject({ code: MeboErrorCode.LimitExceeded });
    const opened = blobs.map((b) => decodeNumericBlob(b, { codecs: testCodecs() }));
    expect(NumericBlobSet.from(opened).blobAt(0)?.startTime).toBe(T0);
  });

  test('streamNumericSeries yields one blob at a time, skipping blobs without the metric', async () => {
    const chunks: number[][] = [];
    for await (const c of streamNumericSeries(gen(), 2n, { codecs: testCodecs() })) chunks.push(Array.from(c.values));
    expect(chunks).toEqual([[220, 221, 222], [200, 201, 202]]); // arrival order
  });
});

test('a set mixing encodings and engines', () => {
  const a = encodeNumericBlob(T0, [{ id: 9n, timestamps: [T0], values: [1] }], { timestampEncoding: EncodingType.Raw, valueEncoding: EncodingType.ALP, valueCompression: 1, bigEndian: true });
  const b = encodeNumericBlob(T0 + 1, [{ id: 9n, timestamps: [T0 + 1], values: [2] }], { ...NumericPresets.default, layout: 'v2' });
  const set = NumericBlobSet.from([b, a]);
  expect(Array.from(set.materialize().values(9n))).toEqual([1, 2]);
});

test('materialize checks the points of all blobs against the limit before allocating', () => {
  // limit = 8 × maxDecompressedBytes / 16 = 14 points: each blob (≤ 6) fits, the set (15) does not
  const raw = (h: number, ids: bigint[]): Uint8Array =>
    encodeNumericBlob(
      T0 + h * H,
      ids.map((id) => ({ id, timestamps: [0, 1, 2].map((i) => T0 + h * H + i * 1000), values: [0, 1, 2] })),
      { timestampEncoding: EncodingType.Raw, valueEncoding: EncodingType.Raw, timestampCompression: CompressionType.None, valueCompression: CompressionType.None },
    );
  const small = NumericBlobSet.from([raw(2, [1n, 2n]), raw(0, [1n, 2n]), raw(1, [1n])], { maxDecompressedBytes: 28 });
  for (const b of small.blobs()) expect(b.materialize().metricCount).toBeGreaterThan(0);
  expect(code(() => small.materialize())).toBe(MeboErrorCode.LimitExceeded);
  expect(NumericBlobSet.from([raw(0, [1n, 2n]), raw(1, [1n])], { maxDecompressedBytes: 28 }).materialize().values(1n)).toHaveLength(6);
});
