import { mkdir, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { isValidBlockId, isValidTenant } from '../backend/ids.js';
import type { Logger } from '../store/logger.js';
import { HeadBlock, listWalDirs } from './head-block.js';

export interface WalOptions {
  readonly fsync: 'always' | 'never';
  readonly maxRecordBytes: number;
  readonly logger: Logger;
}

/**
 * The WAL root: one active head block per tenant, plus blocks that were cut and are being completed
 * to the backend. On open it replays every `+vblockpack` directory; each becomes a block to complete
 * (its data stays queryable until then).
 */
export class Wal {
  private readonly active = new Map<string, HeadBlock>();
  private readonly completing = new Map<string, HeadBlock[]>();
  private readonly creating = new Map<string, Promise<HeadBlock>>();

  private constructor(
    readonly root: string,
    private readonly options: WalOptions,
  ) {}

  static async open(root: string, options: WalOptions): Promise<Wal> {
    await mkdir(root, { recursive: true });
    const wal = new Wal(root, options);
    for (const d of await listWalDirs(root)) {
      if (!isValidBlockId(d.blockId) || !isValidTenant(d.tenant)) {
        // Not ours to interpret; move it aside rather than delete it.
        options.logger.warn('ignoring WAL directory with an invalid name', { dir: d.name });
        continue;
      }
      try {
        const { block, replay } = await HeadBlock.open(join(root, d.name), d.tenant, d.blockId, options);
        options.logger.info('replayed WAL block', { tenant: d.tenant, block: d.blockId, records: replay.records, spans: replay.spans, droppedBytes: replay.droppedBytes, badRecords: replay.badRecords });
        wal.pushCompleting(block);
      } catch (e) {
        options.logger.error('cannot replay WAL block; moving it aside', { dir: d.name, error: (e as Error).message });
        await rename(join(root, d.name), join(root, `${d.name}.corrupt-${Date.now()}`)).catch(() => undefined);
      }
    }
    return wal;
  }

  /** The tenant's active head block, created on first use. */
  async head(tenant: string): Promise<HeadBlock> {
    const b = this.active.get(tenant);
    if (b) return b;
    let p = this.creating.get(tenant);
    if (!p) {
      p = HeadBlock.create(this.root, tenant, randomUUID(), this.options).then((block) => {
        this.active.set(tenant, block);
        this.creating.delete(tenant);
        return block;
      });
      this.creating.set(tenant, p);
    }
    return p;
  }

  /** Every block (active and completing) holding data of the tenant. */
  blocksOf(tenant: string): HeadBlock[] {
    const out = [...(this.completing.get(tenant) ?? [])];
    const a = this.active.get(tenant);
    if (a) out.push(a);
    return out;
  }

  tenants(): string[] {
    return [...new Set([...this.active.keys(), ...this.completing.keys()])];
  }

  activeBlocks(): HeadBlock[] {
    return [...this.active.values()];
  }

  completingBlocks(): HeadBlock[] {
    return [...this.completing.values()].flat();
  }

  /** Cuts the tenant's active block: new appends go to a fresh block, the old one awaits completion. */
  cut(block: HeadBlock): void {
    if (this.active.get(block.tenant) === block) this.active.delete(block.tenant);
    this.pushCompleting(block);
  }

  /** Forgets a completed block (its directory is deleted by the caller). */
  remove(block: HeadBlock): void {
    const list = this.completing.get(block.tenant);
    if (!list) return;
    const i = list.indexOf(block);
    if (i >= 0) list.splice(i, 1);
    if (list.length === 0) this.completing.delete(block.tenant);
  }

  async close(): Promise<void> {
    await Promise.all([...this.active.values(), ...this.completingBlocks()].map((b) => b.close()));
    this.active.clear();
    this.completing.clear();
  }

  private pushCompleting(block: HeadBlock): void {
    let list = this.completing.get(block.tenant);
    if (!list) {
      list = [];
      this.completing.set(block.tenant, list);
    }
    list.push(block);
  }
}
