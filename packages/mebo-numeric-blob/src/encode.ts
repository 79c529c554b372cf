import { NumericEncoder } from './numeric-encoder.js';
import type { NumericEncoderOptions } from './options.js';

/** One metric for {@link encodeNumericBlob}: `id` (bigint) or `name`, and its columns. */
export interface NumericMetricInput {
  readonly id?: bigint;
  readonly name?: string;
  readonly timestamps: ArrayLike<number>;
  readonly values: ArrayLike<number>;
  readonly tags?: readonly string[];
}

/**
 * Encodes whole metrics in one call (a {@link NumericEncoder} underneath).
 * @param startTime Unix microseconds
 * @throws MeboError as the encoder's methods
 */
export function encodeNumericBlob(startTime: number, metrics: readonly NumericMetricInput[], options: Readonly<Partial<NumericEncoderOptions>> = {}): Uint8Array {
  const enc = new NumericEncoder(startTime, options);
  for (const m of metrics) {
    enc.startMetric(m.id ?? m.name ?? '', m.timestamps.length);
    enc.addPoints(m.timestamps, m.values, m.tags);
    enc.endMetric();
  }
  return enc.finish();
}
