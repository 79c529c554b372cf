import type { CodecRegistry } from '@mebo/compress';
import { CompressionType } from '@mebo/format';
import { decodeTextBlob } from './text-decoder.js';
import type { TextSeries } from './text-encoder.js';
import { encodeTextBlob } from './text-encoder.js';

/** 2024-01-01T00:00:00Z in µs: the start time of the embedded sample. */
export const SAMPLE_START_TIME = 1_704_067_200_000_000;

const STATUSES = ['200 OK', '200 OK', '200 OK', '201 Created', '304 Not Modified', '404 Not Found', '500 Internal Server Error', '503 Service Unavailable'];
const LEVELS = ['INFO', 'INFO', 'INFO', 'DEBUG', 'WARN', 'ERROR'];
const VERSIONS = ['v1.9.0', 'v1.9.0', 'v1.9.1', 'v2.0.0'];

/**
 * An embedded, deterministic sample: HTTP status strings, log levels and deployed versions of three
 * services, one point every 10 s for 5 minutes (9 series × 30 points).
 */
export function sampleTextSeries(): TextSeries[] {
  const out: TextSeries[] = [];
  let x = 12345;
  const next = (n: number): number => {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    return (x >>> 8) % n;
  };
  for (const svc of ['api', 'auth', 'billing']) {
    for (const [metric, pool] of [
      ['http.status', STATUSES],
      ['log.level', LEVELS],
      ['build.version', VERSIONS],
    ] as const) {
      const points = [];
      for (let i = 0; i < 30; i++) points.push({ ts: SAMPLE_START_TIME + i * 10_000_000, value: pool[next(pool.length)], tag: `svc=${svc}` });
      out.push({ name: `${svc}.${metric}`, points });
    }
  }
  return out;
}

export interface TextSampleReport {
  metrics: number;
  points: number;
  /** Blob size with the chosen compression. */
  bytes: number;
  /** Blob size uncompressed. */
  uncompressedBytes: number;
  compression: 'zstd' | 'none';
  /** The decoded blob equals the input, point for point. */
  roundTrip: boolean;
  /** The last status of `api.http.status`, read back by name. */
  lastApiStatus: string | undefined;
}

/**
 * Encodes the embedded sample (name mode, Delta timestamps, tags on), decodes it and checks the
 * round trip: a self-contained demo. Zstd when `codecs` (from `loadDefaultCodecs()`) is given.
 */
export function runTextSample(codecs?: CodecRegistry): TextSampleReport {
  const series = sampleTextSeries();
  const compression = codecs ? CompressionType.Zstd : CompressionType.None;
  const plain = encodeTextBlob(SAMPLE_START_TIME, series, { compression: CompressionType.None, tags: true });
  const bytes = encodeTextBlob(SAMPLE_START_TIME, series, { compression, tags: true, codecs });
  const blob = decodeTextBlob(bytes, { codecs });
  let roundTrip = blob.metricCount === series.length;
  let points = 0;
  for (const s of series) {
    const m = blob.metric(s.name as string);
    points += s.points.length;
    if (!m || m.length !== s.points.length) {
      roundTrip = false;
      continue;
    }
    m.forEach((ts, value, tag, i) => {
      const p = s.points[i];
      if (p.ts !== ts || p.value !== value || p.tag !== tag) roundTrip = false;
    });
  }
  const api = blob.metric('api.http.status');
  return {
    metrics: blob.metricCount,
    points,
    bytes: bytes.length,
    uncompressedBytes: plain.length,
    compression: codecs ? 'zstd' : 'none',
    roundTrip,
    lastApiStatus: api?.valueAt(api.length - 1),
  };
}
