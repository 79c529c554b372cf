import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { openBlockpackFile } from '@blockpack/core';
import { DATA_FILE_NAME, META_FILE_NAME, formatRfc3339Nano, parseMeta } from '../backend/meta.js';

/** A summary of a blockpack file or a Tempo block directory, as printed by `blockpack-tempo inspect`. */
export interface InspectReport {
  readonly path: string;
  readonly size: number;
  readonly footerVersion: number;
  readonly fileVersion: number;
  readonly signalType: number;
  readonly metadataBytes: number;
  readonly blocks: readonly { id: number; offset: number; length: number; spans: number; minStart: string; maxStart: string }[];
  readonly spans: number;
  readonly traces: number;
  readonly indexedColumns: number;
  /** meta.json of the block directory, when one was given. */
  readonly meta?: Record<string, unknown>;
}

/** Reads a file (or `<dir>/data.blockpack` + `meta.json`) and summarises it. */
export async function inspectPath(path: string): Promise<InspectReport> {
  let file = path;
  let meta: Record<string, unknown> | undefined;
  if ((await stat(path)).isDirectory()) {
    file = join(path, DATA_FILE_NAME);
    try {
      const text = await readFile(join(path, META_FILE_NAME), 'utf8');
      parseMeta(text); // validates
      meta = JSON.parse(text) as Record<string, unknown>;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
  }
  const reader = await openBlockpackFile(file);
  try {
    return {
      path: file,
      size: reader.size,
      footerVersion: reader.footer.version,
      fileVersion: reader.header.version,
      signalType: reader.header.signalType,
      metadataBytes: reader.header.metadataLen,
      blocks: reader.blocks.map((b) => ({
        id: b.id,
        offset: b.offset,
        length: b.length,
        spans: b.spanCount,
        minStart: formatRfc3339Nano(b.minStart),
        maxStart: formatRfc3339Nano(b.maxStart),
      })),
      spans: reader.spanCount,
      traces: reader.traceCount,
      indexedColumns: reader.rangeIndex.size,
      ...(meta ? { meta } : {}),
    };
  } finally {
    await reader.close();
  }
}

/** Human-readable text of a report. */
export function formatInspect(r: InspectReport): string {
  const lines = [
    `file:        ${r.path}`,
    `size:        ${r.size} bytes`,
    `header:      file version ${r.fileVersion}, signal ${r.signalType === 1 ? 'traces' : r.signalType}, metadata ${r.metadataBytes} bytes, footer v${r.footerVersion}`,
    `spans:       ${r.spans}`,
    `traces:      ${r.traces}`,
    `blocks:      ${r.blocks.length}`,
    `range index: ${r.indexedColumns} columns`,
  ];
  for (const b of r.blocks) lines.push(`  block ${b.id}: offset ${b.offset}, ${b.length} bytes, ${b.spans} spans, start ${b.minStart} … ${b.maxStart}`);
  if (r.meta) lines.push(`meta.json:   ${JSON.stringify(r.meta)}`);
  return lines.join('\n');
}
