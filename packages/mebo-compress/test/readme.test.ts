import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as api from '../src/index.js';

// The README's first js block is what users copy; the root pack check runs it against the packed
// package. Here: it imports only what exists, and its steps hold on the sources.
const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
const block = /```js\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';

describe('README example', () => {
  it('imports existing names from @mebo/compress only (plus node:assert)', () => {
    const imports = [...block.matchAll(/import\s+(?:\{([^}]*)\}|\w+)\s+from\s+'([^']+)'/g)];
    expect(imports.map((m) => m[2]).sort()).toEqual(['@mebo/compress', 'node:assert/strict']);
    for (const m of imports.filter((x) => x[2] === '@mebo/compress')) {
      for (const name of m[1].split(',').map((x) => x.trim()).filter(Boolean)) expect(api).toHaveProperty(name);
    }
  });

  it('round-trips its buffer through every default codec', async () => {
    const registry = await api.loadDefaultCodecs();
    const input = new TextEncoder().encode('cpu.usage host=a 42.5\n'.repeat(500));
    for (const type of registry.types()) {
      const codec = registry.get(type);
      expect(Buffer.from(codec.decompress(codec.compress(input), input.length)).equals(Buffer.from(input))).toBe(true);
    }
  });
});
