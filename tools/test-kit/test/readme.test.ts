import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runReadmeExample } from '../src/index.js';

describe('runReadmeExample', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'test-kit-readme-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const readme = (js: string): string => {
    const path = join(dir, 'README.md');
    writeFileSync(path, `# pkg\n\nIntro.\n\n\`\`\`js\n${js}\`\`\`\n\n\`\`\`js\nthrow new Error('second block');\n\`\`\`\n`);
    return path;
  };

  it('runs the first js block with its imports resolved, collecting logs and arrow comments', async () => {
    const path = readme("import { twice } from 'pkg';\nimport { sep } from 'node:path';\nconsole.log(twice(21)); // → 42\nconsole.log(await Promise.resolve(sep), 'x'); // → / x\n");
    const seen: string[] = [];
    const run = await runReadmeExample(path, (spec) => {
      seen.push(spec);
      return spec === 'pkg' ? { twice: (x: number) => 2 * x } : { sep: '/' };
    });
    expect(seen).toEqual(['pkg', 'node:path']);
    expect(run.printed).toEqual(['42', '/ x']);
    expect(run.expected).toEqual(['42', '/ x']);
    expect(run.code).toContain("from 'pkg'");
  });

  it('propagates what the block throws', async () => {
    const path = readme("import { nope } from 'pkg';\nnope();\n");
    await expect(runReadmeExample(path, () => ({}))).rejects.toThrow(TypeError);
  });
});
