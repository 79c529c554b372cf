import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { CompressionType, EncodingType } from '@mebo/format';
import type { NumericEncoderOptions } from '../src/index.js';

/** The manifest tools/go-interop/numeric.go writes (and reads back in `verify`). */
export interface Manifest {
  scenario: string;
  note?: string;
  options: {
    startTime: string;
    layout: 'v1' | 'v2';
    sharedTimestamps: boolean;
    timestampEncoding: keyof typeof EncodingType;
    valueEncoding: keyof typeof EncodingType;
    timestampCompression: keyof typeof CompressionType;
    valueCompression: keyof typeof CompressionType;
    bigEndian: boolean;
    tags: boolean;
    mode: 'id' | 'name';
  };
  metrics: { id: string; name?: string; timestamps: string[]; values: string[]; tags?: string[] }[];
  expect: { magic: string; size: number; byteIdentical: boolean; sharedGroups: number; hasNames: boolean };
}

export interface RejectManifest {
  scenario: string;
  note: string;
  code: string;
  goError: string;
}

// __dirname under jest (CommonJS); the package folder under tsx (bench/ and fuzz scripts run from there)
export const GOLDEN_DIR = typeof __dirname === 'string' ? join(__dirname, 'golden') : join(process.cwd(), 'test', 'golden');

export function listScenarios(dir = GOLDEN_DIR): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -5))
    .sort();
}

export function loadScenario(name: string, dir = GOLDEN_DIR): { manifest: Manifest; blob: Uint8Array } {
  const manifest = JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8')) as Manifest;
  return { manifest, blob: new Uint8Array(readFileSync(join(dir, `${name}.blob`))) };
}

export function loadReject(name: string): { manifest: RejectManifest; blob: Uint8Array } {
  const dir = join(GOLDEN_DIR, 'reject');
  return {
    manifest: JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8')) as RejectManifest,
    blob: new Uint8Array(readFileSync(join(dir, `${name}.blob`))),
  };
}

export function needsCodecs(m: Manifest): boolean {
  return m.options.timestampCompression !== 'None' || m.options.valueCompression !== 'None' || m.options.tags;
}

/** Float64Array whose elements carry exactly the manifest's bits (NaN payloads included). */
export function valuesOf(hex: readonly string[]): Float64Array {
  const out = new Float64Array(hex.length);
  const u32 = new Uint32Array(out.buffer);
  for (let i = 0; i < hex.length; i++) {
    u32[2 * i + 1] = parseInt(hex[i].slice(0, 8), 16);
    u32[2 * i] = parseInt(hex[i].slice(8), 16);
  }
  return out;
}

export function hexOf(values: Float64Array, n = values.length): string[] {
  const u32 = new Uint32Array(values.buffer, values.byteOffset, values.length * 2);
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(u32[2 * i + 1].toString(16).padStart(8, '0') + u32[2 * i].toString(16).padStart(8, '0'));
  return out;
}

export function bitsOfNumber(v: number): string {
  return hexOf(Float64Array.of(v))[0];
}

export function encoderOptions(m: Manifest): Partial<NumericEncoderOptions> {
  const o = m.options;
  return {
    layout: o.layout,
    sharedTimestamps: o.sharedTimestamps,
    timestampEncoding: EncodingType[o.timestampEncoding],
    valueEncoding: EncodingType[o.valueEncoding],
    timestampCompression: CompressionType[o.timestampCompression],
    valueCompression: CompressionType[o.valueCompression],
    bigEndian: o.bigEndian,
    tags: o.tags,
  };
}

/** The metrics of a manifest as encoder input, in insertion order. */
export function metricsOf(m: Manifest): { key: bigint | string; timestamps: Float64Array; values: Float64Array; tags?: string[] }[] {
  return m.metrics.map((x) => ({
    key: m.options.mode === 'name' ? (x.name as string) : BigInt(x.id),
    timestamps: Float64Array.from(x.timestamps, Number),
    values: valuesOf(x.values),
    tags: m.options.tags ? x.tags : undefined,
  }));
}
