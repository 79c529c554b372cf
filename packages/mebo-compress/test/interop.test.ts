import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDefaultCodecs } from '../src/index.js';
import { interopCorpus } from './corpus.js';

// Go reads what TypeScript writes: every codec's output for the corpus goes to a temp dir as
// <codec>-<case>.bin + .raw, and `go run . verify compress <dir>` (tools/go-interop) decompresses
// each .bin with mebo v1.9.0's own codecs and compares. Needs `go`; skipped, loudly, without it.
const GO_INTEROP = join(__dirname, '..', '..', '..', 'tools', 'go-interop');
const goVersion = spawnSync('go', ['version'], { encoding: 'utf8' });
const haveGo = goVersion.status === 0;
if (!haveGo) {
  console.log('SKIPPED interop.test.ts: `go` is not on PATH, so Go does not verify TypeScript-written payloads here.');
}
const describeGo = haveGo ? describe : describe.skip;

describeGo('Go (mebo v1.9.0) decodes TypeScript output', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'mebo-compress-interop-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('go run . verify compress accepts every file', async () => {
    const registry = await loadDefaultCodecs();
    let files = 0;
    for (const type of registry.types()) {
      const codec = registry.get(type);
      for (const [name, input] of interopCorpus()) {
        writeFileSync(join(dir, `${codec.name}-${name}.raw`), input);
        writeFileSync(join(dir, `${codec.name}-${name}.bin`), codec.compress(input));
        files++;
      }
    }
    const r = spawnSync('go', ['run', '.', 'verify', 'compress', dir], { cwd: GO_INTEROP, encoding: 'utf8', timeout: 170_000 });
    if (r.status !== 0) throw new Error(`go verify failed (status ${r.status}):\n${r.stdout}\n${r.stderr}`);
    expect(r.stdout).toContain(`verified ${files} files`);
  }, 180_000);
});
