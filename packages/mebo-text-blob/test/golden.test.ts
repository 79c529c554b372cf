import type { CodecRegistry } from '@mebo/compress';
import { MeboError } from '@mebo/format';
import { decodeTextBlob } from '../src/index.js';
import type { TextBlob } from '../src/index.js';
import type { TextManifest } from './manifest.js';
import { encodeManifest, hasHex, loadManifests, loadRejects, str } from './manifest.js';
import { testCodecs } from './codecs.js';

const goldens = loadManifests();
const rejects = loadRejects();
let codecs: CodecRegistry;
beforeAll(async () => {
  codecs = await testCodecs();
});

function expectMatches(blob: TextBlob, man: TextManifest): void {
  expect(blob.metricCount).toBe(man.metrics.length);
  expect(blob.startTime).toBe(Number(man.options.startTime));
  expect(blob.hasTags).toBe(man.options.tags);
  expect(blob.bigEndian).toBe(man.options.endianness === 'big');
  expect(blob.hasNames).toBe(man.options.mode === 'name');
  man.metrics.forEach((mm, k) => {
    const m = man.options.mode === 'name' ? blob.metric(str(mm.name)) : blob.metric(BigInt(mm.id));
    expect(m).toBeDefined();
    if (!m) return;
    expect(m.position).toBe(k);
    expect(m.id).toBe(BigInt(mm.id));
    if (mm.name !== undefined) expect(m.name).toBe(str(mm.name));
    expect(m.length).toBe(mm.points.length);
    const want = mm.points.map((p) => ({ ts: Number(p.ts), value: str(p.value), tag: man.options.tags ? str(p.tag) : '' }));
    const got: { ts: number; value: string; tag: string }[] = [];
    expect(m.forEach((ts, value, tag) => void got.push({ ts, value, tag }))).toBe(want.length);
    expect(got).toEqual(want);
    expect([...m.points()]).toEqual(want);
    const n = want.length;
    for (const i of [0, n >> 1, n - 1]) {
      expect(m.timestampAt(i)).toBe(want[i].ts);
      expect(m.valueAt(i)).toBe(want[i].value);
      expect(m.tagAt(i)).toBe(want[i].tag);
    }
    expect(m.valueAt(n)).toBeUndefined();
  });
}

describe('Go-written golden vectors', () => {
  it('has the full matrix and the edge scenarios', () => {
    expect(goldens.length).toBeGreaterThanOrEqual(90);
  });

  describe.each(goldens.map((g) => [g.manifest.scenario, g] as const))('%s', (_name, { manifest, blob }) => {
    const compressed = manifest.options.compression !== 'none';
    it('decodes to the manifest', () => {
      expectMatches(decodeTextBlob(blob, { codecs }), manifest);
      expectMatches(decodeTextBlob(blob, { codecs, offsetCache: true }), manifest);
    });
    if (manifest.byteIdentical && !hasHex(manifest)) {
      it('re-encodes byte-identically', () => {
        expect(Buffer.from(encodeManifest(manifest)).equals(Buffer.from(blob))).toBe(true);
      });
    }
    if (compressed) {
      it('re-encodes to the same data section (payload-identical)', () => {
        const mine = decodeTextBlob(encodeManifest(manifest, codecs), { codecs });
        const theirs = decodeTextBlob(blob, { codecs });
        expect(Buffer.from(mine.data).equals(Buffer.from(theirs.data))).toBe(true);
      });
    }
  });
});

describe('Go-derived reject vectors', () => {
  it('exist', () => expect(rejects.length).toBeGreaterThanOrEqual(20));
  it.each(rejects.map((r) => [r.manifest.scenario, r] as const))('%s', (_name, { manifest, blob }) => {
    let err: unknown;
    try {
      decodeTextBlob(blob, { codecs });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(MeboError);
    if (manifest.code) expect((err as MeboError).code).toBe(manifest.code);
  });
});
