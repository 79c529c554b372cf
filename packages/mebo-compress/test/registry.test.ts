import { CompressionType, MeboError } from '@mebo/format';
import { createCodecRegistry, lz4Codec, loadDefaultCodecs, noneCodec, s2Codec, ZstdCodec } from '../src/index.js';
import type { Codec } from '../src/index.js';

describe('codec registry', () => {
  it('loadDefaultCodecs holds mebo\'s four codecs, ready to use', async () => {
    const r = await loadDefaultCodecs();
    expect(r.types()).toEqual([CompressionType.None, CompressionType.Zstd, CompressionType.S2, CompressionType.LZ4]);
    const z = r.get(CompressionType.Zstd);
    expect(z.decompress(z.compress(new Uint8Array([1, 2, 3])))).toEqual(new Uint8Array([1, 2, 3]));
  });

  it('get() of an unknown id throws UNSUPPORTED_COMPRESSION', () => {
    const r = createCodecRegistry([noneCodec]);
    for (const t of [0, 2, 5, 0xff]) {
      expect(() => r.get(t)).toThrow(MeboError);
      expect(() => r.get(t)).toThrow(expect.objectContaining({ code: 'UNSUPPORTED_COMPRESSION' }));
    }
  });

  it('registries are independent objects; users add or replace codecs', () => {
    const a = createCodecRegistry([s2Codec]);
    const b = createCodecRegistry();
    const custom: Codec = {
      type: CompressionType.LZ4,
      name: 'my-lz4',
      compress: (src) => lz4Codec.compress(src),
      decompress: (src, max) => lz4Codec.decompress(src, max),
    };
    b.register(custom).register(s2Codec);
    expect(a.has(CompressionType.LZ4)).toBe(false);
    expect(b.get(CompressionType.LZ4).name).toBe('my-lz4');
    expect(() => b.register({ ...custom, type: 0 as CompressionType })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });

  it('zstd compress before load() throws CODEC_NOT_LOADED; decompress needs no load', async () => {
    const z = new ZstdCodec();
    expect(z.loaded).toBe(false);
    expect(() => z.compress(new Uint8Array([1]))).toThrow(expect.objectContaining({ code: 'CODEC_NOT_LOADED' }));
    await createCodecRegistry([z]).load();
    expect(z.loaded).toBe(true);
    const frame = z.compress(new Uint8Array([9, 9, 9]));
    expect(new ZstdCodec().decompress(frame)).toEqual(new Uint8Array([9, 9, 9]));
  });

  it('rejects a bad maxOutput with INVALID_ARGUMENT', () => {
    for (const c of [noneCodec, s2Codec, lz4Codec]) {
      expect(() => c.decompress(new Uint8Array(0), -1)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
      expect(() => c.decompress(new Uint8Array(0), 1.5)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    }
  });

  it('none returns its input and honours the bound', () => {
    const x = new Uint8Array([1, 2, 3]);
    expect(noneCodec.compress(x)).toBe(x);
    expect(noneCodec.decompress(x, 3)).toBe(x);
    expect(() => noneCodec.decompress(x, 2)).toThrow(expect.objectContaining({ code: 'DECOMPRESSED_SIZE_EXCEEDS_LIMIT' }));
  });
});
