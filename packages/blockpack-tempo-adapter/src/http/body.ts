import { gunzip, inflate } from 'node:zlib';
import type { IncomingMessage } from 'node:http';
import { TempoError, TempoErrorCode } from '../errors.js';

// Request bodies with hard limits: the raw (possibly compressed) body and the decompressed body are
// both capped, and the caps are checked while reading, never after buffering everything.

export interface BodyLimits {
  /** Largest raw body accepted, in bytes. */
  readonly maxBodyBytes: number;
  /** Largest body after decompression, in bytes. */
  readonly maxDecompressedBytes: number;
}

function tooLarge(what: string, limit: number): TempoError {
  return new TempoError(TempoErrorCode.BodyTooLarge, `${what} exceeds the limit of ${limit} bytes`);
}

/** Reads a request body, rejecting it as soon as it passes the raw limit. */
export function readRawBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    return Promise.reject(tooLarge('request body', limit));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > limit) {
        failed = true;
        chunks.length = 0;
        reject(tooLarge('request body', limit));
        // Keep draining so the 413 can be written on the same connection.
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!failed) resolve(Buffer.concat(chunks, size));
    });
    req.on('error', (e) => {
      if (!failed) {
        failed = true;
        reject(e);
      }
    });
  });
}

function decompress(fn: typeof gunzip, body: Buffer, limit: number, name: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    fn(body, { maxOutputLength: limit }, (err, out) => {
      if (!err) return resolve(out);
      if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError) return reject(tooLarge(`decompressed ${name} body`, limit));
      reject(new TempoError(TempoErrorCode.MalformedBody, `malformed ${name} body: ${err.message}`));
    });
  });
}

/**
 * Reads and decodes a body per its Content-Encoding (identity, gzip, deflate).
 * @throws TempoError BODY_TOO_LARGE, MALFORMED_BODY, UNSUPPORTED_MEDIA_TYPE
 */
export async function readBody(req: IncomingMessage, limits: BodyLimits): Promise<Buffer> {
  const encoding = String(req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  if (encoding !== 'identity' && encoding !== '' && encoding !== 'gzip' && encoding !== 'x-gzip' && encoding !== 'deflate') {
    req.resume();
    throw new TempoError(TempoErrorCode.UnsupportedMediaType, `unsupported Content-Encoding ${JSON.stringify(encoding)}: use gzip, deflate or none`);
  }
  const raw = await readRawBody(req, limits.maxBodyBytes);
  if (encoding === 'gzip' || encoding === 'x-gzip') return decompress(gunzip, raw, limits.maxDecompressedBytes, 'gzip');
  if (encoding === 'deflate') return decompress(inflate, raw, limits.maxDecompressedBytes, 'deflate');
  if (raw.length > limits.maxDecompressedBytes) throw tooLarge('request body', limits.maxDecompressedBytes);
  return raw;
}
