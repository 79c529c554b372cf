import { join } from 'node:path';
import { runReadmeExample } from '@mebo-internal/test-kit';
import * as pkg from '../src/index.js';

/** Runs the README's first ```js block against the sources and compares its `// → …` comments. */
test('README example runs and prints what its comments say', async () => {
  const { code, printed, expected } = await runReadmeExample(join(__dirname, '..', 'README.md'), (spec) => {
    if (spec !== '@mebo/numeric-blob') throw new Error(`README imports ${spec}`);
    return pkg;
  });
  expect(code).toContain("from '@mebo/numeric-blob'");
  expect(expected.length).toBe(5);
  expect(printed).toEqual(expected);
});
