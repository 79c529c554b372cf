import { CompressionType, EncodingType, MeboError, metricIdOf } from '@mebo/format';
import { errorCode } from '@mebo-internal/test-kit';
import { TextBlobEncoder, decodeTextBlob, encodeTextBlob } from '../src/index.js';
import type { TextBlobEncoderOptions } from '../src/index.js';

const NONE = { compression: CompressionType.None } as const;

const code = (fn: () => unknown): string => errorCode(MeboError, fn);

function enc(o: Partial<TextBlobEncoderOptions> = {}): TextBlobEncoder {
  return new TextBlobEncoder(1_000_000, { ...NONE, ...o });
}

describe('identifier modes', () => {
  it('rejects mixing ids and names, both ways, and stays usable', () => {
    const a = enc();
    a.startMetricId(1n, 1);
    a.addPoint(1, 'x');
    a.endMetric();
    expect(code(() => a.startMetricName('n', 1))).toBe('MIXED_IDENTIFIER_MODE');
    a.startMetricId(2n, 1);
    a.addPoint(2, 'y');
    a.endMetric();
    expect(decodeTextBlob(a.finish()).metricIds()).toEqual([1n, 2n]);

    const b = enc();
    b.startMetricName('n', 1);
    b.addPoint(1, 'x');
    b.endMetric();
    expect(code(() => b.startMetricId(5n, 1))).toBe('MIXED_IDENTIFIER_MODE');
  });

  it('a failed first start does not lock the mode', () => {
    const e = enc();
    expect(code(() => e.startMetricId(0n, 1))).toBe('INVALID_METRIC_ID');
    e.startMetricName('ok', 1);
    e.addPoint(0, 'v');
    e.endMetric();
    expect(decodeTextBlob(e.finish()).hasNames).toBe(true);
  });

  it('validates ids, names and counts', () => {
    const e = enc();
    expect(code(() => e.startMetricId(0n, 1))).toBe('INVALID_METRIC_ID');
    expect(code(() => e.startMetricId(2n ** 64n, 1))).toBe('INVALID_METRIC_ID');
    expect(code(() => e.startMetricId(1n, 0))).toBe('INVALID_NUM_OF_DATA_POINTS');
    expect(code(() => e.startMetricId(1n, 65536))).toBe('INVALID_NUM_OF_DATA_POINTS');
    expect(code(() => e.startMetricId(1n, 1.5))).toBe('INVALID_NUM_OF_DATA_POINTS');
    e.startMetricId(1n, 1);
    expect(code(() => e.startMetricId(2n, 1))).toBe('METRIC_ALREADY_STARTED');
    e.addPoint(0, '');
    e.endMetric();
    expect(code(() => e.startMetricId(1n, 1))).toBe('HASH_COLLISION');
    const n = enc();
    expect(code(() => n.startMetricName('', 1))).toBe('INVALID_METRIC_NAME');
    n.startMetricName('a', 1);
    n.addPoint(0, '');
    n.endMetric();
    expect(code(() => n.startMetricName('a', 1))).toBe('METRIC_ALREADY_STARTED');
  });

  it('name mode always writes the names payload, ID mode never', () => {
    const named = encodeTextBlob(0, [{ name: 'cpu.state', points: [{ ts: 1, value: 'idle' }] }], NONE);
    expect(named[0] & 0x04).toBe(0x04);
    const blob = decodeTextBlob(named);
    expect(blob.metricNames()).toEqual(['cpu.state']);
    expect(blob.metricIds()).toEqual([metricIdOf('cpu.state')]);
    const byId = encodeTextBlob(0, [{ id: 9n, points: [{ ts: 1, value: 'idle' }] }], NONE);
    expect(byId[0] & 0x04).toBe(0);
    expect(decodeTextBlob(byId).metricNames()).toEqual([]);
    // Name lookups on an ID-mode blob hash the name (Go's fallback).
    const hashed = encodeTextBlob(0, [{ id: metricIdOf('mem'), points: [{ ts: 1, value: 'ok' }] }], NONE);
    expect(decodeTextBlob(hashed).metric('mem')?.values()).toEqual(['ok']);
  });
});

it('keeps a leading U+FEFF in names (lookups stay exact)', () => {
  const blob = decodeTextBlob(encodeTextBlob(0, [{ name: '\uFEFFx', points: [{ ts: 1, value: 'v' }] }, { name: 'x', points: [{ ts: 1, value: 'w' }] }], NONE));
  expect(blob.metricNames()).toEqual(['\uFEFFx', 'x']);
  expect(blob.metric('\uFEFFx')?.values()).toEqual(['v']);
  expect(blob.metric('x')?.values()).toEqual(['w']);
});

describe('collisions (forced with a test hash)', () => {
  const clash = (b: Uint8Array): bigint => (b.length > 0 ? 42n : 1n);
  it('two names with one id stay apart through the names payload', () => {
    const e = enc({ nameHash: clash });
    for (const [name, v] of [
      ['alpha', 'A'],
      ['beta', 'B'],
      ['gamma', 'C'],
    ]) {
      e.startMetricName(name, 2);
      e.addPoint(1, v + '1');
      e.addPoint(2, v + '2');
      e.endMetric();
    }
    expect(e.collisionCount).toBe(2);
    const bytes = e.finish();
    // The default hash rejects this blob: its names do not hash to the stored ids.
    expect(code(() => decodeTextBlob(bytes))).toBe('HASH_MISMATCH');
    const blob = decodeTextBlob(bytes, { nameHash: clash });
    expect(blob.metricIds()).toEqual([42n, 42n, 42n]);
    expect(blob.metric('alpha')?.values()).toEqual(['A1', 'A2']);
    expect(blob.metric('beta')?.values()).toEqual(['B1', 'B2']);
    expect(blob.metric('gamma')?.valueAt(1)).toBe('C2');
    // An id lookup of a colliding id is ambiguous: the last entry wins, as in Go's map.
    expect(blob.metric(42n)?.name).toBe('gamma');
    expect(blob.materialize().metric('beta')?.values).toEqual(['B1', 'B2']);
  });
});

describe('points', () => {
  it('enforces declared counts', () => {
    const e = enc();
    expect(code(() => e.addPoint(1, 'x'))).toBe('NO_METRIC_STARTED');
    expect(code(() => e.endMetric())).toBe('NO_METRIC_STARTED');
    e.startMetricId(1n, 2);
    expect(code(() => e.endMetric())).toBe('NO_DATA_POINTS_ADDED');
    e.addPoint(1, 'x');
    expect(code(() => e.endMetric())).toBe('DATA_POINT_COUNT_MISMATCH');
    expect(code(() => e.finish())).toBe('METRIC_NOT_ENDED');
    e.addPoint(2, 'y');
    expect(code(() => e.addPoint(3, 'z'))).toBe('TOO_MANY_DATA_POINTS');
    e.endMetric();
    expect(decodeTextBlob(e.finish()).metric(1n)?.values()).toEqual(['x', 'y']);
    expect(code(() => e.finish())).toBe('INVALID_ARGUMENT');
    expect(code(() => enc().finish())).toBe('NO_METRICS_ADDED');
  });

  it.each([
    ['delta', EncodingType.Delta],
    ['raw', EncodingType.Raw],
  ] as const)('255-byte limit on values and tags, checked before writing (%s)', (_n, ts) => {
    const ok255 = 'x'.repeat(255);
    const mb255 = 'é'.repeat(127) + 'z';
    const bad = ['x'.repeat(256), 'é'.repeat(128), '😀'.repeat(64), '\ud800'.repeat(86)];
    const build = (withRejects: boolean) => {
      const e = enc({ tags: true, timestampEncoding: ts });
      e.startMetricId(7n, 3);
      e.addPoint(5, ok255, mb255);
      if (withRejects) {
        for (const b of bad) {
          expect(code(() => e.addPoint(6, b, ''))).toBe('INVALID_ARGUMENT');
          expect(code(() => e.addPoint(6, '', b))).toBe('INVALID_ARGUMENT');
        }
        expect(code(() => e.addPoint(Number.MAX_SAFE_INTEGER + 2, 'v'))).toBe('INVALID_ARGUMENT');
        expect(code(() => e.addPoint(6, 5 as unknown as string))).toBe('INVALID_ARGUMENT');
      }
      e.addPoint(6, mb255, ok255);
      e.addPoint(7, '', '');
      e.endMetric();
      return e.finish();
    };
    const clean = build(false);
    expect(Buffer.from(build(true)).equals(Buffer.from(clean))).toBe(true);
    const m = decodeTextBlob(clean).metric(7n)!;
    expect(m.values()).toEqual([ok255, mb255, '']);
    expect(m.tags()).toEqual([mb255, ok255, '']);
  });

  it('ignores tags when tags are off (any length)', () => {
    const e = enc();
    e.startMetricId(1n, 1);
    e.addPoint(1, 'v', 'x'.repeat(1000));
    e.endMetric();
    const m = decodeTextBlob(e.finish()).metric(1n)!;
    expect(m.tags()).toEqual(['']);
    expect(m.tagAt(0)).toBe('');
    expect(m.tagAt(1)).toBeUndefined();
  });

  it.each([EncodingType.Delta, EncodingType.Raw])('timestamps across the whole safe range (encoding %s), both endiannesses', (tsEnc) => {
    const ts = [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, 0, -1, 2 ** 52 + 1, -(2 ** 40), 1];
    for (const bigEndian of [false, true]) {
      for (const start of [0, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER]) {
        const b = encodeTextBlob(start, [{ id: 3n, points: ts.map((t) => ({ ts: t, value: String(t) })) }], {
          ...NONE,
          timestampEncoding: tsEnc,
          bigEndian,
        });
        const m = decodeTextBlob(b).metric(3n)!;
        expect(Array.from(m.timestamps())).toEqual(ts);
        expect(m.timestampAt(1)).toBe(Number.MAX_SAFE_INTEGER);
      }
    }
  });

  it('rejects unsafe start times', () => {
    expect(code(() => new TextBlobEncoder(2 ** 53, NONE))).toBe('INVALID_ARGUMENT');
    expect(code(() => new TextBlobEncoder(0, { timestampEncoding: EncodingType.Gorilla as never }))).toBe('UNSUPPORTED_ENCODING');
  });
});

describe('compression', () => {
  it('zstd (the default) needs a loaded registry; S2 and LZ4 work without one', () => {
    expect(code(() => new TextBlobEncoder(0))).toBe('CODEC_NOT_LOADED');
    for (const c of [CompressionType.S2, CompressionType.LZ4]) {
      const b = encodeTextBlob(0, [{ id: 1n, points: [{ ts: 1, value: 'INFO' }, { ts: 2, value: 'INFO' }] }], { compression: c });
      expect(decodeTextBlob(b).metric(1n)?.values()).toEqual(['INFO', 'INFO']);
    }
    expect(code(() => new TextBlobEncoder(0, { compression: 9 as CompressionType }))).toBe('UNSUPPORTED_COMPRESSION');
  });
});
