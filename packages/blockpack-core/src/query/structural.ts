import type { StructuralOp } from './traceql/ast.js';

/** A span's address in a file: `block * 65536 + row` (both below 2^16). */
export type SpanRef = number;

/** The ids a structural operator needs: the span's own id and its parent's ('' for a root), as comparable keys. */
export interface SpanLink {
  readonly id: string;
  readonly parent: string;
}

/**
 * Tempo's structural operators over the spans of one trace, returning right-hand spans (plus the
 * left-hand spans in the relation for the `&` forms):
 * `>` child of, `>>` descendant of, `<` parent of, `<<` ancestor of, `~` sibling of; `!` negates.
 * `links` must hold every span of `left` and `right`; for `>>`/`<<` it must hold the whole trace.
 */
export function structural(op: StructuralOp, left: ReadonlySet<SpanRef>, right: ReadonlySet<SpanRef>, links: ReadonlyMap<SpanRef, SpanLink>): Set<SpanRef> {
  const byId = new Map<string, SpanRef>();
  for (const [ref, l] of links) if (l.id !== '' && !byId.has(l.id)) byId.set(l.id, ref);
  const parentHex = (r: SpanRef): string => links.get(r)?.parent ?? '';
  const parentOf = (r: SpanRef): SpanRef | undefined => {
    const p = parentHex(r);
    return p === '' ? undefined : byId.get(p);
  };
  const ancestors = (r: SpanRef): SpanRef[] => {
    const out: SpanRef[] = [];
    const seen = new Set<SpanRef>([r]);
    for (let p = parentOf(r); p !== undefined && !seen.has(p); p = parentOf(p)) {
      seen.add(p);
      out.push(p);
    }
    return out;
  };
  const base = op.replace(/^[!&]/, '');
  const hits = new Set<SpanRef>();
  const leftHits = new Set<SpanRef>();
  switch (base) {
    case '>':
      for (const b of right) {
        const p = parentOf(b);
        if (p !== undefined && left.has(p)) {
          hits.add(b);
          leftHits.add(p);
        }
      }
      break;
    case '<':
      for (const a of left) {
        const p = parentOf(a);
        if (p !== undefined && right.has(p)) {
          hits.add(p);
          leftHits.add(a);
        }
      }
      break;
    case '~': {
      const byParent = new Map<string, SpanRef[]>();
      for (const a of left) {
        const p = parentHex(a);
        if (p === '') continue;
        const list = byParent.get(p);
        if (list === undefined) byParent.set(p, [a]);
        else list.push(a);
      }
      for (const b of right) {
        const p = parentHex(b);
        if (p === '') continue;
        for (const a of byParent.get(p) ?? []) {
          if (a === b) continue;
          hits.add(b);
          leftHits.add(a);
        }
      }
      break;
    }
    case '>>':
      for (const b of right) {
        for (const a of ancestors(b)) {
          if (left.has(a)) {
            hits.add(b);
            leftHits.add(a);
          }
        }
      }
      break;
    case '<<':
      for (const a of left) {
        for (const anc of ancestors(a)) {
          if (right.has(anc)) {
            hits.add(anc);
            leftHits.add(a);
          }
        }
      }
      break;
  }
  if (op.startsWith('!')) {
    const out = new Set<SpanRef>();
    for (const b of right) if (!hits.has(b)) out.add(b);
    return out;
  }
  if (op.startsWith('&') && hits.size > 0) for (const a of leftHits) hits.add(a);
  return hits;
}
