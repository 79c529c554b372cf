/** Text-blob format constants (mebo v1.9.0, section/const.go, section/text_*.go). */

export const HEADER_SIZE = 32;
export const INDEX_ENTRY_SIZE = 16;

/** A value or tag has a u8 length prefix: at most 255 UTF-8 bytes. */
export const MAX_TEXT_BYTES = 255;
/** Points per metric: the index entry's count is a u16. */
export const MAX_POINTS_PER_METRIC = 65535;
/** Metrics a decoder accepts by default (Go blob.MaxMetricCount). */
export const MAX_METRIC_COUNT = 65536;
/**
 * Metrics the encoder writes: 65535, the text header's limit in @mebo/format (Go's text encoder
 * would write 65536 in ID mode; its NewTextHeader caps at 65535).
 */
export const MAX_ENCODER_METRICS = 65535;
/** Names per names payload (u16 count) and bytes per name (u16 length). */
export const MAX_NAMES = 65535;
export const MAX_NAME_BYTES = 65535;
/** Go's decompression cap: 128 MiB. */
export const DEFAULT_MAX_DECOMPRESSED_BYTES = 128 * 1024 * 1024;
/** Raw timestamps go through the u8-length string writer in Go: a 0x08 prefix, then 8 bytes. */
export const RAW_TS_PREFIX = 8;
