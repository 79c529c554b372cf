import { MeboError } from '@mebo/format';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { NumericEncoder, decodeNumericBlob } from '../src/index.js';
import type { NumericBlob } from '../src/index.js';
import { loadTestCodecs, testCodecs } from './codecs.js';
import { GOLDEN_DIR, bitsOfNumber, encoderOptions, hexOf, listScenarios, loadReject, loadScenario, metricsOf } from './golden-kit.js';
import type { Manifest } from './golden-kit.js';

const scenarios = listScenarios();
const rejects = readdirSync(join(GOLDEN_DIR, 'reject'))
  .filter((f) => f.endsWith('.json'))
  .map((f) => f.slice(0, -5))
  .sort();

/** Checks a decoded blob against its manifest field by field (shared with the TS → Go test). */
export function expectMatchesManifest(blob: NumericBlob, m: Manifest): void {
  expect(blob.metricCount).toBe(m.metrics.length);
  expect(blob.startTime).toBe(Number(m.options.startTime));
  for (const x of m.metrics) {
    const id = m.options.mode === 'name' ? blob.idOf(x.name as string) : BigInt(x.id);
    expect(id).toBe(BigInt(x.id));
    const n = x.timestamps.length;
    expect(blob.length(id)).toBe(n);
    const ts = new Float64Array(n);
    const vals = new Float64Array(n);
    const tags: string[] = [];
    expect(blob.decodeInto(id, { timestamps: ts, values: vals, tags })).toBe(n);
    expect(Array.from(ts, (t) => String(t))).toEqual(x.timestamps);
    expect(hexOf(vals)).toEqual(x.values);
    expect(tags).toEqual(m.options.tags ? x.tags : new Array<string>(n).fill(''));
    let count = 0;
    blob.forEach(id, (t, v, i) => {
      if (String(t) !== x.timestamps[i] || (bitsOfNumber(v) !== x.values[i] && !Number.isNaN(v))) throw new Error(`forEach point ${i}`);
      count++;
    });
    expect(count).toBe(n);
    for (const i of [0, n >> 1, n - 1]) {
      expect(String(blob.timestampAt(id, i))).toBe(x.timestamps[i]);
      const v = blob.valueAt(id, i) as number;
      if (!Number.isNaN(v)) expect(bitsOfNumber(v)).toBe(x.values[i]);
      expect(blob.tagAt(id, i)).toBe(m.options.tags ? x.tags?.[i] : '');
    }
    expect(blob.timestampAt(id, n)).toBeUndefined();
  }
}

beforeAll(loadTestCodecs);

describe('Go-written numeric vectors', () => {
  test('the corpus is complete', () => {
    expect(scenarios.length).toBeGreaterThanOrEqual(100);
    expect(rejects.length).toBeGreaterThanOrEqual(25);
  });

  test.each(scenarios)('%s decodes to its manifest', (name) => {
    const { manifest, blob } = loadScenario(name);
    const b = decodeNumericBlob(blob, { codecs: testCodecs() });
    expect(b.header.magic).toBe(Number(manifest.expect.magic));
    expect(b.sharedTimestampGroups).toBe(manifest.expect.sharedGroups);
    expect(b.metricNames().length > 0).toBe(manifest.expect.hasNames);
    expectMatchesManifest(b, manifest);
  });

  test.each(scenarios)('%s re-encodes with its options', (name) => {
    const { manifest, blob } = loadScenario(name);
    const enc = new NumericEncoder(Number(manifest.options.startTime), { ...encoderOptions(manifest), codecs: testCodecs() });
    for (const m of metricsOf(manifest)) {
      enc.startMetric(m.key, m.timestamps.length);
      enc.addPoints(m.timestamps, m.values, m.tags);
      enc.endMetric();
    }
    const out = enc.finish();
    if (manifest.expect.byteIdentical) {
      expect(Buffer.from(out).equals(Buffer.from(blob))).toBe(true);
    } else {
      // compressed or tagged: payloads may differ in bytes, the content may not
      expectMatchesManifest(decodeNumericBlob(out, { codecs: testCodecs() }), manifest);
    }
  });

  test.each(rejects)('reject/%s throws the code Go names', (name) => {
    const { manifest, blob } = loadReject(name);
    let err: unknown;
    try {
      decodeNumericBlob(blob, { codecs: testCodecs() });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(MeboError);
    expect((err as MeboError).code).toBe(manifest.code);
  });
});
