import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as api from '../src/index.js';

describe('package shape', () => {
  const pkg = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8'));
  it('is ESM with types first in the exports map, no side effects and no runtime dependencies', () => {
    expect(pkg.type).toBe('module');
    expect(Object.keys(pkg.exports['.'])[0]).toBe('types');
    expect(pkg.sideEffects).toBe(false);
    expect(pkg.dependencies ?? {}).toEqual({});
    expect(pkg.files).toContain('dist');
  });
  it('exports the section API other packages build on', () => {
    for (const name of [
      'MeboError',
      'ByteReader',
      'ByteWriter',
      'BitReader',
      'BitWriter',
      'metricIdOf',
      'metricIdInto',
      'encodeNumericHeader',
      'decodeNumericHeader',
      'decodeNumericIndex',
      'encodeNumericIndex',
      'decodeMetricNames',
      'verifyMetricNames',
      'decodeSharedTimestampTable',
      'applySharedTimestampTable',
      'findSharedTimestampGroups',
      'decodeTextHeader',
      'decodeTextIndex',
    ]) {
      expect([name, typeof (api as Record<string, unknown>)[name]]).toEqual([name, 'function']);
    }
  });
});
