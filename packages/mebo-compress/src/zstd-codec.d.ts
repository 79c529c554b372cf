// The parts of zstd-codec 0.1.5 (CommonJS, no bundled types) that @mebo/compress uses.
declare module 'zstd-codec' {
  export interface ZstdSimple {
    /** One frame with its content size; null on failure (e.g. the 16 MiB wasm heap is exhausted). */
    compress(content: Uint8Array, level?: number): Uint8Array | null;
    /** Null when the frame has no content size. */
    decompress(compressed: Uint8Array): Uint8Array | null;
  }
  export interface ZstdStreaming {
    compress(content: Uint8Array, level?: number): Uint8Array | null;
    decompress(compressed: Uint8Array, sizeHint?: number): Uint8Array | null;
  }
  export interface ZstdBinding {
    Simple: new () => ZstdSimple;
    Streaming: new () => ZstdStreaming;
  }
  export const ZstdCodec: { run(callback: (zstd: ZstdBinding) => void): void };
}
