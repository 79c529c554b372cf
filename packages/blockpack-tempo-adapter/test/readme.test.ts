import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runReadmeExample } from '@mebo-internal/test-kit';
import * as pkg from '../src/index.js';

/**
 * Runs the README's first ```js block against the sources: the package import becomes the src
 * module, node:fs/os/path are Node's, and console.log output is compared with the `// → …` comment.
 */
describe('README example', () => {
  it('runs and prints what its comment says', async () => {
    const { code, printed, expected } = await runReadmeExample(path.join(__dirname, '..', 'README.md'), (spec) => {
      if (spec === '@blockpack/tempo-adapter') return pkg;
      const node: Record<string, unknown> = { 'node:fs': fs, 'node:os': os, 'node:path': path };
      if (Object.hasOwn(node, spec)) return node[spec];
      throw new Error(`README imports ${spec}`);
    });
    expect(code).toContain("from '@blockpack/tempo-adapter'");
    expect(expected.length).toBe(1);
    expect(printed).toEqual(expected);
  });
});
