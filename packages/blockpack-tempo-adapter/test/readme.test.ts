import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as pkg from '../src/index.js';

/**
 * Runs the README's first ```js block against the sources: the package import becomes the src
 * module, and console.log output is compared with the `// → …` comment.
 */
describe('README example', () => {
  it('runs and prints what its comment says', async () => {
    const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
    const code = /```js\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    expect(code).toContain("from '@blockpack/tempo-adapter'");
    const body = code
      .replace(/import \{([^}]*)\} from '@blockpack\/tempo-adapter';/, 'const {$1} = pkg;')
      .replace(/import \{([^}]*)\} from '(node:[a-z]+)';/g, 'const {$1} = require("$2");');
    const printed: string[] = [];
    const log = (...args: unknown[]): void => {
      printed.push(args.map(String).join(' '));
    };
    const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (...a: string[]) => (...args: unknown[]) => Promise<void>;
    await new AsyncFunction('require', 'pkg', 'console', body)(require, pkg, { log });
    const expected = [...code.matchAll(/\/\/ → (.+)$/gm)].map((m) => m[1]);
    expect(expected.length).toBe(1);
    expect(printed).toEqual(expected);
  });
});
