import { ByteReader } from '../shared/bytes.js';
import {
  FILE_VERSION,
  FOOTER_V3_SIZE,
  FOOTER_V4_SIZE,
  FOOTER_V5_SIZE,
  HEADER_SIZE,
  LEGACY_FOOTER_SIZE,
  MAGIC,
} from '../shared/constants.js';
import { BlockpackError, BlockpackErrorCode, unsupportedVersion } from '../shared/errors.js';

/** A parsed footer (v3, v4 or v5). Absent sections have offset 0 and length 0. */
export interface Footer {
  version: 3 | 4 | 5;
  /** Footer size in bytes, and its start offset in the file. */
  size: number;
  start: number;
  headerOffset: number;
  compactOffset: number;
  compactLen: number;
  intrinsicOffset: number;
  intrinsicLen: number;
  vectorOffset: number;
  vectorLen: number;
}

/** The file header (spec 6). */
export interface FileHeader {
  version: number;
  metadataOffset: number;
  metadataLen: number;
  signalType: number;
}

function parseCandidate(tail: Uint8Array, fileSize: number, size: number): Footer {
  const tailStart = fileSize - tail.length;
  const start = fileSize - size;
  const r = new ByteReader(tail, 'footer', start - tailStart, tail.length, tailStart);
  const version = r.u16() as 3 | 4 | 5;
  const f: Footer = {
    version,
    size,
    start,
    headerOffset: r.u64(),
    compactOffset: r.u64(),
    compactLen: r.u32(),
    intrinsicOffset: 0,
    intrinsicLen: 0,
    vectorOffset: 0,
    vectorLen: 0,
  };
  if (version >= 4) {
    f.intrinsicOffset = r.u64();
    f.intrinsicLen = r.u32();
  }
  if (version === 5) {
    f.vectorOffset = r.u64();
    f.vectorLen = r.u32();
  }
  return f;
}

function sectionOk(off: number, len: number, limit: number): boolean {
  return len === 0 || (off >= 0 && off + len <= limit);
}

/**
 * Footer candidates in the order spec 5.3 says to try them (v5, v4, v3), each only when its
 * version field matches. `tail` holds the last bytes of the file (at least 46 when the file has them).
 */
export function footerCandidates(tail: Uint8Array, fileSize: number): Footer[] {
  const out: Footer[] = [];
  const at = (size: number): number => {
    const i = tail.length - size;
    return tail[i] | (tail[i + 1] << 8);
  };
  if (fileSize >= FOOTER_V5_SIZE && tail.length >= FOOTER_V5_SIZE && at(FOOTER_V5_SIZE) === 5) out.push(parseCandidate(tail, fileSize, FOOTER_V5_SIZE));
  if (fileSize >= FOOTER_V4_SIZE && tail.length >= FOOTER_V4_SIZE && at(FOOTER_V4_SIZE) === 4) out.push(parseCandidate(tail, fileSize, FOOTER_V4_SIZE));
  if (fileSize >= FOOTER_V3_SIZE && tail.length >= FOOTER_V3_SIZE && at(FOOTER_V3_SIZE) === 3) out.push(parseCandidate(tail, fileSize, FOOTER_V3_SIZE));
  return out.filter(
    (f) =>
      f.headerOffset > 0 &&
      f.headerOffset + HEADER_SIZE <= f.start &&
      sectionOk(f.compactOffset, f.compactLen, f.start) &&
      sectionOk(f.intrinsicOffset, f.intrinsicLen, f.start) &&
      sectionOk(f.vectorOffset, f.vectorLen, f.start),
  );
}

/** An old-generation (v10/v11) file ends with a 41-byte footer starting with the magic. */
export function isLegacyFile(tail: Uint8Array): boolean {
  if (tail.length < LEGACY_FOOTER_SIZE) return false;
  const i = tail.length - LEGACY_FOOTER_SIZE;
  const v = new DataView(tail.buffer, tail.byteOffset + i, 5);
  const ver = v.getUint8(4);
  return v.getUint32(0, true) === MAGIC && (ver === 10 || ver === 11);
}

/**
 * Parses the 22-byte file header.
 * @throws BlockpackError INVALID_MAGIC, UNSUPPORTED_VERSION, OFFSET_OUT_OF_RANGE
 */
export function parseFileHeader(bytes: Uint8Array, offset: number, limit: number): FileHeader {
  const r = new ByteReader(bytes, 'file header', 0, bytes.length, offset);
  const magic = r.u32();
  if (magic !== MAGIC) throw new BlockpackError(BlockpackErrorCode.InvalidMagic, `file header magic 0x${magic.toString(16)}`, offset);
  const version = r.u8();
  if (version !== FILE_VERSION) throw unsupportedVersion('file header', version, '13', offset + 4);
  const h: FileHeader = { version, metadataOffset: r.u64(), metadataLen: r.u64(), signalType: r.u8() };
  if (h.metadataLen === 0 || h.metadataOffset + h.metadataLen > limit) {
    throw new BlockpackError(BlockpackErrorCode.OffsetOutOfRange, `metadata [${h.metadataOffset}, +${h.metadataLen}) outside [0, ${limit})`, offset + 5);
  }
  return h;
}

/** Header bytes are valid (magic + version 13) — used to choose among footer candidates. */
export function looksLikeHeader(bytes: Uint8Array): boolean {
  return bytes.length >= HEADER_SIZE && bytes[0] === 0xa1 && bytes[1] === 0xfe && bytes[2] === 0x11 && bytes[3] === 0xc0 && bytes[4] === FILE_VERSION;
}
