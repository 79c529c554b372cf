import { join } from 'node:path';
import { runReadmeExample } from '@mebo-internal/test-kit';
import * as pkg from '../src/index.js';

/**
 * Runs the README's first ```js block against the sources: its `import … from '@mebo/format'`
 * resolves to src, and console.log output is compared with the `// → …` comments.
 */
describe('README example', () => {
  it('runs and prints what its comments say', async () => {
    const { code, printed, expected } = await runReadmeExample(join(__dirname, '..', 'README.md'), (spec) => {
      if (spec !== '@mebo/format') throw new Error(`README imports ${spec}`);
      return pkg;
    });
    expect(code).toContain("from '@mebo/format'");
    expect(expected.length).toBe(3);
    expect(printed).toEqual(expected);
  });
});
