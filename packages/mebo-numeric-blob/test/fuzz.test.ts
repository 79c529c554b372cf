import { MeboError } from '@mebo/format';
import { expectOnly } from '@mebo-internal/test-kit';
import { decodeNumericBlob } from '../src/index.js';
import { loadTestCodecs, testCodecs } from './codecs.js';
import { fuzzNumeric, fuzzSeeds, readEverything } from './fuzz-kit.js';

beforeAll(loadTestCodecs);

test('10,000 seeded mutations of the Go vectors: only MeboError escapes, the decoder stays usable', () => {
  const stats = fuzzNumeric(fuzzSeeds(), 10_000, 0x5eed, testCodecs());
  expect(stats.cases).toBe(10_000);
  expect(stats.rejected).toBeGreaterThan(1000);
  expect(stats.accepted).toBeGreaterThan(100); // some payload-only flips still decode
});

test('hostile hand-made inputs', () => {
  const hostile: Uint8Array[] = [
    new Uint8Array(0),
    new Uint8Array(32),
    Uint8Array.from({ length: 64 }, (_, i) => (i < 2 ? [0x30, 0xea][i] : 0xff)),
    // V2 extended, one metric declaring 2^32-1 ALP points in a tiny column
    (() => {
      const b = new Uint8Array(32 + 32 + 16);
      const v = new DataView(b.buffer);
      v.setUint16(0, 0xea30, true);
      b[2] = 0x62;
      b[3] = 0x11;
      v.setUint32(12, 1, true);
      v.setUint32(16, 32, true);
      v.setUint32(20, 64, true);
      v.setUint32(24, 64, true);
      v.setUint32(28, 80, true);
      v.setUint32(32 + 8, 0xffffffff, true);
      b[64] = 0; // ALP main scheme, width 0
      return b;
    })(),
  ];
  for (const [i, b] of hostile.entries()) {
    expect(expectOnly(MeboError, `hostile ${i}`, () => readEverything(decodeNumericBlob(b, { codecs: testCodecs() })))).toBeInstanceOf(MeboError);
  }
});
