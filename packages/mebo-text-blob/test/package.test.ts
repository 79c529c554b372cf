import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as api from '../src/index.js';

const pkg = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as {
  name: string;
  type: string;
  sideEffects: boolean;
  exports: Record<string, { types?: string; import?: string } | string>;
  dependencies: Record<string, string>;
  files: string[];
  scripts: Record<string, string>;
};

describe('package shape', () => {
  it('is an ESM package with types first in its exports map', () => {
    expect(pkg.name).toBe('@mebo/text-blob');
    expect(pkg.type).toBe('module');
    expect(pkg.sideEffects).toBe(false);
    const root = pkg.exports['.'] as { types: string; import: string };
    expect(Object.keys(root)[0]).toBe('types');
    expect(root.import).toBe('./dist/index.js');
    expect(pkg.files).toContain('dist');
    expect(pkg.scripts.bench).toBe('tsx bench/index.ts');
  });

  it('depends only on @mebo/format and @mebo/compress at runtime', () => {
    expect(Object.keys(pkg.dependencies).sort()).toEqual(['@mebo/compress', '@mebo/format']);
  });

  it('exports the public API by name', () => {
    for (const name of ['TextBlobEncoder', 'encodeTextBlob', 'decodeTextBlob', 'TextBlob', 'TextMetric', 'TextBlobSet', 'TextSetMetric', 'MaterializedTextBlob', 'runTextSample', 'sampleTextSeries']) {
      expect(api).toHaveProperty(name);
    }
    expect(api).not.toHaveProperty('default');
  });
});
