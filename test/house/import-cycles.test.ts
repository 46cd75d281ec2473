// STYLE.md: dependencies run one way. No file of src/ reaches itself again through
// its imports, be they static, type-only or dynamic (a dynamic import is still a
// dependency: it only defers when the cost is paid).
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cyclesOf, importGraph } from './import-graph.js';

const SRC = path.resolve(import.meta.dirname, '../../src');

describe('src/ imports', () => {
  it('has no cycle', () => {
    const cycles = cyclesOf(importGraph(SRC)).map((c) => c.join(' → '));
    expect(cycles).toEqual([]);
  });

  it('the cycle finder finds a cycle when there is one', () => {
    const graph = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts', 'd.ts']],
      ['d.ts', []],
    ]);
    expect(cyclesOf(graph)).toEqual([['a.ts', 'b.ts', 'c.ts', 'a.ts']]);
  });
});
