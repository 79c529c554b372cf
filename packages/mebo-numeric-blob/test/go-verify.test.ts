import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NumericEncoder } from '../src/index.js';
import type { NumericEncoderOptions } from '../src/index.js';
import { loadTestCodecs, testCodecs } from './codecs.js';
import { encoderOptions, listScenarios, loadScenario, metricsOf } from './golden-kit.js';
import type { Manifest } from './golden-kit.js';

// TS → Go: TypeScript encodes every scenario of the Go matrix (plus 'auto' value encodings) into a
// temp dir and `go run . verify numeric <dir>` decodes each with Go, checks it against the
// manifest and, where uncompressed and tag-free, requires Go's encoder to give the same bytes.

const GO_DIR = join(__dirname, '..', '..', '..', 'tools', 'go-interop');
const hasGo = spawnSync('go', ['version']).status === 0;
if (!hasGo) console.log('go-verify.test: `go` not found on PATH; skipping the TS → Go interop check');

beforeAll(loadTestCodecs);

function encodeManifest(m: Manifest, extra: Partial<NumericEncoderOptions> = {}): Uint8Array {
  const enc = new NumericEncoder(Number(m.options.startTime), { ...encoderOptions(m), codecs: testCodecs(), ...extra });
  for (const x of metricsOf(m)) {
    enc.startMetric(x.key, x.timestamps.length);
    enc.addPoints(x.timestamps, x.values, x.tags);
    enc.endMetric();
  }
  return enc.finish();
}

(hasGo ? test : test.skip)(
  'Go decodes every blob TypeScript writes',
  () => {
    const dir = mkdtempSync(join(tmpdir(), 'numeric-ts-'));
    try {
      let written = 0;
      for (const name of listScenarios()) {
        const { manifest } = loadScenario(name);
        const variants: [string, Partial<NumericEncoderOptions>][] = [['', {}]];
        if (['v1-delta-gorilla', 'v2-raw-raw', 'v1-special-raw', 'v1-counter-alp', 'v2-shared-delta-gorilla-zstd'].includes(name)) {
          variants.push(['-auto', { valueEncoding: 'auto' }]);
        }
        for (const [suffix, extra] of variants) {
          const blob = encodeManifest(manifest, extra);
          // a spliced names payload is Go-only; auto picks its own encoding: both decode-check only
          const byteIdentical = manifest.expect.byteIdentical && suffix === '';
          const out: Manifest = { ...manifest, scenario: name + suffix, expect: { ...manifest.expect, byteIdentical, size: blob.length } };
          writeFileSync(join(dir, `${name}${suffix}.blob`), blob);
          writeFileSync(join(dir, `${name}${suffix}.json`), JSON.stringify(out));
          written++;
        }
      }
      expect(written).toBeGreaterThan(100);
      const stdout = execFileSync('go', ['run', '.', 'verify', 'numeric', dir], { cwd: GO_DIR, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      const m = new RegExp(`numeric verify: ${written} blobs, 0 failed, (\\d+) byte-identical`).exec(stdout);
      expect(m).not.toBeNull();
      expect(Number(m?.[1])).toBeGreaterThanOrEqual(80);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
  180_000,
);
