import { EncodingType, truncated } from '@mebo/format';
import type { ByteWriter } from '@mebo/format';
import { checkCount, checkOut, checkRange, u32Alias } from '../bits.js';
import type { ValueCodec } from '../codec.js';

/** Raw values (0x1, spec §5.1): bits(v) as a u64 in engine order. NaN payloads are kept. */
export const rawValueCodec: ValueCodec = {
  encoding: EncodingType.Raw,

  encode(values: Float64Array, n: number, out: ByteWriter): void {
    checkCount(n, values.length);
    if (n === 0) return;
    const src = u32Alias(values, n); // also checks the host is little-endian
    out.ensure(n * 8);
    if (out.littleEndian) {
      // engine order = host order: the doubles' bytes as they are
      out.bytes.set(new Uint8Array(values.buffer, values.byteOffset, n * 8), out.pos);
    } else {
      writeU64s(out.view, out.pos, src, n, false);
    }
    out.pos += n * 8;
  },

  decode(bytes: Uint8Array, start: number, end: number, n: number, littleEndian: boolean, out: Float64Array): void {
    checkRange(bytes, start, end);
    checkOut(out, n);
    if (end - start < n * 8) throw truncated(start, n * 8, end - start);
    if (n === 0) return;
    const dst = u32Alias(out, n); // also checks the host is little-endian
    if (littleEndian) new Uint8Array(out.buffer, out.byteOffset, n * 8).set(bytes.subarray(start, start + n * 8));
    else readU64s(bytes, start, n, false, dst);
  },
};

/** Writes n u64 bit patterns (u32 halves, lo first) at view[p..] in the given order. */
export function writeU64s(view: DataView, p: number, src: Uint32Array, n: number, le: boolean): void {
  if (le) {
    for (let i = 0; i < n; i++, p += 8) {
      view.setUint32(p, src[2 * i], true);
      view.setUint32(p + 4, src[2 * i + 1], true);
    }
  } else {
    for (let i = 0; i < n; i++, p += 8) {
      view.setUint32(p, src[2 * i + 1], false);
      view.setUint32(p + 4, src[2 * i], false);
    }
  }
}

/** Reads n u64 bit patterns at bytes[p..] into u32 halves (lo first). The caller checked the length. */
export function readU64s(bytes: Uint8Array, p: number, n: number, le: boolean, dst: Uint32Array): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (le) {
    for (let i = 0; i < n; i++, p += 8) {
      dst[2 * i] = view.getUint32(p, true);
      dst[2 * i + 1] = view.getUint32(p + 4, true);
    }
  } else {
    for (let i = 0; i < n; i++, p += 8) {
      dst[2 * i + 1] = view.getUint32(p, false);
      dst[2 * i] = view.getUint32(p + 4, false);
    }
  }
}
