import { MeboError, MeboErrorCode } from '../errors.js';
import { ByteWriter } from '../bytes/byte-writer.js';
import { viewOf } from './checks.js';

/**
 * One group of the V2 shared-timestamp table (§3.8): `members` reuse the timestamp column of
 * `canonical`. Both are positions in the final (sorted) index.
 */
export interface SharedTimestampGroup {
  canonical: number;
  members: number[];
}

/** Encoded size: `2 + Σ (4 + 2 × members)`. */
export function sharedTimestampTableSize(groups: readonly SharedTimestampGroup[]): number {
  let size = 2;
  for (const g of groups) size += 4 + 2 * g.members.length;
  return size;
}

/**
 * Writes the table (u16s in engine order) at the writer's position.
 * @throws MeboError INVALID_SHARED_TIMESTAMP_TABLE when the groups break a decoder rule for
 *   `metricCount` metrics (no group, index out of range, an index used twice, a self-member).
 */
export function writeSharedTimestampTable(w: ByteWriter, groups: readonly SharedTimestampGroup[], metricCount: number, bigEndian: boolean): void {
  validateGroups(groups, metricCount);
  const size = sharedTimestampTableSize(groups);
  w.ensure(size);
  const v = w.view;
  const le = !bigEndian;
  let p = w.pos;
  v.setUint16(p, groups.length, le);
  p += 2;
  for (const g of groups) {
    v.setUint16(p, g.canonical, le);
    v.setUint16(p + 2, g.members.length, le);
    p += 4;
    for (const m of g.members) {
      v.setUint16(p, m, le);
      p += 2;
    }
  }
  w.pos = p;
}

/** The table as new bytes. @throws as {@link writeSharedTimestampTable}. */
export function encodeSharedTimestampTable(groups: readonly SharedTimestampGroup[], metricCount: number, bigEndian: boolean): Uint8Array {
  const w = new ByteWriter(sharedTimestampTableSize(groups));
  writeSharedTimestampTable(w, groups, metricCount, bigEndian);
  return w.finish();
}

/**
 * Decodes the table from its exact region (`blob[indexEnd : TimestampPayloadOffset]`; an empty
 * region — bit 3 set without a table — is rejected too). Truncation is found before anything is
 * allocated; then Go's rules apply group by group.
 * @throws MeboError INVALID_SHARED_TIMESTAMP_TABLE.
 */
export function decodeSharedTimestampTable(region: Uint8Array, bigEndian: boolean, metricCount: number): SharedTimestampGroup[] {
  const len = region.length;
  if (len < 2) throw bad(`table of ${len} bytes is too short`);
  const v = viewOf(region);
  const le = !bigEndian;
  const groupCount = v.getUint16(0, le);
  if (groupCount === 0) throw bad('table has no groups');
  // Pre-scan: every group and its members fit the region.
  let p = 2;
  for (let i = 0; i < groupCount; i++) {
    if (len - p < 4) throw bad(`truncated at group ${i}`);
    const members = v.getUint16(p + 2, le);
    p += 4;
    if (len - p < 2 * members) throw bad(`truncated in the members of group ${i}`);
    p += 2 * members;
  }
  if (p !== len) throw bad(`${len - p} trailing bytes`);
  // u16 indices: at most 65536 distinct positions are ever needed.
  const status = new Uint8Array(Math.min(metricCount, 0x10000)); // 0 unused, 1 canonical, 2 member
  const groups = new Array<SharedTimestampGroup>(groupCount);
  p = 2;
  for (let i = 0; i < groupCount; i++) {
    const canonical = v.getUint16(p, le);
    const count = v.getUint16(p + 2, le);
    p += 4;
    if (canonical >= metricCount) throw bad(`canonical index ${canonical} ≥ metric count ${metricCount}`);
    if (status[canonical] === 1) throw bad(`canonical index ${canonical} appears in two groups`);
    if (status[canonical] === 2) throw bad(`canonical index ${canonical} is already a member`);
    const members = new Array<number>(count);
    for (let j = 0; j < count; j++, p += 2) {
      const m = v.getUint16(p, le);
      if (m >= metricCount) throw bad(`member index ${m} ≥ metric count ${metricCount}`);
      if (m === canonical) throw bad(`canonical index ${canonical} shares with itself`);
      if (status[m] !== 0) throw bad(`member index ${m} is already assigned`);
      status[m] = 2;
      members[j] = m;
    }
    status[canonical] = 1;
    groups[i] = { canonical, members };
  }
  return groups;
}

/**
 * Copies each canonical's timestamp offset and length onto its members (counts are untouched).
 * Run it on a decoded index after {@link decodeSharedTimestampTable}.
 * @throws MeboError INVALID_INDEX_ENTRY_SIZE when the index is shorter than a group needs.
 */
export function applySharedTimestampTable(
  groups: readonly SharedTimestampGroup[],
  index: { readonly length: number; readonly tsOffsets: Uint32Array; readonly tsLengths: Uint32Array },
): void {
  for (const g of groups) {
    let max = g.canonical;
    for (const m of g.members) if (m > max) max = m;
    if (max >= index.length) throw new MeboError(MeboErrorCode.InvalidIndexEntrySize, `shared table refers to entry ${max}, index has ${index.length}`);
    const off = index.tsOffsets[g.canonical];
    const len = index.tsLengths[g.canonical];
    for (const m of g.members) {
      index.tsOffsets[m] = off;
      index.tsLengths[m] = len;
    }
  }
}

/**
 * The encoder's detection (§3.8, BYTE-IDENTICAL): over the final per-metric encoded, uncompressed
 * timestamp columns, the first metric with a byte sequence is canonical and later identical ones
 * are its members in ascending order; groups come in ascending canonical order and only groups
 * with members are returned. Go buckets by (xxHash64, length); any bucket key gives the same
 * groups because equality is confirmed byte for byte, so a cheaper FNV-1a key is used here.
 */
export function findSharedTimestampGroups(columns: readonly Uint8Array[]): SharedTimestampGroup[] {
  if (columns.length < 2) return [];
  const seen = new Map<number, SharedTimestampGroup[]>();
  const all: SharedTimestampGroup[] = [];
  outer: for (let i = 0; i < columns.length; i++) {
    const c = columns[i];
    const key = (fnv1a(c) ^ Math.imul(c.length, 0x9e3779b1)) >>> 0;
    const candidates = seen.get(key);
    if (candidates) {
      for (const g of candidates) {
        if (equalBytes(columns[g.canonical], c)) {
          g.members.push(i);
          continue outer;
        }
      }
    }
    const g = { canonical: i, members: [] };
    all.push(g);
    if (candidates) candidates.push(g);
    else seen.set(key, [g]);
  }
  return all.filter((g) => g.members.length > 0);
}

/** 32-bit FNV-1a: a bucket key only. */
function fnv1a(b: Uint8Array): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < b.length; i++) h = Math.imul(h ^ b[i], 0x01000193);
  return h >>> 0;
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function validateGroups(groups: readonly SharedTimestampGroup[], metricCount: number): void {
  if (groups.length === 0) throw bad('table has no groups');
  if (groups.length > 0xffff) throw bad(`${groups.length} groups exceed 65535`);
  const used = new Set<number>();
  for (const g of groups) {
    if (!isU16(g.canonical) || g.canonical >= metricCount) throw bad(`canonical index ${g.canonical} out of range`);
    if (used.has(g.canonical)) throw bad(`canonical index ${g.canonical} used twice`);
    used.add(g.canonical);
    if (g.members.length > 0xffff) throw bad(`${g.members.length} members exceed 65535`);
    for (const m of g.members) {
      if (!isU16(m) || m >= metricCount) throw bad(`member index ${m} out of range`);
      if (used.has(m)) throw bad(`member index ${m} used twice`);
      used.add(m);
    }
  }
}

function isU16(v: number): boolean {
  return Number.isInteger(v) && v >= 0 && v <= 0xffff;
}

function bad(msg: string): MeboError {
  return new MeboError(MeboErrorCode.InvalidSharedTimestampTable, `shared-timestamp table: ${msg}`);
}
