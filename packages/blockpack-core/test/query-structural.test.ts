import { structural } from '../src/query/structural.js';
import type { SpanLink } from '../src/query/structural.js';
import type { StructuralOp } from '../src/query/traceql/ast.js';

//        1
//      /   \
//     2     3
//    / \     \
//   4   5     6
const links = new Map<number, SpanLink>([
  [1, { id: 'a1', parent: '' }],
  [2, { id: 'a2', parent: 'a1' }],
  [3, { id: 'a3', parent: 'a1' }],
  [4, { id: 'a4', parent: 'a2' }],
  [5, { id: 'a5', parent: 'a2' }],
  [6, { id: 'a6', parent: 'a3' }],
]);
const all = new Set([1, 2, 3, 4, 5, 6]);
const run = (op: StructuralOp, l: number[], r: number[]): number[] => [...structural(op, new Set(l), new Set(r), links)].sort();

describe('structural operators', () => {
  it.each<[StructuralOp, number[], number[], number[]]>([
    ['>', [1], [...all], [2, 3]],
    ['>', [2], [4, 6], [4]],
    ['>>', [1], [...all], [2, 3, 4, 5, 6]],
    ['>>', [3], [4, 5, 6], [6]],
    ['<', [4], [...all], [2]],
    ['<', [4, 6], [1, 2, 3], [2, 3]],
    ['<<', [4], [...all], [1, 2]],
    ['<<', [6, 5], [1, 3], [1, 3]],
    ['~', [4], [...all], [5]],
    ['~', [2], [3, 4], [3]],
    ['~', [1], [...all], []],
    ['!>', [1], [...all], [1, 4, 5, 6]],
    ['!>>', [2], [...all], [1, 2, 3, 6]],
    ['!<', [4], [...all], [1, 3, 4, 5, 6]],
    ['!<<', [4], [...all], [3, 4, 5, 6]],
    ['!~', [4], [...all], [1, 2, 3, 4, 6]],
    ['&>', [2], [4, 6], [2, 4]],
    ['&>>', [1], [6], [1, 6]],
    ['&<', [4], [2, 3], [2, 4]],
    ['&<<', [6], [1, 2], [1, 6]],
    ['&~', [4], [5, 6], [4, 5]],
    ['&>', [6], [1], []],
  ])('{%s} left %j right %j → %j', (op, l, r, want) => {
    expect(run(op, l, r)).toEqual(want);
  });

  it('survives a parent cycle', () => {
    const cyclic = new Map<number, SpanLink>([
      [1, { id: 'b1', parent: 'b2' }],
      [2, { id: 'b2', parent: 'b1' }],
    ]);
    expect([...structural('>>', new Set([3]), new Set([1, 2]), cyclic)]).toEqual([]);
    expect([...structural('>>', new Set([1]), new Set([2]), cyclic)]).toEqual([2]);
  });
});
