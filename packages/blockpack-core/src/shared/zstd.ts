import { BlockpackError, BlockpackErrorCode, limitExceeded } from './errors.js';

/**
 * The zstd codec blockpack column sections go through: synchronous once loaded.
 * `decompress` must accept concatenated frames and frames without a content size, and must
 * fail (not allocate) when the output would exceed `maxSize`.
 */
export interface ZstdCodec {
  readonly name: string;
  compress(src: Uint8Array): Uint8Array;
  decompress(src: Uint8Array, maxSize: number): Uint8Array;
}

const ZSTD_MAGIC = 0xfd2fb528;
const RAW_BLOCK_MAX = 128 * 1024;

function fail(msg: string, pos?: number): BlockpackError {
  return new BlockpackError(BlockpackErrorCode.DecompressFailed, `zstd: ${msg}`, pos);
}

/**
 * A store-only zstd codec: frames of raw blocks (spec 9.2 allows them; any zstd decoder reads them),
 * and a decoder for raw and RLE blocks. It decodes what it writes, but not compressed blocks.
 * It exists so that the format code does not depend on a wasm codec being loadable; real files use
 * the codec from `@mebo/compress` (see `loadBlockpackCodecs`).
 */
export const storeOnlyZstd: ZstdCodec = {
  name: 'zstd-store',
  compress(src: Uint8Array): Uint8Array {
    const nBlocks = Math.max(1, Math.ceil(src.length / RAW_BLOCK_MAX));
    const out = new Uint8Array(4 + 1 + 4 + nBlocks * 3 + src.length);
    const v = new DataView(out.buffer);
    v.setUint32(0, ZSTD_MAGIC, true);
    out[4] = 0xa0; // FCS field 4 bytes, single segment, no checksum, no dictionary
    v.setUint32(5, src.length, true);
    let p = 9;
    for (let b = 0; b < nBlocks; b++) {
      const start = b * RAW_BLOCK_MAX;
      const size = Math.min(RAW_BLOCK_MAX, src.length - start);
      const last = b === nBlocks - 1 ? 1 : 0;
      const h = last | (size << 3); // block type 0 = raw
      out[p] = h & 0xff;
      out[p + 1] = (h >>> 8) & 0xff;
      out[p + 2] = (h >>> 16) & 0xff;
      out.set(src.subarray(start, start + size), p + 3);
      p += 3 + size;
    }
    return out;
  },
  decompress(src: Uint8Array, maxSize: number): Uint8Array {
    const parts: Uint8Array[] = [];
    let total = 0;
    let pos = 0;
    const v = new DataView(src.buffer, src.byteOffset, src.byteLength);
    while (pos < src.length) {
      if (src.length - pos < 4) throw fail('truncated frame magic', pos);
      const magic = v.getUint32(pos, true);
      pos += 4;
      if ((magic & 0xfffffff0) === 0x184d2a50) {
        if (src.length - pos < 4) throw fail('truncated skippable frame', pos);
        const n = v.getUint32(pos, true);
        pos += 4;
        if (n > src.length - pos) throw fail('truncated skippable frame', pos);
        pos += n;
        continue;
      }
      if (magic !== ZSTD_MAGIC) throw fail('bad frame magic', pos - 4);
      if (pos >= src.length) throw fail('truncated frame header', pos);
      const fhd = src[pos++];
      const fcsFlag = fhd >>> 6;
      const single = (fhd >>> 5) & 1;
      const checksum = (fhd >>> 2) & 1;
      const dictFlag = fhd & 3;
      if ((fhd >>> 3) & 1) throw fail('reserved bit set', pos - 1);
      const headerRest = (single ? 0 : 1) + [0, 1, 2, 4][dictFlag] + (fcsFlag === 0 ? single : [0, 2, 4, 8][fcsFlag]);
      if (src.length - pos < headerRest) throw fail('truncated frame header', pos);
      pos += headerRest;
      for (;;) {
        if (src.length - pos < 3) throw fail('truncated block header', pos);
        const h = src[pos] | (src[pos + 1] << 8) | (src[pos + 2] << 16);
        pos += 3;
        const last = h & 1;
        const type = (h >>> 1) & 3;
        const size = h >>> 3;
        if (type === 0) {
          if (size > src.length - pos) throw fail('truncated raw block', pos);
          total += size;
          if (total > maxSize) throw limitExceeded('zstd decompressed size', total, maxSize);
          parts.push(src.subarray(pos, pos + size));
          pos += size;
        } else if (type === 1) {
          if (pos >= src.length) throw fail('truncated RLE block', pos);
          total += size;
          if (total > maxSize) throw limitExceeded('zstd decompressed size', total, maxSize);
          parts.push(new Uint8Array(size).fill(src[pos]));
          pos += 1;
        } else if (type === 2) {
          throw new BlockpackError(
            BlockpackErrorCode.CodecNotLoaded,
            'zstd: compressed blocks need the real zstd codec (await loadBlockpackCodecs())',
            pos,
          );
        } else {
          throw fail('reserved block type', pos);
        }
        if (last) break;
      }
      if (checksum) {
        if (src.length - pos < 4) throw fail('truncated checksum', pos);
        pos += 4;
      }
    }
    if (parts.length === 1) return parts[0].slice();
    const out = new Uint8Array(total);
    let o = 0;
    for (const p of parts) {
      out.set(p, o);
      o += p.length;
    }
    return out;
  },
};
