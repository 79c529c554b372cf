import fc from 'fast-check';
import { SeededRandom } from '@mebo-internal/test-kit';
import { lz4Codec, loadZstdCodec, noneCodec, s2Codec, ZSTD_FRAME_INPUT } from '../src/index.js';
import type { Codec } from '../src/index.js';
import { interopCorpus, metricPayload } from './corpus.js';

// Property: decompress(compress(x)) === x, for each codec, on seeded random inputs shaped like
// mebo payloads (repeats, runs, small alphabets) as well as plain random bytes.
let codecs: Codec[];
beforeAll(async () => {
  codecs = [noneCodec, await loadZstdCodec(), s2Codec, lz4Codec];
});

/** Byte arrays built from pieces: random bytes, runs, and copies of earlier bytes (near and far). */
const payload = fc
  .array(
    fc.oneof(
      fc.uint8Array({ maxLength: 64 }).map((b) => ({ kind: 'lit' as const, b })),
      fc.record({ kind: fc.constant('run' as const), v: fc.integer({ min: 0, max: 255 }), n: fc.integer({ min: 1, max: 3000 }) }),
      fc.record({ kind: fc.constant('copy' as const), back: fc.integer({ min: 1, max: 70000 }), n: fc.integer({ min: 1, max: 300 }) }),
    ),
    { maxLength: 40 },
  )
  .map((parts) => {
    const out: number[] = [];
    for (const p of parts) {
      if (p.kind === 'lit') for (const x of p.b) out.push(x);
      else if (p.kind === 'run') for (let i = 0; i < p.n; i++) out.push(p.v);
      else if (out.length > 0) {
        const from = Math.max(0, out.length - p.back);
        for (let i = 0; i < p.n; i++) out.push(out[from + i]);
      }
    }
    return Uint8Array.from(out);
  });

function roundTrip(codec: Codec, input: Uint8Array): void {
  const enc = codec.compress(input);
  const dec = codec.decompress(enc);
  expect(dec.length).toBe(input.length);
  expect(Buffer.from(dec).equals(Buffer.from(input))).toBe(true);
}

describe.each(['none', 'zstd', 's2', 'lz4'])('%s round trip', (name) => {
  const codec = (): Codec => codecs.find((c) => c.name === name)!;

  it('holds for structured payloads (fast-check, seeded)', () => {
    fc.assert(
      fc.property(payload, (input) => roundTrip(codec(), input)),
      { seed: 20261126, numRuns: 150 },
    );
  });

  it('holds for random bytes of any small length (fast-check, seeded)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (input) => roundTrip(codec(), input)),
      { seed: 42, numRuns: 200 },
    );
  });

  it('holds at the edges: empty, 1 byte, lengths around the end-of-block rules', () => {
    const rng = new SeededRandom(7);
    for (let n = 0; n <= 40; n++) {
      roundTrip(codec(), new Uint8Array(n).fill(0x61));
      roundTrip(codec(), rng.bytes(n));
    }
    expect(codec().compress(new Uint8Array(0)).length).toBe(0);
  });

  it('holds for the interop corpus and metric payloads of many sizes', () => {
    for (const [, input] of interopCorpus()) roundTrip(codec(), input);
    for (let n = 16; n <= 1 << 18; n *= 4) roundTrip(codec(), metricPayload(n, n));
  });

  it('holds for a large payload with long runs and far repeats', () => {
    const rng = new SeededRandom(11);
    const block = rng.bytes(90_000);
    const input = new Uint8Array(ZSTD_FRAME_INPUT * 2 + 12345);
    for (let p = 0; p < input.length; p += block.length + 5000) {
      input.set(block.subarray(0, Math.min(block.length, input.length - p)), p);
    }
    roundTrip(codec(), input);
  });
});
