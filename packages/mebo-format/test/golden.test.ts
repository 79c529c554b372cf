import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CompressionType, MeboError, MeboErrorCode, isSortedByMetricId, u64FromHalves } from '../src/index.js';
import { walkNumeric, walkText } from './sections.js';

/**
 * Go's decoder verdicts on seeded corruptions of Go-written blobs (test/golden/README.md): the
 * section decoders must agree. Go ok → our walk succeeds with the same ids and counts; Go code →
 * the same MeboErrorCode; Go panic → a MeboError; skip → Go failed outside the sections (zstd).
 * Documented divergence: a start time beyond ±2^53 µs is CORRUPT_DATA here, found in the header
 * before any later check (Go accepts any i64). A V2 index Go reads with unsorted ids must be
 * reported unsorted by isSortedByMetricId (Go's binary search then misses metrics).
 */
interface Op {
  set?: [number, string];
  truncate?: number;
  append?: string;
}
interface Verdict {
  ok?: boolean;
  ids?: string[];
  counts?: number[];
  unsorted?: boolean;
  tagLength?: number;
  code?: string;
  skip?: string;
  panic?: string;
}
interface Case {
  seed: string;
  ops: Op[];
  expect: Verdict;
}

const dir = join(__dirname, 'golden');
const manifest = JSON.parse(readFileSync(join(dir, 'sections.json'), 'utf8')) as { writer: string; seeds: string[]; cases: Case[] };
const seeds = new Map(manifest.seeds.map((s) => [s, new Uint8Array(readFileSync(join(dir, 'sections', `${s}.blob`)))]));

function fromHex(h: string): Uint8Array {
  return Uint8Array.from(h.match(/../g) ?? [], (b) => parseInt(b, 16));
}

function apply(src: Uint8Array, ops: Op[]): Uint8Array {
  let b = src.slice();
  for (const op of ops) {
    if (op.set) b.set(fromHex(op.set[1]), op.set[0]);
    else if (op.truncate !== undefined) b = b.slice(0, op.truncate);
    else if (op.append) {
      const extra = fromHex(op.append);
      const next = new Uint8Array(b.length + extra.length);
      next.set(b);
      next.set(extra, b.length);
      b = next;
    }
  }
  return b;
}

/** Our verdict: ids/counts sorted by id, or the error code. */
function ours(text: boolean, blob: Uint8Array, tagLength?: number): { ids?: string[]; counts?: number[]; sorted?: boolean; code?: string } {
  try {
    if (text) {
      const { header, index } = walkText(blob);
      // What Go's decoder checks next for an uncompressed data section (the text-blob package does it for real).
      if (header.dataCompression === CompressionType.None && blob.length - header.dataOffset !== header.dataSize) {
        return { code: MeboErrorCode.DataSizeMismatch };
      }
      return sorted(index.length, index.idHi, index.idLo, index.counts);
    }
    const { index } = walkNumeric(blob, tagLength);
    return { ...sorted(index.length, index.idHi, index.idLo, index.counts), sorted: isSortedByMetricId(index) };
  } catch (e) {
    if (e instanceof MeboError) return { code: e.code };
    throw e;
  }
}

function sorted(n: number, hi: Uint32Array, lo: Uint32Array, counts: Uint32Array): { ids: string[]; counts: number[] } {
  const rows = Array.from({ length: n }, (_, i) => ({ id: u64FromHalves(hi[i], lo[i]), count: counts[i] }));
  rows.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { ids: rows.map((r) => r.id.toString()), counts: rows.map((r) => r.count) };
}

describe(`golden sections written by ${manifest.writer}`, () => {
  it('has the seeds and enough cases', () => {
    expect(seeds.size).toBe(8);
    expect(manifest.cases.length).toBeGreaterThanOrEqual(2000);
  });

  it('agrees with Go on every case', () => {
    const mismatches: string[] = [];
    const tally = new Map<string, number>();
    manifest.cases.forEach((c, i) => {
      const src = seeds.get(c.seed);
      if (!src) throw new Error(`unknown seed ${c.seed}`);
      const text = c.seed.startsWith('text-');
      const blob = apply(src, c.ops);
      const got = ours(text, blob, c.expect.tagLength);
      const want = c.expect;
      let verdict: string;
      if (got.code === MeboErrorCode.CorruptData && !Number.isSafeInteger(startTimeOf(blob))) {
        // Documented divergence: Go accepts any i64 start time; we reject it in the header, before later checks.
        verdict = 'unsafe-start-time';
      } else if (want.ok) {
        verdict = want.unsorted ? 'ok/unsorted' : 'ok';
        if (got.code) mismatches.push(`case ${i} (${c.seed}): Go ok, ours ${got.code}`);
        else if (want.unsorted) {
          if (got.sorted !== false || JSON.stringify(got.ids) !== JSON.stringify(want.ids)) mismatches.push(`case ${i} (${c.seed}): unsorted V2 index not seen as such`);
        } else if (want.ids && JSON.stringify([got.ids, got.counts]) !== JSON.stringify([want.ids, want.counts])) {
          mismatches.push(`case ${i} (${c.seed}): ids/counts ${JSON.stringify(got)} ≠ ${JSON.stringify(want)}`);
        }
      } else if (want.code) {
        verdict = want.code;
        const textCompressed = text && want.code === MeboErrorCode.DataSizeMismatch && blob.length >= 4 && blob[3] !== CompressionType.None;
        if (textCompressed ? got.code !== undefined : got.code !== want.code) {
          mismatches.push(`case ${i} (${c.seed}): Go ${want.code}, ours ${got.code ?? 'ok'}`);
        }
      } else if (want.panic !== undefined) {
        verdict = 'panic';
        if (!got.code) mismatches.push(`case ${i} (${c.seed}): Go panics (${want.panic}), ours accepts`);
      } else {
        verdict = 'skip';
      }
      tally.set(verdict, (tally.get(verdict) ?? 0) + 1);
    });
    expect(mismatches).toEqual([]);
    if (process.env.GOLDEN_TALLY) console.log(Object.fromEntries(tally));
    // The corpus must exercise the section rules, not just one of them.
    expect(tally.get('ok')).toBeGreaterThan(500);
    for (const code of [
      MeboErrorCode.InvalidHeaderSize,
      MeboErrorCode.InvalidMagicNumber,
      MeboErrorCode.InvalidHeaderFlags,
      MeboErrorCode.InvalidTimestampPayloadOffset,
      MeboErrorCode.InvalidValuePayloadOffset,
      MeboErrorCode.InvalidTagPayloadOffset,
      MeboErrorCode.InvalidIndexEntrySize,
      MeboErrorCode.InvalidIndexOffsets,
      MeboErrorCode.InvalidReservedBytes,
      MeboErrorCode.InvalidSharedTimestampTable,
      MeboErrorCode.InvalidMetricNamesPayload,
      MeboErrorCode.InvalidMetricNamesCount,
      MeboErrorCode.HashMismatch,
    ]) {
      expect([code, tally.get(code) ?? 0]).toEqual([code, expect.any(Number)]);
      expect(tally.get(code)).toBeGreaterThan(0);
    }
  });
});

function startTimeOf(blob: Uint8Array): number {
  if (blob.length < 12) return 0;
  const v = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
  const be = (blob[0] & 2) !== 0;
  return v.getInt32(be ? 4 : 8, !be) * 2 ** 32 + v.getUint32(be ? 8 : 4, !be);
}
