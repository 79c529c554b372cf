import { CompressionType, EncodingType } from '@mebo/format';
import { TextBlobEncoder, decodeTextBlob } from '../src/index.js';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('spec §7.7 worked examples', () => {
  const start = 1704067200000000;
  it('delta, no compression, no tags: 63 bytes', () => {
    const e = new TextBlobEncoder(start, { compression: CompressionType.None });
    e.startMetricId(7n, 2);
    e.addPoint(start + 5_000_000, 'ok');
    e.addPoint(start + 6_000_000, 'warn');
    e.endMetric();
    const b = e.finish();
    expect(hex(b)).toBe(
      '10eb0201' + '00202110d70d0600' + '01000000' + '20000000' + '30000000' + '0f000000' + '00000000' +
        '0700000000000000' + '0200' + '0000' + '00000000' + '80ade204026f6b' + '80897a047761726e',
    );
    const blob = decodeTextBlob(b);
    const m = blob.metric(7n)!;
    expect(m.values()).toEqual(['ok', 'warn']);
    expect(Array.from(m.timestamps())).toEqual([start + 5e6, start + 6e6]);
  });
  it('raw, one point: 60 bytes', () => {
    const e = new TextBlobEncoder(start, { compression: CompressionType.None, timestampEncoding: EncodingType.Raw });
    e.startMetricId(7n, 1);
    e.addPoint(start + 5_000_000, 'ok');
    e.endMetric();
    const b = e.finish();
    expect(b.length).toBe(60);
    expect(hex(b.subarray(48))).toBe('08406b6d10d70d0600026f6b');
    expect(decodeTextBlob(b).metric(7n)!.at(0)).toEqual({ ts: start + 5e6, value: 'ok', tag: '' });
  });
  it('tags', () => {
    const e = new TextBlobEncoder(start, { compression: CompressionType.None, tags: true });
    e.startMetricId(7n, 2);
    e.addPoint(start + 5_000_000, 'ok', 'a');
    e.addPoint(start + 6_000_000, 'warn', '');
    e.endMetric();
    const b = e.finish();
    expect(hex(b.subarray(48))).toBe('80ade20402016f6b61' + '80897a040077617' + '26e');
    expect(hex(b.subarray(0, 2))).toBe('11eb');
    const m = decodeTextBlob(b).metric(7n)!;
    expect(m.tags()).toEqual(['a', '']);
    expect(m.valueAt(1)).toBe('warn');
    expect(m.tagAt(0)).toBe('a');
  });
  it('name mode hashes names with xxHash64', () => {
    const e = new TextBlobEncoder(0, { compression: CompressionType.None });
    e.startMetricName('abc', 1);
    e.addPoint(1, 'x');
    e.endMetric();
    const blob = decodeTextBlob(e.finish());
    expect(blob.metricIds()).toEqual([0x44bc2cf5ad770999n]);
    expect(blob.metric('abc')!.values()).toEqual(['x']);
  });
});
