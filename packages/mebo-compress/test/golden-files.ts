import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The Go-written vectors in test/golden (see tools/go-interop/compress.go). */
export const GOLDEN_DIR = join(__dirname, 'golden');

export interface GoldenCase {
  codec: string;
  case: string;
  call: string;
  bin: string;
  raw?: string;
  size: number;
  compressedSize: number;
  sha256: string;
}

export function goldenCases(): GoldenCase[] {
  return (JSON.parse(readFileSync(join(GOLDEN_DIR, 'manifest.json'), 'utf8')) as { cases: GoldenCase[] }).cases;
}

export function readGolden(name: string): Uint8Array {
  const b = readFileSync(join(GOLDEN_DIR, name));
  return new Uint8Array(b.buffer, b.byteOffset, b.length);
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The compression id each golden codec name decodes with (Go's extra S2 writers are still S2). */
export const GOLDEN_CODEC_TYPE: Record<string, number> = { none: 1, zstd: 2, s2: 3, s2better: 3, s2best: 3, s2snappy: 3, lz4: 4 };
