import { CompressionType } from '@mebo/format';
import { corrupt, resolveMaxOutput, sizeExceedsLimit, truncatedInput } from './codec.js';
import type { Codec } from './codec.js';
import { hashLogFor, hashTable } from './match.js';

/**
 * LZ4 (compression id 0x4): one raw LZ4 block, no frame and no stored size, as mebo v1.9.0 writes
 * it with pierrec/lz4 `CompressBlock` and reads it with `UncompressBlock`.
 *
 * The block format (lz4 block_format.md): sequences of a token (high nibble literal length, low
 * nibble match length - 4, 15 = "more bytes follow", each 255 meaning "and more"), the literals, a
 * 2-byte little-endian offset (1..65535) and the match-length extension. The last sequence holds
 * literals only. The writer keeps the end rules (the last 5 bytes are literals, no match starts in
 * the last 12 bytes) so that every LZ4 decoder accepts its blocks.
 *
 * The decompressed size is stored nowhere: the reader first sums the sequence lengths (a cheap pass
 * that reads no literals), checks the caller's bound, then decodes into an exactly sized buffer.
 */

const MIN_MATCH = 4;
const LAST_LITERALS = 5;
const MF_LIMIT = 12;
const MAX_OFFSET = 65535;

/** Largest compressed size of `n` input bytes (incompressible input, one literal run). */
export function lz4CompressBound(n: number): number {
  return n + Math.floor(n / 255) + 16;
}

export const lz4Codec: Codec = Object.freeze({
  type: CompressionType.LZ4,
  name: 'lz4',
  compress: lz4CompressBlock,
  decompress: lz4DecompressBlock,
});

/** Compresses `src` into one raw LZ4 block (greedy; candidates from a hash of 6 bytes, matches of 4+). */
export function lz4CompressBlock(src: Uint8Array): Uint8Array {
  const n = src.length;
  if (n === 0) return new Uint8Array(0);
  const out = new Uint8Array(lz4CompressBound(n));
  let op = 0;
  let anchor = 0;
  if (n > MF_LIMIT) {
    const hashLog = hashLogFor(n);
    const shift = 32 - hashLog;
    const table = hashTable(hashLog);
    const matchLimit = n - MF_LIMIT;
    const extendLimit = n - LAST_LITERALS;
    let ip = 0;
    let misses = 0;
    while (ip < matchLimit) {
      const seq = src[ip] | (src[ip + 1] << 8) | (src[ip + 2] << 16) | (src[ip + 3] << 24);
      // Hashing 6 bytes (matches still need only 4) finds longer matches than the latest 4-byte one.
      const h = Math.imul(seq ^ Math.imul(src[ip + 4] | (src[ip + 5] << 8), 0x85ebca6b), 0x9e3779b1) >>> shift;
      const ref = table[h] - 1;
      table[h] = ip + 1;
      if (
        ref < 0 ||
        ip - ref > MAX_OFFSET ||
        (src[ref] | (src[ref + 1] << 8) | (src[ref + 2] << 16) | (src[ref + 3] << 24)) !== seq
      ) {
        ip += 1 + (misses++ >> 6);
        continue;
      }
      misses = 0;
      let len = MIN_MATCH;
      while (ip + len < extendLimit && src[ref + len] === src[ip + len]) len++;
      let start = ip;
      let from = ref;
      while (start > anchor && from > 0 && src[start - 1] === src[from - 1]) {
        start--;
        from--;
      }
      len += ip - start;
      ip = start;
      op = writeSequence(src, out, op, anchor, ip - anchor, ip - from, len);
      ip += len;
      anchor = ip;
      if (ip < matchLimit) {
        // Index a position inside the match so the next search has a recent candidate.
        const p = ip - 2;
        const s2 = src[p] | (src[p + 1] << 8) | (src[p + 2] << 16) | (src[p + 3] << 24);
        table[Math.imul(s2 ^ Math.imul(src[p + 4] | (src[p + 5] << 8), 0x85ebca6b), 0x9e3779b1) >>> shift] = p + 1;
      }
    }
  }
  op = writeLastLiterals(src, out, op, anchor, n - anchor);
  return out.slice(0, op);
}

function writeLength(out: Uint8Array, op: number, rest: number): number {
  while (rest >= 255) {
    out[op++] = 255;
    rest -= 255;
  }
  out[op++] = rest;
  return op;
}

function writeSequence(src: Uint8Array, out: Uint8Array, op: number, lit: number, litLen: number, offset: number, matchLen: number): number {
  const m = matchLen - MIN_MATCH;
  out[op++] = ((litLen >= 15 ? 15 : litLen) << 4) | (m >= 15 ? 15 : m);
  if (litLen >= 15) op = writeLength(out, op, litLen - 15);
  if (litLen < 32) for (let i = 0; i < litLen; i++) out[op + i] = src[lit + i];
  else out.set(src.subarray(lit, lit + litLen), op);
  op += litLen;
  out[op++] = offset & 0xff;
  out[op++] = offset >>> 8;
  if (m >= 15) op = writeLength(out, op, m - 15);
  return op;
}

function writeLastLiterals(src: Uint8Array, out: Uint8Array, op: number, lit: number, litLen: number): number {
  out[op++] = (litLen >= 15 ? 15 : litLen) << 4;
  if (litLen >= 15) op = writeLength(out, op, litLen - 15);
  out.set(src.subarray(lit, lit + litLen), op);
  return op + litLen;
}

/**
 * The exact decoded size of a raw LZ4 block, from its tokens and length bytes alone (literals are
 * skipped, offsets not checked). Stops as soon as the total passes `limit`.
 * @throws MeboError DECOMPRESSED_SIZE_EXCEEDS_LIMIT, TRUNCATED
 */
export function lz4DecodedLen(src: Uint8Array, limit: number): number {
  const n = src.length;
  let s = 0;
  let d = 0;
  while (s < n) {
    const token = src[s++];
    let litLen = token >>> 4;
    if (litLen === 15) {
      let b: number;
      do {
        if (s >= n) throw truncatedInput('lz4', 'literal length', s);
        b = src[s++];
        litLen += b;
      } while (b === 255);
    }
    if (litLen > n - s) throw truncatedInput('lz4', `${litLen} literal bytes`, s);
    s += litLen;
    d += litLen;
    if (s === n) break;
    if (n - s < 2) throw truncatedInput('lz4', 'match offset', s);
    s += 2;
    let len = token & 15;
    if (len === 15) {
      let b: number;
      do {
        if (s >= n) throw truncatedInput('lz4', 'match length', s);
        b = src[s++];
        len += b;
      } while (b === 255);
    }
    d += len + MIN_MATCH;
    if (d > limit) throw sizeExceedsLimit('lz4', d, limit, s);
  }
  if (d > limit) throw sizeExceedsLimit('lz4', d, limit, s);
  return d;
}

/**
 * Decodes one raw LZ4 block into at most `maxOutput` bytes (default 128 MiB). A first pass over
 * the tokens finds the exact size, so the output is allocated once, and only when it fits.
 * @throws MeboError DECOMPRESSED_SIZE_EXCEEDS_LIMIT, CORRUPT_DATA, TRUNCATED, INVALID_ARGUMENT
 */
export function lz4DecompressBlock(src: Uint8Array, maxOutput?: number): Uint8Array {
  const limit = resolveMaxOutput(maxOutput);
  const n = src.length;
  if (n === 0) return new Uint8Array(0);
  const out = new Uint8Array(lz4DecodedLen(src, limit));
  // Lengths were validated by lz4DecodedLen; only offsets remain to check.
  let s = 0;
  let d = 0;
  for (;;) {
    const token = src[s++];
    let litLen = token >>> 4;
    if (litLen === 15) {
      let b: number;
      do {
        b = src[s++];
        litLen += b;
      } while (b === 255);
    }
    if (litLen < 32) for (let i = 0; i < litLen; i++) out[d + i] = src[s + i];
    else out.set(src.subarray(s, s + litLen), d);
    s += litLen;
    d += litLen;
    if (s === n) break; // the last sequence: literals only
    const offset = src[s] | (src[s + 1] << 8);
    s += 2;
    if (offset === 0 || offset > d) throw corrupt('lz4', `match offset ${offset} at output position ${d}`, s - 2);
    let len = token & 15;
    if (len === 15) {
      let b: number;
      do {
        b = src[s++];
        len += b;
      } while (b === 255);
    }
    len += MIN_MATCH;
    let from = d - offset;
    if (len >= 32 && offset >= len) {
      out.copyWithin(d, from, from + len);
      d += len;
    } else if (len >= 32 && offset === 1) {
      out.fill(out[from], d, d + len); // a run
      d += len;
    } else {
      const end = d + len;
      while (d < end) out[d++] = out[from++];
    }
    if (s === n) break; // tolerated: a block that ends with a match (no empty last literal run)
  }
  return out;
}
