import { SeededRandom } from '@mebo-internal/test-kit';

/** Seeded inputs shaped like mebo payloads, shared by the interop test and the benchmark. */

const WORDS = 'cpu memory disk network latency request error ok host region zone pod container service value status GET POST api'.split(' ');

/** n (int64 µs timestamp, float64 value) little-endian pairs: 1 s steps with jitter, a random walk rounded to cents. */
export function metricPayload(seed: number, bytes: number): Uint8Array {
  const rng = new SeededRandom(seed);
  const n = Math.floor(bytes / 16);
  const out = new Uint8Array(bytes);
  const view = new DataView(out.buffer);
  let ts = 1_704_067_200_000_000;
  let v = 100;
  for (let i = 0; i < n; i++) {
    ts += 1_000_000 + rng.int(2001) - 1000;
    v += rng.next() - 0.5;
    view.setBigInt64(16 * i, BigInt(ts), true);
    view.setFloat64(16 * i + 8, Math.round(v * 100) / 100, true);
  }
  return out;
}

export function textPayload(seed: number, bytes: number): Uint8Array {
  const rng = new SeededRandom(seed);
  const parts: string[] = [];
  let len = 0;
  while (len < bytes) {
    const w = WORDS[rng.int(WORDS.length)] + (rng.int(12) === 0 ? '\n' : ' ');
    parts.push(w);
    len += w.length;
  }
  return new TextEncoder().encode(parts.join('')).subarray(0, bytes);
}

/** Runs of one byte, each 1..maxRun long. */
export function runsPayload(seed: number, bytes: number, maxRun: number): Uint8Array {
  const rng = new SeededRandom(seed);
  const out = new Uint8Array(bytes);
  for (let p = 0; p < bytes; ) {
    const l = Math.min(bytes - p, 1 + rng.int(maxRun));
    out.fill(rng.int(4), p, p + l);
    p += l;
  }
  return out;
}

/** A random block, text, then the block again: matches further back than 64 KiB. */
export function farPayload(seed: number): Uint8Array {
  const block = new SeededRandom(seed).bytes(30_000);
  const text = textPayload(seed + 1, 100_000);
  const out = new Uint8Array(block.length * 2 + text.length);
  out.set(block, 0);
  out.set(text, block.length);
  out.set(block, block.length + text.length);
  return out;
}

/** The interop corpus: name → input. */
export function interopCorpus(): [string, Uint8Array][] {
  return [
    ['empty', new Uint8Array(0)],
    ['one-byte', new Uint8Array([0x42])],
    ['text-200', textPayload(1, 200)],
    ['text-20k', textPayload(2, 20_000)],
    ['metric-64k', metricPayload(3, 65_536)],
    ['random-16k', new SeededRandom(4).bytes(16_384)],
    ['runs-100k', runsPayload(5, 100_000, 3000)],
    ['runs-long-3m', runsPayload(6, 3 * 1024 * 1024 + 17, 300_000)],
    ['far-160k', farPayload(7)],
    ['metric-1m', metricPayload(8, 1 << 20)],
    // incompressible, over one 1 MiB zstd frame: two frames of raw blocks from our writer
    ['random-1100k', new SeededRandom(9).bytes(1_100_000)],
  ];
}
