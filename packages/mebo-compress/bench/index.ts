// Codec benchmark: every codec and the alternatives measured for it, side by side in one run, on
// seeded metric-like payloads (int64 timestamp + float64 value pairs, as a Raw-encoded mebo payload).
//
//   npm run bench            (from packages/mebo-compress; build @mebo/format first)
//   BENCH_MS=300 npm run bench   shorter runs (ms per cell, default 700)
//   BENCH_ONLY=random npm run bench   only the payloads whose label contains the word
import { compressBlock as lz4jsCompressBlock, decompressBlock as lz4jsDecompressBlock } from 'lz4js';
import { compressSync as napiCompress, uncompressSync as napiUncompress } from 'lz4-napi';
import { decompress as fzstdDecompress } from 'fzstd';
import { ZstdCodec as ZstdLib } from 'zstd-codec';
import type { ZstdBinding } from 'zstd-codec';
import { lz4Codec, loadZstdCodec, noneCodec, s2Codec, scanZstdFrames, zstdDecompress } from '../src/index.js';
import { SeededRandom } from '@mebo-internal/test-kit';
import { metricPayload, textPayload } from '../test/corpus.js';

const BENCH_MS = Number(process.env.BENCH_MS ?? 700);

interface Impl {
  codec: string;
  impl: string;
  compress?: (src: Uint8Array) => Uint8Array;
  /** Decodes the `compressed` bytes this row's `from` produced. */
  decompress?: (src: Uint8Array, size: number) => Uint8Array;
  /** Which row's compressed output the decoder reads (default: its own). */
  from?: string;
}

/** ns per call: the best of 7 rounds of BENCH_MS/7 each (the machine is shared; the best round is the least disturbed). */
function time(fn: () => unknown): number {
  fn();
  let best = Infinity;
  for (let round = 0; round < 7; round++) {
    let iters = 0;
    const start = process.hrtime.bigint();
    let elapsed = 0;
    while (elapsed < (BENCH_MS * 1e6) / 7 || iters < 2) {
      fn();
      iters++;
      elapsed = Number(process.hrtime.bigint() - start);
    }
    best = Math.min(best, elapsed / iters);
  }
  return best;
}

function mbps(bytes: number, ns: number): string {
  return ((bytes / ns) * 1e3).toFixed(0);
}

function check(a: Uint8Array, b: Uint8Array, label: string): void {
  if (a.length !== b.length || !Buffer.from(a).equals(Buffer.from(b))) throw new Error(`${label}: round trip mismatch`);
}

async function main(): Promise<void> {
  const zstd = await loadZstdCodec();
  const lib = await new Promise<ZstdBinding>((resolve) => ZstdLib.run(resolve));
  const simple = new lib.Simple();
  const streaming = new lib.Streaming();
  const lz4jsTable = new Uint32Array(1 << 16);

  const impls: Impl[] = [
    { codec: 'none', impl: 'noneCodec', compress: noneCodec.compress, decompress: (s) => noneCodec.decompress(s) },
    { codec: 'zstd', impl: 'ZstdCodec: zstd-codec L3 in ≤1 MiB frames / walk, then raw/RLE-only frames copied, others libzstd (sized ≤2 MiB) or fzstd stream', compress: (s) => zstd.compress(s), decompress: (s) => zstd.decompress(s) },
    { codec: 'zstd', impl: 'ZstdCodec before load(): walk, then raw/RLE-only frames copied, others fzstd stream', from: 'zstd', decompress: (s) => zstdDecompress(s) },
    {
      codec: 'zstd',
      impl: 'before a5745c7: walk + libzstd also for raw/RLE-only frames',
      from: 'zstd',
      decompress: (s) => (scanZstdFrames(s, 1 << 27).frames.length === 1 ? simple.decompress(s)! : zstd.decompress(s)),
    },
    { codec: 'zstd', impl: 'alt: fzstd.decompress one-shot', from: 'zstd', decompress: (s) => fzstdDecompress(s) },
    { codec: 'zstd', impl: 'alt: zstd-codec Simple (needs content size)', compress: (s) => simple.compress(s, 3)!, decompress: (s) => simple.decompress(s)! },
    { codec: 'zstd', impl: 'alt: zstd-codec Streaming', compress: (s) => streaming.compress(s, 3)!, decompress: (s) => streaming.decompress(s)! },
    { codec: 's2', impl: 's2Codec (ours, TS)', compress: s2Codec.compress, decompress: (s) => s2Codec.decompress(s) },
    { codec: 'lz4', impl: 'lz4Codec (ours, TS)', compress: lz4Codec.compress, decompress: (s) => lz4Codec.decompress(s) },
    { codec: 'lz4', impl: 'ours, decoder given the exact size', from: 'lz4', decompress: (s, n) => lz4Codec.decompress(s, n) },
    {
      codec: 'lz4',
      impl: 'alt: lz4js block (bound = exact size)',
      compress: (s) => {
        const dst = new Uint8Array(s.length + Math.ceil(s.length / 255) + 16);
        const n = lz4jsCompressBlock(s, dst, 0, s.length, lz4jsTable.fill(0));
        return dst.slice(0, n);
      },
      decompress: (s, n) => {
        const dst = new Uint8Array(n);
        const end = lz4jsDecompressBlock(s, dst, 0, s.length, 0);
        return dst.subarray(0, end);
      },
    },
    {
      codec: 'lz4',
      impl: 'alt: lz4-napi, u32 bound prefix = exact size',
      compress: (s) => napiCompress(Buffer.from(s.buffer, s.byteOffset, s.length)).subarray(4),
      decompress: (s, n) => napiUncompress(prefixed(s, n)),
    },
    { codec: 'lz4', impl: 'alt: lz4-napi, bound = 4 x input (Go\'s first try)', from: 'alt: lz4-napi, u32 bound prefix = exact size', decompress: (s) => napiUncompress(prefixed(s, s.length * 4)) },
  ];

  const allPayloads: [string, Uint8Array][] = [
    ['metric 1 MiB', metricPayload(1, 1 << 20)],
    ['metric 16 KiB', metricPayload(2, 16 << 10)],
    ['text 64 KiB', textPayload(3, 64 << 10)],
    // zstd cannot shrink it: frames of raw blocks only, which ZstdCodec copies without a decoder
    ['random 256 KiB (incompressible)', new SeededRandom(4).bytes(256 << 10)],
  ];
  const only = process.env.BENCH_ONLY;
  const payloads = allPayloads.filter(([label]) => only === undefined || label.includes(only));
  console.log(`@mebo/compress codecs, Node ${process.version}, best of 7 rounds in ${BENCH_MS} ms per cell; MB/s of uncompressed bytes`);
  for (const [label, input] of payloads) {
    console.log(`\n## ${label} (${input.length} bytes, seeded)\n`);
    console.log('| codec | implementation | ratio | compress MB/s | decompress MB/s | decompress vs chosen |');
    console.log('| --- | --- | --- | --- | --- | --- |');
    const outputs = new Map<string, Uint8Array>();
    const chosen = new Map<string, number>();
    for (const im of impls) {
      const key = im.impl === impls.find((x) => x.codec === im.codec)!.impl ? im.codec : im.impl;
      let cNs = NaN;
      let enc: Uint8Array | undefined;
      if (im.compress) {
        enc = im.compress(input);
        cNs = time(() => im.compress!(input));
        outputs.set(key, enc);
      } else enc = outputs.get(im.from ?? im.codec);
      let dNs = NaN;
      if (im.decompress && enc) {
        const src = im.from ? outputs.get(im.from)! : enc;
        try {
          check(im.decompress(src, input.length), input, im.impl);
        } catch (e) {
          // lz4js, for one, writes nothing for input it cannot shrink
          if (!im.impl.startsWith('alt:')) throw e;
          console.log(`| ${im.codec} | ${im.impl} | fails here: ${e instanceof Error ? e.message : String(e)} | | | |`);
          continue;
        }
        dNs = time(() => im.decompress!(src, input.length));
        if (!chosen.has(im.codec)) chosen.set(im.codec, dNs);
      }
      const ratio = enc ? (input.length / Math.max(1, enc.length)).toFixed(3) : '';
      const rel = Number.isNaN(dNs) ? '' : `${(chosen.get(im.codec)! / dNs).toFixed(2)}x`;
      console.log(`| ${im.codec} | ${im.impl} | ${im.compress ? ratio : `(reads ${im.from ?? im.codec})`} | ${Number.isNaN(cNs) ? '' : mbps(input.length, cNs)} | ${Number.isNaN(dNs) ? '' : mbps(input.length, dNs)} | ${rel} |`);
    }
  }
}

function prefixed(block: Uint8Array, bound: number): Buffer {
  const b = Buffer.allocUnsafe(block.length + 4);
  b.writeUInt32LE(bound, 0);
  b.set(block, 4);
  return b;
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
