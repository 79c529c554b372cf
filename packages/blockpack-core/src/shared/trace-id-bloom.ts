import { MAX_COMPACT_BLOOM_BYTES, MIN_COMPACT_BLOOM_BYTES } from './constants.js';

const K = 7;
const MASK64 = (1n << 64n) - 1n;

/** Bloom size in bytes for n distinct trace ids: clamp(ceil(n·10/8), 128, 1 MiB) (spec 14). */
export function traceIdBloomSize(n: number): number {
  return Math.min(MAX_COMPACT_BLOOM_BYTES, Math.max(MIN_COMPACT_BLOOM_BYTES, Math.ceil((n * 10) / 8)));
}

function halves(id: Uint8Array): [bigint, bigint] {
  const v = new DataView(id.buffer, id.byteOffset, 16);
  return [v.getBigUint64(0, true), v.getBigUint64(8, true) | 1n];
}

/** Sets the 7 bits of a 16-byte trace id (LSB-first bit order). */
export function addTraceIdToBloom(bloom: Uint8Array, id: Uint8Array): void {
  const [h1, h2] = halves(id);
  const m = BigInt(bloom.length * 8);
  for (let i = 0n; i < BigInt(K); i++) {
    const b = Number(((h1 + i * h2) & MASK64) % m);
    bloom[b >>> 3] |= 1 << (b & 7);
  }
}

/** False means the trace is definitely absent. An empty bloom means "may contain". */
export function testTraceIdBloom(bloom: Uint8Array, id: Uint8Array): boolean {
  if (bloom.length === 0) return true;
  const [h1, h2] = halves(id);
  const m = BigInt(bloom.length * 8);
  for (let i = 0n; i < BigInt(K); i++) {
    const b = Number(((h1 + i * h2) & MASK64) % m);
    if ((bloom[b >>> 3] & (1 << (b & 7))) === 0) return false;
  }
  return true;
}
