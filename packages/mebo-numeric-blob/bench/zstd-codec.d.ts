// The parts of zstd-codec 0.1.5 (CommonJS, no bundled types) that bench/zstd-payloads.ts uses.
declare module 'zstd-codec' {
  export const ZstdCodec: { run(callback: (zstd: unknown) => void): void };
}
