import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { CompressionType, EncodingType } from '@mebo/format';
import type { CodecRegistry } from '@mebo/compress';
import type { TextBlobEncoderOptions } from '../src/index.js';
import { TextBlobEncoder } from '../src/index.js';

/** A manifest string: plain JSON string, or {hex} when the bytes are not valid UTF-8. */
export type ManifestString = string | { hex: string };

export interface ManifestPoint {
  ts: string;
  value: ManifestString;
  tag: ManifestString;
}

export interface ManifestMetric {
  id: string;
  name?: ManifestString;
  points: ManifestPoint[];
}

export interface ManifestOptions {
  startTime: string;
  mode: 'id' | 'name';
  timestampEncoding: 'raw' | 'delta';
  compression: 'none' | 'zstd' | 's2' | 'lz4';
  tags: boolean;
  endianness: 'little' | 'big';
}

export interface TextManifest {
  scenario: string;
  description?: string;
  writer: string;
  options: ManifestOptions;
  metrics: ManifestMetric[];
  byteIdentical: boolean;
  blobSize?: number;
}

export interface RejectManifest {
  scenario: string;
  from: string;
  mutation: string;
  code: string;
  goError: string;
}

export const GOLDEN_DIR = join(__dirname, 'golden');

const lossy = new TextDecoder('utf-8');

/** The JS string a reader returns for a manifest string (invalid UTF-8 decodes with U+FFFD). */
export function str(s: ManifestString | undefined): string {
  if (s === undefined) return '';
  if (typeof s === 'string') return s;
  return lossy.decode(Buffer.from(s.hex, 'hex'));
}

export function isHex(s: ManifestString | undefined): boolean {
  return typeof s === 'object';
}

export function hasHex(m: TextManifest): boolean {
  return m.metrics.some((x) => isHex(x.name) || x.points.some((p) => isHex(p.value) || isHex(p.tag)));
}

export const compressionOf = {
  none: CompressionType.None,
  zstd: CompressionType.Zstd,
  s2: CompressionType.S2,
  lz4: CompressionType.LZ4,
} as const;

export function encoderOptions(o: ManifestOptions, codecs?: CodecRegistry): Partial<TextBlobEncoderOptions> {
  return {
    timestampEncoding: o.timestampEncoding === 'raw' ? EncodingType.Raw : EncodingType.Delta,
    compression: compressionOf[o.compression],
    tags: o.tags,
    bigEndian: o.endianness === 'big',
    codecs,
  };
}

/** Encodes a manifest's points with the TS encoder. */
export function encodeManifest(m: TextManifest, codecs?: CodecRegistry): Uint8Array {
  const e = new TextBlobEncoder(Number(m.options.startTime), encoderOptions(m.options, codecs));
  for (const metric of m.metrics) {
    if (m.options.mode === 'name') e.startMetricName(str(metric.name), metric.points.length);
    else e.startMetricId(BigInt(metric.id), metric.points.length);
    for (const p of metric.points) e.addPoint(Number(p.ts), str(p.value), str(p.tag));
    e.endMetric();
  }
  return e.finish();
}

export function loadManifests(dir = GOLDEN_DIR): { manifest: TextManifest; blob: Uint8Array }[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => ({
      manifest: JSON.parse(readFileSync(join(dir, f), 'utf8')) as TextManifest,
      blob: new Uint8Array(readFileSync(join(dir, f.replace(/\.json$/, '.blob')))),
    }));
}

export function loadRejects(dir = join(GOLDEN_DIR, 'reject')): { manifest: RejectManifest; blob: Uint8Array }[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => ({
      manifest: JSON.parse(readFileSync(join(dir, f), 'utf8')) as RejectManifest,
      blob: new Uint8Array(readFileSync(join(dir, f.replace(/\.json$/, '.blob')))),
    }));
}
