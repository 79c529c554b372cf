import { isValidBlockId, isValidTenant, validateBlockId, validateTenant } from './ids.js';
import { COMPACTED_META_FILE_NAME, DATA_FILE_NAME, META_FILE_NAME, formatRfc3339Nano, metaToJson, parseMeta, parseRfc3339Nano } from './meta.js';
import { TENANT_INDEX_JSON, TENANT_INDEX_PB, buildTenantIndex } from './tenant-index.js';
import type { BlockMeta } from './meta.js';
import { LocalStorage } from './storage.js';
import type { Storage } from './storage.js';
import type { Logger } from '../store/logger.js';

export const NOCOMPACT_FLAG = 'nocompact.flg';

/** Keys Tempo keeps at the top level of a bucket that are not tenants (tempo-api.md §4). */
const NON_TENANT_KEYS = new Set(['tempo_cluster_seed.json', 'work.json']);

/**
 * Backend blocks in Tempo's layout: `<tenant>/<blockID>/data.blockpack` + `meta.json` (written
 * last: its presence publishes the block), plus the tenant index `<tenant>/index.json.gz`. Metas are
 * immutable, so they are cached by block id; the listing itself is re-read on each call.
 */
export class BackendBlocks {
  private readonly metaCache = new Map<string, BlockMeta | null>();

  constructor(
    readonly storage: Storage,
    private readonly logger: Logger,
  ) {}

  async tenants(): Promise<string[]> {
    return (await this.storage.list('')).filter((n) => !NON_TENANT_KEYS.has(n) && isValidTenant(n));
  }

  /** Live blocks of a tenant (those with meta.json), ignoring keys that do not fit the layout. */
  async blocks(tenant: string): Promise<BlockMeta[]> {
    validateTenant(tenant);
    const out: BlockMeta[] = [];
    for (const name of await this.storage.list(tenant)) {
      if (!isValidBlockId(name)) continue;
      const key = `${tenant}/${name}`;
      let meta = this.metaCache.get(key);
      if (meta === undefined) {
        const bytes = await this.storage.get(`${key}/${META_FILE_NAME}`);
        if (!bytes) continue; // not published yet, or compacted
        try {
          meta = parseMeta(Buffer.from(bytes).toString('utf8'));
          if (meta.blockID !== name || meta.tenantID !== tenant) throw new Error('blockID/tenantID do not match the path');
        } catch (e) {
          this.logger.warn('skipping block with an unreadable meta.json', { tenant, block: name, error: (e as Error).message });
          meta = null;
        }
        this.metaCache.set(key, meta);
      }
      if (meta) out.push(meta);
    }
    return out;
  }

  /** Publishes a block: data first, then meta.json, then the tenant index. */
  async write(meta: BlockMeta, data: Uint8Array): Promise<void> {
    validateTenant(meta.tenantID);
    validateBlockId(meta.blockID);
    const prefix = `${meta.tenantID}/${meta.blockID}`;
    await this.storage.put(`${prefix}/${DATA_FILE_NAME}`, data);
    const full: BlockMeta = { ...meta, size: data.length };
    await this.storage.put(`${prefix}/${META_FILE_NAME}`, Buffer.from(metaToJson(full)));
    this.metaCache.set(prefix, full);
    await this.writeTenantIndex(meta.tenantID);
  }

  /** The local file path of a block's data, when the storage is a local folder. */
  localDataPath(meta: BlockMeta): string | undefined {
    return this.storage instanceof LocalStorage ? this.storage.localPath(`${meta.tenantID}/${meta.blockID}/${DATA_FILE_NAME}`) : undefined;
  }

  async readData(meta: BlockMeta): Promise<Uint8Array> {
    return this.storage.getRange(`${meta.tenantID}/${meta.blockID}/${DATA_FILE_NAME}`, 0, meta.size);
  }

  async readRange(meta: BlockMeta, offset: number, length: number): Promise<Uint8Array> {
    return this.storage.getRange(`${meta.tenantID}/${meta.blockID}/${DATA_FILE_NAME}`, offset, length);
  }

  /** Rewrites both tenant index files (`index.pb.zst`, `index.json.gz`) from the live metas (tempo-api.md §7). */
  async writeTenantIndex(tenant: string): Promise<void> {
    const metas = await this.blocks(tenant);
    const { pbZst, jsonGz } = await buildTenantIndex(metas, BigInt(Date.now()) * 1_000_000n);
    await this.storage.put(`${tenant}/${TENANT_INDEX_PB}`, pbZst);
    await this.storage.put(`${tenant}/${TENANT_INDEX_JSON}`, jsonGz);
  }

  /** Is there a compacted meta for this block (then it is not live)? */
  async isCompacted(tenant: string, blockId: string): Promise<boolean> {
    return (await this.storage.get(`${tenant}/${blockId}/${COMPACTED_META_FILE_NAME}`)) !== undefined;
  }

  /** Does the block carry `nocompact.flg` (compactors must skip it)? */
  async isNoCompact(meta: BlockMeta): Promise<boolean> {
    return (await this.storage.list(`${meta.tenantID}/${meta.blockID}`)).includes(NOCOMPACT_FLAG);
  }

  /**
   * Marks a block compacted (tempo-api.md §6): `meta.compacted.json` (with `compactedTime`) is
   * written, then `meta.json` removed, so the block leaves the live listing.
   */
  async markCompacted(meta: BlockMeta, compactedAtNs: bigint): Promise<void> {
    const prefix = `${meta.tenantID}/${meta.blockID}`;
    const json = metaToJson(meta).replace(/}$/, `,"compactedTime":${JSON.stringify(formatRfc3339Nano(compactedAtNs))}}`);
    await this.storage.put(`${prefix}/${COMPACTED_META_FILE_NAME}`, Buffer.from(json));
    await this.storage.deletePrefix(`${prefix}/${META_FILE_NAME}`);
    this.metaCache.delete(prefix);
  }

  /** Compacted blocks of a tenant with their compaction time (ns). */
  async compactedBlocks(tenant: string): Promise<{ blockID: string; compactedAtNs: bigint }[]> {
    validateTenant(tenant);
    const out = [];
    for (const name of await this.storage.list(tenant)) {
      if (!isValidBlockId(name)) continue;
      const bytes = await this.storage.get(`${tenant}/${name}/${COMPACTED_META_FILE_NAME}`);
      if (!bytes) continue;
      let at = 0n;
      try {
        const t = (JSON.parse(Buffer.from(bytes).toString('utf8')) as { compactedTime?: unknown }).compactedTime;
        at = (typeof t === 'string' ? parseRfc3339Nano(t) : undefined) ?? 0n;
      } catch {
        // An unreadable compacted meta is old enough to delete.
      }
      out.push({ blockID: name, compactedAtNs: at });
    }
    return out;
  }

  /** Deletes a whole block directory. */
  async deleteBlock(tenant: string, blockId: string): Promise<void> {
    validateTenant(tenant);
    validateBlockId(blockId);
    await this.storage.deletePrefix(`${tenant}/${blockId}`);
    this.metaCache.delete(`${tenant}/${blockId}`);
  }
}
