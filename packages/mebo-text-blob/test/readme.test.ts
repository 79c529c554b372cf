import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as compress from '@mebo/compress';
import * as format from '@mebo/format';
import * as textBlob from '../src/index.js';

const modules: Record<string, unknown> = { '@mebo/text-blob': textBlob, '@mebo/compress': compress, '@mebo/format': format };

describe('README', () => {
  it('the first ```js example runs', async () => {
    const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
    const code = /```js\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(code).toBeDefined();
    const body = (code as string).replace(/import \{([^}]+)\} from '([^']+)';/g, (_m, names: string, mod: string) => {
      expect(modules[mod]).toBeDefined();
      return `const {${names}} = __modules['${mod}'];`;
    });
    const lines: string[] = [];
    const log = (...args: unknown[]) => void lines.push(args.join(' '));
    const run = new Function('__modules', 'console', `return (async () => {\n${body}\n})();`) as (m: unknown, c: unknown) => Promise<void>;
    await run(modules, { log });
    expect(lines).toEqual(['1000000 200 OK host=a', '2000000 404 Not Found host=b', '3000000 200 OK host=a', expect.stringMatching(/^404 Not Found \d+ bytes$/)]);
  });
});
