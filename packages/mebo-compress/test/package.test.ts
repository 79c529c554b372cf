import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as api from '../src/index.js';

// The published shape: ESM exports map with types first, the runtime dependencies we chose, and
// the public names of src/index.ts.
const pkg = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as {
  type: string;
  sideEffects: boolean;
  exports: Record<string, unknown>;
  dependencies: Record<string, string>;
};

describe('package', () => {
  it('is ESM with a types-first exports map', () => {
    expect(pkg.type).toBe('module');
    expect(pkg.sideEffects).toBe(false);
    expect(Object.keys(pkg.exports['.'] as object)).toEqual(['types', 'import']);
  });

  it('depends at run time on @mebo/format, fzstd and zstd-codec only, pinned exactly', () => {
    expect(Object.keys(pkg.dependencies).sort()).toEqual(['@mebo/format', 'fzstd', 'zstd-codec']);
    for (const v of Object.values(pkg.dependencies)) expect(v).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('exports the codec API', () => {
    for (const name of [
      'DEFAULT_MAX_DECOMPRESSED_SIZE',
      'createCodecRegistry',
      'loadDefaultCodecs',
      'noneCodec',
      'ZstdCodec',
      'loadZstdCodec',
      's2Codec',
      'lz4Codec',
      'scanZstdFrames',
    ]) {
      expect(api).toHaveProperty(name);
    }
    expect(api.DEFAULT_MAX_DECOMPRESSED_SIZE).toBe(128 * 1024 * 1024);
  });
});
