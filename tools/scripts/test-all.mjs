#!/usr/bin/env node
// The README's test command: sync check, lint, typecheck, test and build of every project, then a
// pack-and-import check of every publishable package. Always ends with one line, "N passed, M failed",
// summed over every project's Jest results and the pack checks, so CI can count what ran.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;
const env = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' };
const projectDirs = ['packages', 'tools']
  .flatMap((d) => (existsSync(join(root, d)) ? readdirSync(join(root, d)).map((p) => join(root, d, p)) : []))
  .filter((d) => existsSync(join(d, 'package.json')));

for (const d of projectDirs) rmSync(join(d, 'jest-results.json'), { force: true });

let ok = true;
function step(cmd, args) {
  console.log(`\n$ ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { cwd: root, env, stdio: 'inherit' });
  if (r.status !== 0) ok = false;
  return r.status === 0;
}

step('npx', ['nx', 'sync:check']);
step('npx', ['nx', 'run-many', '-t', 'lint', 'typecheck', 'test', 'build', '--parallel=2', '--outputStyle=static']);

let passed = 0;
let failed = 0;
for (const d of projectDirs) {
  const f = join(d, 'jest-results.json');
  if (!existsSync(f)) continue;
  const r = JSON.parse(readFileSync(f, 'utf8'));
  passed += r.numPassedTests;
  failed += r.numFailedTests + r.numRuntimeErrorTestSuites;
}

// Pack check: only after a good build, since it packs dist/.
if (ok) {
  console.log('\n$ node tools/scripts/pack-check.mjs');
  const r = spawnSync('node', [join(root, 'tools/scripts/pack-check.mjs')], { cwd: root, env, encoding: 'utf8' });
  process.stdout.write(r.stdout);
  process.stderr.write(r.stderr);
  passed += (r.stdout.match(/^ok /gm) ?? []).length;
  const notOk = (r.stdout.match(/^not ok /gm) ?? []).length;
  failed += notOk;
  if (r.status !== 0) {
    ok = false;
    if (notOk === 0) failed += 1;
  }
} else {
  failed += 1; // the nx run itself failed: never report a clean count
}

console.log(`\n${passed} passed, ${failed} failed`);
process.exit(ok && failed === 0 ? 0 : 1);
