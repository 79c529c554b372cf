import { Readable } from 'node:stream';
import { CompressionType, EncodingType, MeboError } from '@mebo/format';
import { errorCode } from '@mebo-internal/test-kit';
import type { CodecRegistry } from '@mebo/compress';
import { TextBlobSet, decodeTextBlob, encodeTextBlob, runTextSample, sampleTextSeries, SAMPLE_START_TIME } from '../src/index.js';
import { testCodecs } from './codecs.js';

const NONE = { compression: CompressionType.None } as const;
let codecs: CodecRegistry;
beforeAll(async () => {
  codecs = await testCodecs();
});

const code = (fn: () => unknown): string => errorCode(MeboError, fn);

const series = (n: number, base = 0, step = 1000) =>
  Array.from({ length: n }, (_, i) => ({ ts: base + i * step, value: `v${i}`, tag: i % 2 ? 'odd' : '' }));

describe('TextMetric readers', () => {
  const bytes = encodeTextBlob(0, [
    { id: 1n, points: series(50) },
    { id: 2n, points: series(3, 7) },
  ], { ...NONE, tags: true });

  it('forEach stops early and reports visited points', () => {
    const m = decodeTextBlob(bytes).metric(1n)!;
    const seen: number[] = [];
    expect(m.forEach((_ts, _v, _t, i) => (seen.push(i), i < 4))).toBe(5);
    expect(seen).toEqual([0, 1, 2, 3, 4]);
  });

  it('decodeInto skips columns not asked for', () => {
    const m = decodeTextBlob(bytes).metric(1n)!;
    const ts = new Float64Array(50);
    expect(m.decodeInto({ timestamps: ts })).toBe(50);
    expect(ts[49]).toBe(49_000);
    const tags: string[] = [];
    m.decodeInto({ tags });
    expect(tags.slice(0, 3)).toEqual(['', 'odd', '']);
    expect(code(() => m.decodeInto({ timestamps: new Float64Array(3) }))).toBe('INVALID_ARGUMENT');
  });

  it('random access agrees with and without the offset cache', () => {
    const plain = decodeTextBlob(bytes).metric(1n)!;
    const cached = decodeTextBlob(bytes, { offsetCache: true }).metric(1n)!;
    for (const i of [0, 1, 17, 49, 50, -1, 2.5]) {
      expect(cached.valueAt(i)).toBe(plain.valueAt(i));
      expect(cached.timestampAt(i)).toBe(plain.timestampAt(i));
      expect(cached.tagAt(i)).toBe(plain.tagAt(i));
      expect(cached.at(i)).toEqual(plain.at(i));
    }
    expect(plain.valueAt(17)).toBe('v17');
  });

  it('unknown metrics', () => {
    const blob = decodeTextBlob(bytes);
    expect(blob.metric(3n)).toBeUndefined();
    expect(blob.metric('nope')).toBeUndefined();
    expect(blob.len(3n)).toBe(0);
    expect(blob.has(2n)).toBe(true);
    expect(code(() => blob.metricAt(2))).toBe('INVALID_ARGUMENT');
    expect(blob.metrics().map((m) => m.length)).toEqual([50, 3]);
  });

  it('materializes', () => {
    const mat = decodeTextBlob(bytes).materialize();
    expect(mat.metricCount).toBe(2);
    expect(mat.metric(2n)?.values).toEqual(['v0', 'v1', 'v2']);
    expect(mat.valueAt(1n, 49)).toBe('v49');
    expect(mat.timestampAt(2n, 2)).toBe(2007);
    expect(mat.tagAt(1n, 1)).toBe('odd');
    expect(decodeTextBlob(bytes).metric(2n)?.materialize().tags).toEqual(['', 'odd', '']);
  });
});

describe('decoder limits and rejections', () => {
  const ok = encodeTextBlob(0, [{ id: 1n, points: series(200) }], NONE);

  it('caps the data section and the metric count', () => {
    expect(code(() => decodeTextBlob(ok, { maxDecompressedBytes: 100 }))).toBe('DECOMPRESSED_SIZE_EXCEEDS_LIMIT');
    const two = encodeTextBlob(0, [{ id: 1n, points: series(1) }, { id: 2n, points: series(1) }], NONE);
    expect(code(() => decodeTextBlob(two, { maxMetrics: 1 }))).toBe('LIMIT_EXCEEDED');
  });

  it('needs zstd codecs for zstd blobs', () => {
    const z = encodeTextBlob(0, [{ id: 1n, points: series(20) }], { codecs });
    expect(code(() => decodeTextBlob(z))).toBe('CODEC_NOT_LOADED');
    expect(decodeTextBlob(z, { codecs }).metric(1n)?.length).toBe(20);
  });

  it('rejects DeltaPacked timestamps (Go accepts the header, then cannot read it)', () => {
    const b = ok.slice();
    b[2] = EncodingType.DeltaPacked;
    expect(code(() => decodeTextBlob(b))).toBe('UNSUPPORTED_ENCODING');
  });

  it('rejects non-bytes', () => {
    expect(code(() => decodeTextBlob('x' as unknown as Uint8Array))).toBe('INVALID_ARGUMENT');
  });

  it('throws on corrupt rows instead of ending iteration silently', () => {
    // Index offset of metric 2 moved back into metric 1's last row: metric 1's rows now overrun.
    const b = encodeTextBlob(0, [{ id: 1n, points: series(3) }, { id: 2n, points: series(3) }], NONE);
    const view = new DataView(b.buffer);
    const second = 48 + 12;
    view.setUint32(second, view.getUint32(second, true) - 2, true);
    const blob = decodeTextBlob(b);
    expect(code(() => blob.metric(1n)!.values())).toBe('CORRUPT_DATA');
    // Raw timestamps: a length prefix other than 8.
    const raw = encodeTextBlob(0, [{ id: 1n, points: series(2) }], { ...NONE, timestampEncoding: EncodingType.Raw });
    raw[48] = 7;
    expect(code(() => decodeTextBlob(raw).metric(1n)!.timestamps())).toBe('INVALID_TIMESTAMP_DATA');
    // A varint running past the metric's data.
    const d = encodeTextBlob(0, [{ id: 1n, points: [{ ts: 1 << 30, value: '' }] }], NONE);
    const cut = d.slice(0, d.length - 2);
    new DataView(cut.buffer).setUint32(24, new DataView(cut.buffer).getUint32(24, true) - 2, true);
    expect(code(() => decodeTextBlob(cut).metric(1n)!.timestamps())).toBe('CORRUPT_DATA');
  });
});

describe('TextBlobSet', () => {
  const blobAt = (start: number, ids: bigint[], n: number, tags = false) =>
    encodeTextBlob(start, ids.map((id) => ({ id, points: series(n, start, 10) })), { ...NONE, tags });

  it('orders blobs by start time and numbers points continuously, skipping blobs without the metric', () => {
    const set = TextBlobSet.from([blobAt(2000, [1n], 5), blobAt(0, [1n, 2n], 10, true), blobAt(1000, [2n], 4)]);
    expect(set.length).toBe(3);
    expect(set.timeRange()).toEqual({ start: 0, end: 2000 });
    const m1 = set.metric(1n)!;
    expect(m1.length).toBe(15);
    expect(set.len(1n)).toBe(15);
    expect(m1.valueAt(10)).toBe('v0');
    expect(m1.timestampAt(10)).toBe(2000);
    expect(m1.tagAt(1)).toBe('odd');
    expect(m1.tagAt(11)).toBe('');
    expect(m1.valueAt(15)).toBeUndefined();
    expect(m1.duration()).toBe(2040);
    const idx: number[] = [];
    m1.forEach((_ts, _v, _t, i) => void idx.push(i));
    expect(idx).toEqual(Array.from({ length: 15 }, (_, i) => i));
    expect(m1.forEach((_ts, _v, _t, i) => i < 11)).toBe(12);
    expect([...m1.points()].length).toBe(15);
    expect(Array.from(m1.timestamps()).slice(9, 11)).toEqual([90, 2000]);
    expect(m1.values()[14]).toBe('v4');
    expect(m1.tags().length).toBe(15);
    const m2 = set.metric(2n)!;
    expect(m2.parts.length).toBe(2);
    expect(m2.valueAt(12)).toBe('v2');
    expect(set.metric(9n)).toBeUndefined();
    const mat = set.materialize();
    expect(mat.metric(1n)?.values.length).toBe(15);
    expect(mat.metric(2n)?.timestamps[10]).toBe(1000);
    expect(m1.materialize().tags.length).toBe(15);
  });

  it('is built from an AsyncIterable (a Node stream) and rejects an empty source', async () => {
    const chunks = [blobAt(500, [1n], 2), blobAt(100, [1n], 3)];
    const set = await TextBlobSet.fromAsync(Readable.from(chunks, { objectMode: true }));
    expect(set.metric(1n)?.timestamps()[0]).toBe(100);
    await expect(TextBlobSet.fromAsync([])).rejects.toMatchObject({ code: 'EMPTY_BLOB_SET' });
    expect(code(() => TextBlobSet.from([]))).toBe('EMPTY_BLOB_SET');
  });

  it('resolves names across blobs with names payloads', () => {
    const a = encodeTextBlob(0, [{ name: 'svc.state', points: series(2) }], NONE);
    const b = encodeTextBlob(100, [{ name: 'svc.state', points: series(3, 100) }, { name: 'other', points: series(1) }], NONE);
    const set = TextBlobSet.from([b, a]);
    expect(set.metric('svc.state')?.values()).toEqual(['v0', 'v1', 'v0', 'v1', 'v2']);
    expect(set.materialize().metric('other')?.values).toEqual(['v0']);
  });
});

describe('embedded sample (demo)', () => {
  it('round-trips with and without zstd', () => {
    const plain = runTextSample();
    expect(plain).toMatchObject({ metrics: 9, points: 270, roundTrip: true, compression: 'none' });
    const z = runTextSample(codecs);
    expect(z.roundTrip).toBe(true);
    expect(z.bytes).toBeLessThan(z.uncompressedBytes);
    expect(sampleTextSeries()[0].points[0].ts).toBe(SAMPLE_START_TIME);
  });
});
