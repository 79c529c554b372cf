import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Runs the README's first ```js block against the sources: its `import … from '@mebo/format'`
 * becomes a require of src, and console.log output is compared with the `// → …` comments.
 */
describe('README example', () => {
  it('runs and prints what its comments say', () => {
    const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
    const code = /```js\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    expect(code).toContain("from '@mebo/format'");
    const body = code.replace(/import \{([^}]*)\} from '@mebo\/format';/, 'const {$1} = require("../src/index.js");');
    const printed: string[] = [];
    const log = (...args: unknown[]): void => {
      printed.push(args.map(String).join(' '));
    };
    new Function('require', 'console', body)(require, { log });
    const expected = [...code.matchAll(/\/\/ → (.+)$/gm)].map((m) => m[1]);
    expect(expected.length).toBe(3);
    expect(printed).toEqual(expected);
  });
});
