/** Column encodings, with the byte values Go mebo writes (format/types.go). 0 is never valid. */
export const EncodingType = { Raw: 0x1, Delta: 0x2, Gorilla: 0x3, Chimp: 0x4, DeltaPacked: 0x5, ALP: 0x6 } as const;
export type EncodingType = (typeof EncodingType)[keyof typeof EncodingType];

/** Column compressions, with Go's byte values. 0 is never valid. */
export const CompressionType = { None: 0x1, Zstd: 0x2, S2: 0x3, LZ4: 0x4 } as const;
export type CompressionType = (typeof CompressionType)[keyof typeof CompressionType];

export function encodingName(e: number): string {
  for (const [k, v] of Object.entries(EncodingType)) if (v === e) return k;
  return `unknown(0x${e.toString(16)})`;
}

export function compressionName(c: number): string {
  for (const [k, v] of Object.entries(CompressionType)) if (v === c) return k;
  return `unknown(0x${c.toString(16)})`;
}
