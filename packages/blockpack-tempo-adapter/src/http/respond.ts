import { gzip } from 'node:zlib';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Bodies at least this big are gzip'd when the client accepts it. */
const GZIP_MIN_BYTES = 1024;

export function send(req: IncomingMessage, res: ServerResponse, status: number, contentType: string, body: Uint8Array | string, extraHeaders: Record<string, string> = {}): void {
  const buf = typeof body === 'string' ? Buffer.from(body, 'utf8') : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const headers: Record<string, string | number> = { 'Content-Type': contentType, ...extraHeaders };
  const accepts = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
  if (accepts && buf.length >= GZIP_MIN_BYTES) {
    gzip(buf, (err, z) => {
      if (err) {
        res.writeHead(status, { ...headers, 'Content-Length': buf.length }).end(buf);
        return;
      }
      res.writeHead(status, { ...headers, 'Content-Encoding': 'gzip', Vary: 'Accept-Encoding', 'Content-Length': z.length }).end(z);
    });
    return;
  }
  res.writeHead(status, { ...headers, 'Content-Length': buf.length }).end(buf);
}

export function sendText(req: IncomingMessage, res: ServerResponse, status: number, text: string): void {
  send(req, res, status, 'text/plain; charset=utf-8', text);
}

/** JSON with bigint as decimal strings (Tempo's protobuf-JSON renders 64-bit integers as strings). */
export function sendJson(req: IncomingMessage, res: ServerResponse, status: number, value: unknown): void {
  send(req, res, status, 'application/json', JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)));
}

/** Tempo picks the first of protobuf / json contained in Accept; JSON otherwise. */
export function wantsProtobuf(req: IncomingMessage): boolean {
  return String(req.headers['accept'] ?? '').includes('application/protobuf');
}
