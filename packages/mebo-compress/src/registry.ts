import { MeboError, MeboErrorCode, compressionName } from '@mebo/format';
import type { CompressionType } from '@mebo/format';
import { isLoadableCodec } from './codec.js';
import type { Codec } from './codec.js';
import { lz4Codec } from './lz4.js';
import { noneCodec } from './none.js';
import { s2Codec } from './s2.js';
import { ZstdCodec } from './zstd.js';

/**
 * Codecs by mebo compression id. An ordinary object: each decoder or application holds its own,
 * and there is no process-wide registry to mutate.
 */
export interface CodecRegistry {
  /** Adds or replaces the codec for `codec.type`. Returns the registry for chaining. */
  register(codec: Codec): CodecRegistry;
  /**
   * The codec for a compression id.
   * @throws MeboError UNSUPPORTED_COMPRESSION when none is registered
   */
  get(type: number): Codec;
  has(type: number): boolean;
  /** Registered compression ids, ascending. */
  types(): CompressionType[];
  /** Runs `load()` on every registered codec that has one. */
  load(): Promise<CodecRegistry>;
}

class MapCodecRegistry implements CodecRegistry {
  private readonly codecs = new Map<number, Codec>();

  register(codec: Codec): CodecRegistry {
    if (!Number.isInteger(codec.type) || codec.type < 1 || codec.type > 0xff) {
      throw new MeboError(MeboErrorCode.InvalidArgument, `codec type must be an integer in 1..255, got ${codec.type}`);
    }
    this.codecs.set(codec.type, codec);
    return this;
  }

  get(type: number): Codec {
    const c = this.codecs.get(type);
    if (c === undefined) {
      throw new MeboError(MeboErrorCode.UnsupportedCompression, `no codec registered for compression ${compressionName(type)}`);
    }
    return c;
  }

  has(type: number): boolean {
    return this.codecs.has(type);
  }

  types(): CompressionType[] {
    return [...this.codecs.keys()].sort((a, b) => a - b) as CompressionType[];
  }

  async load(): Promise<CodecRegistry> {
    for (const c of this.codecs.values()) if (isLoadableCodec(c)) await c.load();
    return this;
  }
}

/** An empty registry, or one holding `codecs`. */
export function createCodecRegistry(codecs: Iterable<Codec> = []): CodecRegistry {
  const r = new MapCodecRegistry();
  for (const c of codecs) r.register(c);
  return r;
}

/** A registry with mebo's four codecs (none, zstd, S2, LZ4), zstd's wasm loaded. */
export function loadDefaultCodecs(): Promise<CodecRegistry> {
  return createCodecRegistry([noneCodec, new ZstdCodec(), s2Codec, lz4Codec]).load();
}
