import { readFileSync } from 'node:fs';

/** What {@link runReadmeExample} saw: the block's source, what it logged, and its `// → …` comments. */
export interface ReadmeRun {
  readonly code: string;
  readonly printed: string[];
  readonly expected: string[];
}

type AsyncFn = new (...params: string[]) => (...args: unknown[]) => Promise<void>;
const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as AsyncFn;

/**
 * Runs the first ```js block of a README against the sources: each `import { … } from 'x'` line
 * becomes `const { … } = resolve('x')` (pass the package's src module for its own name), and every
 * console.log line is collected next to the block's `// → …` comments, for the test to compare.
 */
export async function runReadmeExample(readmePath: string, resolve: (specifier: string) => unknown): Promise<ReadmeRun> {
  const readme = readFileSync(readmePath, 'utf8');
  const code = /```js\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
  const body = code.replace(/import \{([^}]*)\} from '([^']+)';/g, (_m, names: string, spec: string) => `const {${names}} = __resolve(${JSON.stringify(spec)});`);
  const printed: string[] = [];
  const log = (...args: unknown[]): void => {
    printed.push(args.map(String).join(' '));
  };
  await new AsyncFunction('__resolve', 'console', body)(resolve, { log });
  const expected = [...code.matchAll(/\/\/ → (.+)$/gm)].map((m) => m[1]);
  return { code, printed, expected };
}
