import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as api from '../src/index.js';

describe('package', () => {
  const pkg = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8'));
  test('exports map: ESM with types first, dist only', () => {
    expect(pkg.type).toBe('module');
    expect(Object.keys(pkg.exports['.'])).toEqual(['types', 'import']);
    expect(pkg.files).toContain('dist');
    expect(pkg.sideEffects).toBe(false);
  });
  test('runtime dependencies are pinned exactly and include the codecs used', () => {
    for (const [name, v] of Object.entries(pkg.dependencies as Record<string, string>)) expect({ name, v }).toEqual({ name, v: expect.stringMatching(/^\d+\.\d+\.\d+$/) });
    for (const d of ['@mebo/compress', 'protobufjs', 'snappyjs']) expect(pkg.dependencies).toHaveProperty(d);
  });
  test('the public entry points exist', () => {
    for (const name of ['BlockpackWriter', 'BlockpackReader', 'writeBlockpack', 'writeBlockpackFile', 'openBlockpackFile', 'BlockpackError', 'OtlpTypes', 'normalizeTraces', 'SyntheticTraceGenerator', 'columnValue', 'fileSource', 'memorySource']) {
      expect(api).toHaveProperty(name);
    }
  });
});
