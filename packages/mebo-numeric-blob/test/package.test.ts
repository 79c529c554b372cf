import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as api from '../src/index.js';

const pkg = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as {
  type: string;
  sideEffects: boolean;
  exports: Record<string, unknown>;
  dependencies: Record<string, string>;
  scripts: Record<string, string>;
};

test('ESM with a types-first exports map', () => {
  expect(pkg.type).toBe('module');
  expect(pkg.sideEffects).toBe(false);
  expect(Object.keys(pkg.exports['.'] as object)).toEqual(['types', 'import']);
});

test('depends at run time on @mebo/format and @mebo/compress only, pinned exactly', () => {
  expect(Object.keys(pkg.dependencies).sort()).toEqual(['@mebo/compress', '@mebo/format']);
  for (const v of Object.values(pkg.dependencies)) expect(v).toMatch(/^\d+\.\d+\.\d+$/);
  expect(pkg.scripts.bench).toBe('tsx bench/index.ts');
  expect(pkg.scripts.fuzz).toBe('tsx bench/fuzz.ts');
});

test('exports the public API', () => {
  for (const name of [
    'NumericEncoder',
    'encodeNumericBlob',
    'NumericPresets',
    'maxDataPoints',
    'NumericDecoder',
    'decodeNumericBlob',
    'NumericBlob',
    'MaterializedNumericBlob',
    'NumericBlobSet',
    'streamNumericSeries',
    'timestampCodec',
    'valueCodec',
  ]) {
    expect(api).toHaveProperty(name);
  }
});
