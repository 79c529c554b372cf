#!/usr/bin/env node
// Packs every publishable package (npm pack), installs the tarballs into a fresh temporary folder
// and imports each from plain Node, then runs its README example: what an npm user gets must work.
// Prints "ok <pkg>" or "not ok <pkg>" per package.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;
const pkgs = readdirSync(join(root, 'packages'))
  .map((d) => join(root, 'packages', d))
  .filter((d) => existsSync(join(d, 'package.json')))
  .map((dir) => ({ dir, json: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) }))
  .filter((p) => !p.json.private);

const work = mkdtempSync(join(tmpdir(), 'pack-check-'));
let failures = 0;
try {
  const tarballs = pkgs.map((p) => {
    const out = execFileSync('npm', ['pack', '--silent', '--pack-destination', work], { cwd: p.dir, encoding: 'utf8' });
    return join(work, out.trim().split('\n').pop());
  });
  writeFileSync(join(work, 'package.json'), JSON.stringify({ name: 'pack-check', private: true, type: 'module' }));
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', ...tarballs], { cwd: work, stdio: 'pipe' });
  for (const p of pkgs) {
    const example = extractReadmeExample(join(p.dir, 'README.md'));
    const script = `import * as m from '${p.json.name}';\nif (Object.keys(m).length === 0) throw new Error('no exports');\n${example}`;
    const file = join(work, `check-${p.json.name.replace(/[@/]/g, '_')}.mjs`);
    writeFileSync(file, script);
    try {
      execFileSync('node', [file], { cwd: work, stdio: 'pipe', timeout: 60000 });
      console.log(`ok ${p.json.name}`);
    } catch (e) {
      failures++;
      console.log(`not ok ${p.json.name}\n${e.stderr?.toString() ?? e}`);
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
process.exit(failures ? 1 : 0);

/** The first ```js block of a README, which must run as plain ESM against the installed package. */
function extractReadmeExample(readme) {
  if (!existsSync(readme)) return '';
  const m = /```js\n([\s\S]*?)```/.exec(readFileSync(readme, 'utf8'));
  return m ? m[1] : '';
}
