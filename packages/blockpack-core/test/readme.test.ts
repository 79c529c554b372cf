import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Runs the README's first ```js block against the sources and checks its `// → …` comments. */
describe('README example', () => {
  it('runs and prints what its comments say', async () => {
    const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
    const code = /```js\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    expect(code).toContain("from '@blockpack/core'");
    const body = code.replace(/import \{([^}]*)\} from '@blockpack\/core';/, 'const {$1} = require("../src/index.js");');
    const printed: string[] = [];
    const log = (...args: unknown[]): void => {
      printed.push(args.map(String).join(' '));
    };
    const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (...args: string[]) => (...a: unknown[]) => Promise<void>;
    await new AsyncFunction('require', 'console', body)(require, { log });
    const expected = [...code.matchAll(/\/\/ → (.+)$/gm)].map((m) => m[1]);
    expect(expected.length).toBe(3);
    expect(printed).toEqual(expected);
  });
});
