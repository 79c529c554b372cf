import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Runs the README's first ```js block against the sources and compares its `// → …` comments. */
test('README example runs and prints what its comments say', () => {
  const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
  const code = /```js\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
  expect(code).toContain("from '@mebo/numeric-blob'");
  const body = code.replace(/import \{([^}]*)\} from '@mebo\/numeric-blob';/, 'const {$1} = require("../src/index.js");');
  const printed: string[] = [];
  const log = (...args: unknown[]): void => void printed.push(args.map(String).join(' '));
  new Function('require', 'console', body)(require, { log });
  const expected = [...code.matchAll(/\/\/ → (.+)$/gm)].map((m) => m[1]);
  expect(expected.length).toBe(5);
  expect(printed).toEqual(expected);
});
