import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { crc32c } from './crc32c.js';

// An append-only log of records `u32 length LE · u32 CRC-32C LE · payload` (tempo-api.md §8.2).
// Appends are group-committed: records that arrive while a write + fsync is in flight are written
// together by the next one, and every caller's promise resolves only after its bytes are durable.

export const RECORD_HEADER_BYTES = 8;

export interface RecordLogOptions {
  /** `'always'` (default): fdatasync before an append resolves. `'never'`: rely on the page cache (tests, benchmarks). */
  readonly fsync?: 'always' | 'never';
}

export interface ReplayResult {
  readonly records: Uint8Array[];
  /** Byte offset after the last valid record; the file is truncated there. */
  readonly validBytes: number;
  /** Bytes dropped after the first bad record (torn write or corruption). */
  readonly droppedBytes: number;
}

/** Frames one record. */
export function frameRecord(payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(RECORD_HEADER_BYTES + payload.length);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, payload.length, true);
  dv.setUint32(4, crc32c(payload), true);
  out.set(payload, RECORD_HEADER_BYTES);
  return out;
}

/** Parses records up to the first truncated or corrupt one. Never throws. */
export function parseRecords(bytes: Uint8Array, maxRecordBytes: number): ReplayResult {
  const records: Uint8Array[] = [];
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let pos = 0;
  while (bytes.length - pos >= RECORD_HEADER_BYTES) {
    const len = dv.getUint32(pos, true);
    const crc = dv.getUint32(pos + 4, true);
    if (len > maxRecordBytes || bytes.length - pos - RECORD_HEADER_BYTES < len) break;
    const start = pos + RECORD_HEADER_BYTES;
    if (crc32c(bytes, start, start + len) !== crc) break;
    records.push(bytes.subarray(start, start + len));
    pos = start + len;
  }
  return { records, validBytes: pos, droppedBytes: bytes.length - pos };
}

interface Pending {
  readonly frame: Uint8Array;
  readonly resolve: () => void;
  readonly reject: (e: unknown) => void;
}

export class RecordLog {
  private pending: Pending[] = [];
  private flushing: Promise<void> | undefined;
  private size: number;
  private closed = false;

  private constructor(
    private readonly fh: FileHandle,
    readonly path: string,
    size: number,
    private readonly fsync: boolean,
  ) {
    this.size = size;
  }

  /**
   * Opens (creating if needed) a log, replays its valid records and truncates any bad tail so that
   * new appends follow the last good record.
   */
  static async open(path: string, maxRecordBytes: number, options: RecordLogOptions = {}): Promise<{ log: RecordLog; replay: ReplayResult }> {
    const fh = await open(path, 'a+');
    try {
      const stat = await fh.stat();
      const buf = new Uint8Array(stat.size);
      let off = 0;
      while (off < buf.length) {
        const { bytesRead } = await fh.read(buf, off, buf.length - off, off);
        if (bytesRead === 0) break;
        off += bytesRead;
      }
      const replay = parseRecords(buf.subarray(0, off), maxRecordBytes);
      if (replay.validBytes !== stat.size) {
        await fh.truncate(replay.validBytes);
        await fh.datasync();
      }
      return { log: new RecordLog(fh, path, replay.validBytes, options.fsync !== 'never'), replay };
    } catch (e) {
      await fh.close();
      throw e;
    }
  }

  /** Bytes in the log. */
  get bytes(): number {
    return this.size;
  }

  /** Appends one record; resolves once it is written (and fsync'd under the 'always' policy). */
  append(payload: Uint8Array): Promise<void> {
    if (this.closed) return Promise.reject(new Error('record log is closed'));
    const frame = frameRecord(payload);
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ frame, resolve, reject });
      if (!this.flushing) this.flushing = this.flushLoop();
    });
  }

  /** Waits for in-flight appends. */
  async drain(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  /** Empties the log (after its records were sealed elsewhere). Callers drain first. */
  async reset(): Promise<void> {
    await this.drain();
    await this.fh.truncate(0);
    if (this.fsync) await this.fh.datasync();
    this.size = 0;
  }

  async close(): Promise<void> {
    await this.drain();
    this.closed = true;
    await this.fh.close();
  }

  private async flushLoop(): Promise<void> {
    try {
      while (this.pending.length > 0) {
        const batch = this.pending;
        this.pending = [];
        let total = 0;
        for (const p of batch) total += p.frame.length;
        const buf = new Uint8Array(total);
        let off = 0;
        for (const p of batch) {
          buf.set(p.frame, off);
          off += p.frame.length;
        }
        try {
          let written = 0;
          while (written < buf.length) {
            const { bytesWritten } = await this.fh.write(buf, written, buf.length - written);
            written += bytesWritten;
          }
          if (this.fsync) await this.fh.datasync();
          this.size += total;
          for (const p of batch) p.resolve();
        } catch (e) {
          for (const p of batch) p.reject(e);
        }
      }
    } finally {
      this.flushing = undefined;
    }
  }
}
