import { toHex } from '@blockpack/core';
import { TempoError, TempoErrorCode } from '../errors.js';

/** Lower-case hex of bytes: @blockpack/core's. */
export { toHex };

function nibble(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

/**
 * Decodes even-length hex (any case); returns undefined on a bad character or odd length. Same
 * results as @blockpack/core's fromHex, kept here because it is several times faster (ids of every
 * OTLP/JSON span and every path trace id go through it).
 */
export function fromHex(hex: string): Uint8Array | undefined {
  if (hex.length % 2 !== 0) return undefined;
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) {
    const hi = nibble(hex.charCodeAt(2 * i));
    const lo = nibble(hex.charCodeAt(2 * i + 1));
    if (hi < 0 || lo < 0) return undefined;
    out[i] = (hi << 4) | lo;
  }
  return out;
}

/**
 * Parses a trace id from a URL path as Tempo does (tempo-api.md §9): 1–32 hex characters,
 * case-insensitive, left-padded with zeros to 32, decoded to 16 bytes.
 * @throws TempoError INVALID_TRACE_ID
 */
export function parseTraceId(text: string): Uint8Array {
  if (text.length === 0 || text.length > 32) {
    throw new TempoError(TempoErrorCode.InvalidTraceId, `invalid trace id: length ${text.length}, expected 1–32 hex characters`);
  }
  const bytes = fromHex(text.padStart(32, '0'));
  if (!bytes) throw new TempoError(TempoErrorCode.InvalidTraceId, `invalid trace id: ${JSON.stringify(text.slice(0, 40))} is not hex`);
  return bytes;
}

/** Hex with leading zeros trimmed, as Tempo's search results render trace ids. */
export function traceIdForSearch(bytes: Uint8Array): string {
  const h = toHex(bytes).replace(/^0+/, '');
  return h.length === 0 ? '0' : h;
}

export function isAllZero(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i] !== 0) return false;
  return true;
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}
