import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TextManifest } from './manifest.js';
import { encodeManifest, hasHex, loadManifests } from './manifest.js';
import { testCodecs } from './codecs.js';
import { tsScenarios } from './scenarios.js';

const GO_DIR = join(__dirname, '..', '..', '..', 'tools', 'go-interop');
const hasGo = spawnSync('go', ['version']).status === 0;

/** Everything TS writes for Go: every golden's input re-encoded by TS, plus TS-only scenarios. */
function tsWritten(): TextManifest[] {
  const fromGolden = loadManifests()
    .map((g) => g.manifest)
    .filter((m) => !hasHex(m))
    .map((m) => ({ ...m, scenario: `ts-${m.scenario}`, writer: '@mebo/text-blob' }));
  return [...fromGolden, ...tsScenarios()];
}

(hasGo ? describe : describe.skip)('Go verifies blobs TypeScript wrote', () => {
  it('go-interop verify text accepts every TS-written blob', async () => {
    const codecs = await testCodecs();
    const dir = mkdtempSync(join(tmpdir(), 'mebo-text-verify-'));
    try {
      const all = tsWritten();
      for (const m of all) {
        const blob = encodeManifest(m, codecs);
        writeFileSync(join(dir, `${m.scenario}.blob`), blob);
        writeFileSync(join(dir, `${m.scenario}.json`), JSON.stringify({ ...m, blobSize: blob.length }));
      }
      const bin = join(dir, 'go-interop');
      execFileSync('go', ['build', '-o', bin, '.'], { cwd: GO_DIR, stdio: 'pipe' });
      const out = execFileSync(bin, ['verify', 'text', dir], { encoding: 'utf8', stdio: 'pipe' });
      expect(out).toContain(`text verify: ${all.length} scenarios, 0 failed`);
      console.log(`Go verified ${all.length} TS-written text blobs: ${out.trim()}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

// Printed, not counted: a skipped interop check is not a passing test.
if (!hasGo) console.log('go-verify.test: skipped, `go` is not on PATH, so Go cannot verify TS-written blobs');
