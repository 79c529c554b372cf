import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TempoStore } from '../store/tempo-store.js';

/** Routes the search and tag endpoints; false when the path is not one of them. */
export async function routeSearch(_req: IncomingMessage, _res: ServerResponse, _store: TempoStore, _tenant: string, _path: string, _q: URLSearchParams): Promise<boolean> {
  return false;
}
