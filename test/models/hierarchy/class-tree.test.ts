// The tree a per-parent-node classifier walks: nodes, slots and row routes on small trees worked out by hand.

import { describe, expect, it } from 'vitest';
import { isProdclassError } from '../../../src/core/errors.js';
import { buildClassTree, routeRows } from '../../../src/models/hierarchy/class-tree.js';

// 1 -> {11, 12}, 2 a leaf at the top level.
const parents = new Map<number, number | null>([
  [1, null],
  [2, null],
  [11, 1],
  [12, 1],
]);
const hierarchy = { parentOf: (key: number) => parents.get(key) ?? null };

describe('buildClassTree', () => {
  it('orders nodes breadth-first and gives a class with children a "stop here" slot', () => {
    const tree = buildClassTree(Int32Array.of(1, 2, 11, 12), hierarchy);
    expect(Array.from(tree.nodeKey.slice(1))).toEqual([1, 2, 11, 12]);
    expect(Array.from(tree.nodeParent)).toEqual([-1, 0, 0, 1, 1]);
    expect(Array.from(tree.nodeClass)).toEqual([-1, 0, 1, 2, 3]);
    // Root: {1, 2}; node 1: {11, 12, stop}; leaves none.
    expect(Array.from(tree.slotStart)).toEqual([0, 2, 5, 5, 5, 5]);
    expect(Array.from(tree.slotNode)).toEqual([1, 2, 3, 4, 1]);
  });

  it('adds ancestors that are no class, without a stop slot', () => {
    const tree = buildClassTree(Int32Array.of(2, 11), hierarchy);
    expect(Array.from(tree.nodeKey.slice(1))).toEqual([1, 2, 11]);
    expect(Array.from(tree.nodeClass)).toEqual([-1, -1, 0, 1]);
    // Node 1 (no class) has one choice: 11.
    expect(Array.from(tree.slotStart)).toEqual([0, 2, 3, 3, 3]);
  });

  it('is flat without a hierarchy', () => {
    const tree = buildClassTree(Int32Array.of(5, 7, 9));
    expect(Array.from(tree.nodeParent)).toEqual([-1, 0, 0, 0]);
    expect(Array.from(tree.slotNode)).toEqual([1, 2, 3]);
  });

  it('refuses a hierarchy whose parents loop', () => {
    let thrown: unknown;
    try {
      buildClassTree(Int32Array.of(1, 2), { parentOf: (k) => (k === 1 ? 2 : 1) });
    } catch (e) {
      thrown = e;
    }
    expect(isProdclassError(thrown) && thrown.code).toBe('INVALID_INPUT');
  });
});

describe('routeRows', () => {
  it('sends each row through the slots of its path', () => {
    const tree = buildClassTree(Int32Array.of(1, 2, 11, 12), hierarchy);
    // Rows labelled 11, 1, 2, 12 (class positions 2, 0, 1, 3).
    const { rows, target } = routeRows(tree, Int32Array.of(2, 0, 1, 3));
    expect(Array.from(rows[0])).toEqual([0, 1, 2, 3]);
    expect(Array.from(target[0])).toEqual([0, 0, 1, 0]);
    expect(Array.from(rows[1])).toEqual([0, 1, 3]);
    expect(Array.from(target[1])).toEqual([0, 2, 1]);
    expect(rows[2].length + rows[3].length + rows[4].length).toBe(0);
  });
});
