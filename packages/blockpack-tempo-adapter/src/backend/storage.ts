import { mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { randomBytes } from 'node:crypto';
import { TempoError, TempoErrorCode } from '../errors.js';

/**
 * Object storage as Tempo's backends see it: keys `a/b/c`, whole-object atomic puts, ranged reads,
 * and a delimiter listing. The local filesystem is the default; an object store can implement the
 * same interface later (S3's single PUT is already atomic).
 */
export interface Storage {
  /** Writes an object atomically: readers see either nothing or all of it. */
  put(key: string, data: Uint8Array): Promise<void>;
  /** Whole object, or undefined when absent. */
  get(key: string): Promise<Uint8Array | undefined>;
  /** `length` bytes at `offset`. */
  getRange(key: string, offset: number, length: number): Promise<Uint8Array>;
  /** The names directly under `prefix` (a "directory" listing with delimiter `/`). */
  list(prefix: string): Promise<string[]>;
  /** Deletes every key under `prefix`. */
  deletePrefix(prefix: string): Promise<void>;
}

function checkKey(key: string): string[] {
  const parts = key.split('/');
  for (const p of parts) {
    if (p === '' || p === '.' || p === '..' || p.includes('\\') || p.includes('\0')) {
      throw new TempoError(TempoErrorCode.BadParameter, `invalid storage key ${JSON.stringify(key)}`);
    }
  }
  return parts;
}

/** Storage in a local folder; keys map to paths under it and can never leave it. */
export class LocalStorage implements Storage {
  readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  /** The file path a key maps to (checked: it never leaves the root). */
  localPath(key: string): string {
    return this.path(key);
  }

  private path(key: string): string {
    const p = resolve(join(this.root, ...checkKey(key)));
    if (!p.startsWith(this.root + sep)) throw new TempoError(TempoErrorCode.BadParameter, `storage key escapes the data folder: ${JSON.stringify(key)}`);
    return p;
  }

  async put(key: string, data: Uint8Array): Promise<void> {
    const p = this.path(key);
    await mkdir(dirname(p), { recursive: true });
    const tmp = `${p}.tmp-${randomBytes(6).toString('hex')}`;
    const fh = await open(tmp, 'w');
    try {
      let off = 0;
      while (off < data.length) off += (await fh.write(data, off, data.length - off)).bytesWritten;
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, p);
    // Make the rename itself durable.
    const dir = await open(dirname(p), 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    try {
      return new Uint8Array(await readFile(this.path(key)));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
  }

  async getRange(key: string, offset: number, length: number): Promise<Uint8Array> {
    const fh = await open(this.path(key), 'r');
    try {
      const buf = new Uint8Array(length);
      let got = 0;
      while (got < length) {
        const { bytesRead } = await fh.read(buf, got, length - got, offset + got);
        if (bytesRead === 0) break;
        got += bytesRead;
      }
      if (got < length) throw new TempoError(TempoErrorCode.CorruptData, `short read of ${key}: ${got} of ${length} bytes at ${offset}`);
      return buf;
    } finally {
      await fh.close();
    }
  }

  async size(key: string): Promise<number | undefined> {
    try {
      return (await stat(this.path(key))).size;
    } catch {
      return undefined;
    }
  }

  async list(prefix: string): Promise<string[]> {
    const dir = prefix === '' ? this.root : this.path(prefix);
    try {
      return (await readdir(dir)).filter((n) => !n.includes('.tmp-')).sort();
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ENOTDIR') return [];
      throw e;
    }
  }

  async deletePrefix(prefix: string): Promise<void> {
    await rm(this.path(prefix), { recursive: true, force: true });
  }
}
