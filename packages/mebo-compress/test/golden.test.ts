import { CompressionType } from '@mebo/format';
import { loadDefaultCodecs } from '../src/index.js';
import type { CodecRegistry } from '../src/index.js';
import { readdirSync } from 'node:fs';
import { GOLDEN_CODEC_TYPE, GOLDEN_DIR, goldenCases, readGolden, sha256 } from './golden-files.js';

// Every vector Go (mebo v1.9.0 and klauspost/pierrec as it calls them) wrote must decode to its input.
let registry: CodecRegistry;
beforeAll(async () => {
  registry = await loadDefaultCodecs();
});

const cases = goldenCases();

describe('Go-written golden vectors', () => {
  it('cover every codec mebo writes, and the zstd frame-header shapes', () => {
    const codecs = new Set(cases.map((c) => c.codec));
    for (const c of ['zstd', 's2', 'lz4', 's2better', 's2best', 's2snappy']) expect(codecs.has(c)).toBe(true);
    expect(cases.length).toBeGreaterThanOrEqual(60);
    // Go writes no content size below 256 bytes, a window descriptor above 8 MiB.
    const small = readGolden('zstd-text-200.bin');
    expect(small[4] >> 6).toBe(0);
    expect((small[4] >> 5) & 1).toBe(0);
    const big = readGolden('zstd-runs-9m.bin');
    expect((big[4] >> 5) & 1).toBe(0);
  });

  it('lists every file in the folder, and every file it lists exists', () => {
    const listed = new Set(cases.flatMap((c) => (c.raw ? [c.bin, c.raw] : [c.bin])));
    const present = readdirSync(GOLDEN_DIR).filter((f) => f.endsWith('.bin') || f.endsWith('.raw'));
    expect(present.sort()).toEqual([...listed].sort());
  });

  it.each(cases.map((c) => [c.bin, c] as const))('%s decodes to its input', (_name, c) => {
    const codec = registry.get(GOLDEN_CODEC_TYPE[c.codec]);
    const out = codec.decompress(readGolden(c.bin));
    expect(out.length).toBe(c.size);
    if (c.raw !== undefined) expect(Buffer.from(out).equals(Buffer.from(readGolden(c.raw)))).toBe(true);
    expect(sha256(out)).toBe(c.sha256);
  });

  it('decodes the large vectors under an exact bound and rejects them one byte below it', () => {
    for (const c of cases.filter((x) => x.case === 'runs-9m' && x.codec !== 's2snappy')) {
      const codec = registry.get(GOLDEN_CODEC_TYPE[c.codec]);
      expect(codec.decompress(readGolden(c.bin), c.size).length).toBe(c.size);
      expect(() => codec.decompress(readGolden(c.bin), c.size - 1)).toThrow(
        expect.objectContaining({ code: 'DECOMPRESSED_SIZE_EXCEEDS_LIMIT' }),
      );
    }
  });

  it('maps to the mebo compression ids', () => {
    expect(registry.get(CompressionType.Zstd).name).toBe('zstd');
    expect(registry.get(CompressionType.S2).name).toBe('s2');
    expect(registry.get(CompressionType.LZ4).name).toBe('lz4');
    expect(registry.get(CompressionType.None).name).toBe('none');
  });
});
