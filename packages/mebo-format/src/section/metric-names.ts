import { MeboError, MeboErrorCode } from '../errors.js';
import { ByteWriter } from '../bytes/byte-writer.js';
import { u64Hex, xxHash64Into } from '../metric-id.js';
import type { U64Halves } from '../metric-id.js';
import { viewOf } from './checks.js';

/** Limits of the names payload: u16 count, u16 length per name (§3.4). */
export const MAX_METRIC_NAMES = 65535;
export const MAX_METRIC_NAME_BYTES = 65535;

/**
 * A decoded metric-names payload. `idHi`/`idLo` are the xxHash64 of each name's exact bytes (as
 * Go hashes them, even when they are not valid UTF-8), ready for {@link verifyMetricNames}.
 */
export interface MetricNames {
  readonly names: string[];
  /** Bytes the payload occupies; the index starts at `32 + byteLength`. */
  readonly byteLength: number;
  readonly idHi: Uint32Array;
  readonly idLo: Uint32Array;
}

const encoder = new TextEncoder();
// ignoreBOM: a name may start with U+FEFF, and stripping it would change its hash and its lookup.
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });

/**
 * Writes `count:u16, (len:u16, bytes)*` in engine order at the writer's position.
 * @throws MeboError INVALID_METRIC_NAMES_COUNT (more than 65535 names),
 *   INVALID_METRIC_NAME (a name longer than 65535 UTF-8 bytes).
 */
export function writeMetricNames(w: ByteWriter, names: readonly string[], bigEndian: boolean): void {
  if (names.length > MAX_METRIC_NAMES) {
    throw new MeboError(MeboErrorCode.InvalidMetricNamesCount, `${names.length} metric names exceed ${MAX_METRIC_NAMES}`);
  }
  const encoded = names.map((n) => encoder.encode(n));
  let size = 2;
  for (let i = 0; i < encoded.length; i++) {
    if (encoded[i].length > MAX_METRIC_NAME_BYTES) {
      throw new MeboError(MeboErrorCode.InvalidMetricName, `metric name ${i} is ${encoded[i].length} bytes, limit ${MAX_METRIC_NAME_BYTES}`);
    }
    size += 2 + encoded[i].length;
  }
  w.ensure(size);
  const le = !bigEndian;
  w.view.setUint16(w.pos, names.length, le);
  w.pos += 2;
  for (const b of encoded) {
    w.view.setUint16(w.pos, b.length, le);
    w.bytes.set(b, w.pos + 2);
    w.pos += 2 + b.length;
  }
}

/** The names payload as new bytes. @throws as {@link writeMetricNames}. */
export function encodeMetricNames(names: readonly string[], bigEndian: boolean): Uint8Array {
  const w = new ByteWriter(64);
  writeMetricNames(w, names, bigEndian);
  return w.finish();
}

/**
 * Reads the names payload at `offset`. As in Go, truncation is reported before a count mismatch;
 * the declared count is checked against the bytes left before anything is allocated.
 * @throws MeboError INVALID_METRIC_NAMES_PAYLOAD (truncated),
 *   INVALID_METRIC_NAMES_COUNT (count ≠ `expectedCount`, when given).
 */
export function decodeMetricNames(bytes: Uint8Array, offset: number, bigEndian: boolean, expectedCount?: number): MetricNames {
  const end = bytes.length;
  if (offset < 0 || end - offset < 2) throw truncatedNames('count', offset, end);
  const v = viewOf(bytes);
  const le = !bigEndian;
  const count = v.getUint16(offset, le);
  // Every name needs at least its 2-byte length: a larger count is certainly truncated.
  if (count * 2 > end - offset - 2) throw truncatedNames(`${count} name lengths`, offset + 2, end);
  const names = new Array<string>(count);
  const idHi = new Uint32Array(count);
  const idLo = new Uint32Array(count);
  const h: U64Halves = { hi: 0, lo: 0 };
  let p = offset + 2;
  for (let i = 0; i < count; i++) {
    if (end - p < 2) throw truncatedNames(`length of name ${i}`, p, end);
    const len = v.getUint16(p, le);
    p += 2;
    if (end - p < len) throw truncatedNames(`name ${i} (${len} bytes)`, p, end);
    names[i] = decoder.decode(bytes.subarray(p, p + len));
    xxHash64Into(bytes, h, p, p + len);
    idHi[i] = h.hi;
    idLo[i] = h.lo;
    p += len;
  }
  if (expectedCount !== undefined && count !== expectedCount) {
    throw new MeboError(MeboErrorCode.InvalidMetricNamesCount, `names payload has ${count} names, header says ${expectedCount} metrics`, offset);
  }
  return { names, byteLength: p - offset, idHi, idLo };
}

/**
 * Checks that name i hashes to index entry i's metric id (Go `VerifyMetricNamesHashes`).
 * @throws MeboError INVALID_METRIC_NAMES_COUNT (lengths differ), HASH_MISMATCH.
 */
export function verifyMetricNames(names: MetricNames, index: { readonly length: number; readonly idHi: ArrayLike<number>; readonly idLo: ArrayLike<number> }): void {
  if (names.names.length !== index.length) {
    throw new MeboError(MeboErrorCode.InvalidMetricNamesCount, `${names.names.length} names for ${index.length} index entries`);
  }
  for (let i = 0; i < index.length; i++) {
    if (names.idHi[i] !== index.idHi[i] || names.idLo[i] !== index.idLo[i]) {
      throw new MeboError(
        MeboErrorCode.HashMismatch,
        `metric name ${i}: hash 0x${u64Hex(names.idHi[i], names.idLo[i])} ≠ index id 0x${u64Hex(index.idHi[i], index.idLo[i])}`,
      );
    }
  }
}

function truncatedNames(what: string, at: number, end: number): MeboError {
  return new MeboError(MeboErrorCode.InvalidMetricNamesPayload, `metric names payload truncated: cannot read ${what}, ${Math.max(0, end - at)} bytes left`, at);
}
