import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as api from '../src/index.js';

describe('package shape', () => {
  const pkg = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8'));

  it('has an ESM exports map with types first, the CLI bin, and only the runtime dependencies it needs', () => {
    expect(pkg.type).toBe('module');
    expect(Object.keys(pkg.exports['.'])).toEqual(['types', 'import']);
    expect(pkg.bin).toEqual({ 'blockpack-tempo': './dist/cli.js' });
    expect(Object.keys(pkg.dependencies).sort()).toEqual(['@blockpack/core', 'protobufjs']);
    for (const v of Object.values<string>(pkg.dependencies)) expect(v).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('exports the server, store, conversions and demo', () => {
    for (const name of ['startServer', 'TempoStore', 'decodeTrace', 'encodeTrace', 'parseOtlpJson', 'traceToJson', 'runTempoDemo', 'runCli', 'inspectPath', 'LocalStorage', 'TempoError']) {
      expect(typeof (api as Record<string, unknown>)[name]).toBe('function');
    }
  });

  it('starts the CLI with a shebang', () => {
    expect(readFileSync(join(__dirname, '..', 'src', 'cli.ts'), 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
  });
});
