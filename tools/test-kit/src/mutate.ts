import type { SeededRandom } from './random.js';

/** The ways a fuzz case corrupts a valid input. */
export type MutationKind = 'bitflip' | 'truncate' | 'splice' | 'byte' | 'extend';

/** One seeded corruption of `src` (never modified): bit flips, truncation, a copied span, random bytes. */
export function mutate(src: Uint8Array, rng: SeededRandom, kind?: MutationKind): Uint8Array {
  const kinds: MutationKind[] = ['bitflip', 'truncate', 'splice', 'byte', 'extend'];
  const k = kind ?? kinds[rng.int(kinds.length)];
  const n = src.length;
  switch (k) {
    case 'bitflip': {
      const out = src.slice();
      const flips = 1 + rng.int(4);
      for (let i = 0; i < flips && n > 0; i++) out[rng.int(n)] ^= 1 << rng.int(8);
      return out;
    }
    case 'truncate':
      return src.slice(0, rng.int(n + 1));
    case 'splice': {
      const out = src.slice();
      if (n < 2) return out;
      const len = 1 + rng.int(Math.min(32, n - 1));
      const from = rng.int(n - len + 1);
      const to = rng.int(n - len + 1);
      out.copyWithin(to, from, from + len);
      return out;
    }
    case 'byte': {
      const out = src.slice();
      const v = [0x00, 0xff, 0x7f, 0x80][rng.int(4)];
      for (let i = 0, c = 1 + rng.int(3); i < c && n > 0; i++) out[rng.int(n)] = v;
      return out;
    }
    case 'extend': {
      const extra = rng.bytes(1 + rng.int(16));
      const out = new Uint8Array(n + extra.length);
      out.set(src);
      out.set(extra, n);
      return out;
    }
  }
}

/**
 * The fuzz contract: `decode` may return or throw an instance of `allowed`, nothing else.
 * Returns the error it caught (or undefined) and rethrows anything foreign, labelled with the case.
 */
export function expectOnly(allowed: abstract new (...args: never[]) => Error, label: string, decode: () => unknown): Error | undefined {
  try {
    decode();
    return undefined;
  } catch (e) {
    if (e instanceof allowed) return e;
    const msg = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    throw new Error(`${label}: foreign error escaped: ${msg}`, { cause: e });
  }
}
