/** Text-blob format constants (mebo v1.9.0, section/const.go, section/text_*.go). */

/** Options word magic for text blobs (bits 4–15). */
export const TEXT_MAGIC = 0xeb10;
export const MAGIC_MASK = 0xfff0;
export const TAG_BIT = 0x0001;
export const BIG_ENDIAN_BIT = 0x0002;
export const NAMES_BIT = 0x0004;
/** Bit 3 is reserved in text blobs and must be 0 (Go: ErrInvalidHeaderFlags). */
export const RESERVED_BIT = 0x0008;

export const HEADER_SIZE = 32;
export const INDEX_ENTRY_SIZE = 16;

/** A value or tag has a u8 length prefix: at most 255 UTF-8 bytes. */
export const MAX_TEXT_BYTES = 255;
/** Points per metric: the index entry's count is a u16. */
export const MAX_POINTS_PER_METRIC = 65535;
/** Metrics per blob (Go blob.MaxMetricCount). */
export const MAX_METRIC_COUNT = 65536;
/** Names per names payload (u16 count) and bytes per name (u16 length). */
export const MAX_NAMES = 65535;
export const MAX_NAME_BYTES = 65535;
/** Go's decompression cap: 128 MiB. */
export const DEFAULT_MAX_DECOMPRESSED_BYTES = 128 * 1024 * 1024;
/** Raw timestamps go through the u8-length string writer in Go: a 0x08 prefix, then 8 bytes. */
export const RAW_TS_PREFIX = 8;
