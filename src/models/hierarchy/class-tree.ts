// The tree a per-parent-node classifier walks: the classes, their ancestors, and each parent node's choices (slots).

import { ProdclassError } from '../../core/errors.js';
import type { LabelHierarchy } from '../../core/estimator.js';

/**
 * Nodes in breadth-first order (node 0 is the root above the top level, so parents come before their children).
 * A node with children is a parent node; its slots are its children (ascending keys) and, when the node is a class
 * itself, one more slot, "stop here", that leads to the node itself. Slots of all parent nodes are numbered one
 * after another in node order.
 */
export interface ClassTree {
  /** Key of each node (the root's is 0 and means nothing). */
  nodeKey: Int32Array;
  /** Parent node of each node, -1 for the root. */
  nodeParent: Int32Array;
  /** Column of each node in `classes`, -1 for an ancestor that is no class. */
  nodeClass: Int32Array;
  /** Slots of node n: slotStart[n] .. slotStart[n + 1]) (empty for a leaf). */
  slotStart: Int32Array;
  /** The node each slot leads to; the owner itself for its "stop here" slot. */
  slotNode: Int32Array;
}

/** Depth past which a parent chain is taken for a cycle. */
const MAX_DEPTH = 256;

/**
 * The tree over `classes` (sorted labels) and every ancestor `hierarchy` gives them; without a hierarchy every class
 * hangs from the root (a flat multiclass problem).
 * @throws ProdclassError INVALID_INPUT when the parent chain of a label loops.
 */
export function buildClassTree(classes: Int32Array, hierarchy?: LabelHierarchy): ClassTree {
  const parentKey = new Map<number, number | null>();
  for (const c of classes) {
    let key = c;
    for (let depth = 0; !parentKey.has(key); depth++) {
      if (depth > MAX_DEPTH) throw new ProdclassError('INVALID_INPUT', `the hierarchy's parents of label ${c} form a loop`);
      const parent = hierarchy ? hierarchy.parentOf(key) : null;
      parentKey.set(key, parent);
      if (parent === null) break;
      key = parent;
    }
  }
  const childrenOf = new Map<number | null, number[]>();
  for (const [key, parent] of parentKey) {
    const list = childrenOf.get(parent) ?? [];
    list.push(key);
    childrenOf.set(parent, list);
  }
  for (const list of childrenOf.values()) list.sort((a, b) => a - b);
  const classIndex = new Map<number, number>();
  classes.forEach((c, k) => classIndex.set(c, k));

  const keys: number[] = [0];
  const parents: number[] = [-1];
  const queue: (number | null)[] = [null];
  for (let n = 0; n < queue.length; n++) {
    for (const child of childrenOf.get(queue[n]) ?? []) {
      keys.push(child);
      parents.push(n);
      queue.push(child);
    }
  }
  const nNodes = keys.length;
  // Labels whose parent chain closes on itself never hang from the top level.
  if (nNodes !== parentKey.size + 1) {
    const lost = [...parentKey.keys()].find((k) => !keys.includes(k));
    throw new ProdclassError('INVALID_INPUT', `the hierarchy's parents of label ${lost} form a loop`);
  }
  const nodeClass = Int32Array.from(queue, (key) => (key === null ? -1 : (classIndex.get(key) ?? -1)));
  const firstChild = new Int32Array(nNodes).fill(-1);
  const childCount = new Int32Array(nNodes);
  for (let n = nNodes - 1; n > 0; n--) {
    firstChild[parents[n]] = n;
    childCount[parents[n]]++;
  }
  const slotStart = new Int32Array(nNodes + 1);
  const slots: number[] = [];
  for (let n = 0; n < nNodes; n++) {
    if (childCount[n] > 0) {
      for (let c = 0; c < childCount[n]; c++) slots.push(firstChild[n] + c);
      if (nodeClass[n] >= 0) slots.push(n);
    }
    slotStart[n + 1] = slots.length;
  }
  return { nodeKey: Int32Array.from(keys), nodeParent: Int32Array.from(parents), nodeClass, slotStart, slotNode: Int32Array.from(slots) };
}

/**
 * For every row, the slot it takes at each parent node on its class's path: rows grouped by parent node, as
 * `rows[n]` (ascending row numbers) and `target[n]` (slot offset within node n's slots).
 */
export function routeRows(tree: ClassTree, yIndex: Int32Array): { rows: Int32Array[]; target: Int32Array[] } {
  const nNodes = tree.nodeKey.length;
  let nClasses = 0;
  for (const k of tree.nodeClass) nClasses = Math.max(nClasses, k + 1);
  const nodeOfClass = new Int32Array(nClasses).fill(-1);
  tree.nodeClass.forEach((k, n) => k >= 0 && (nodeOfClass[k] = n));
  // slotTo[m]: offset of the slot leading from m's parent to m; a node's "stop" slot is the last of its slots.
  const slotTo = new Int32Array(nNodes);
  for (let n = 1; n < nNodes; n++) {
    const p = tree.nodeParent[n];
    for (let s = tree.slotStart[p]; s < tree.slotStart[p + 1]; s++) if (tree.slotNode[s] === n) slotTo[n] = s - tree.slotStart[p];
  }
  const count = new Int32Array(nNodes);
  const walk = (i: number, visit: (node: number, slot: number) => void) => {
    const n = nodeOfClass[yIndex[i]];
    if (tree.slotStart[n + 1] > tree.slotStart[n]) visit(n, tree.slotStart[n + 1] - tree.slotStart[n] - 1);
    for (let m = n; m > 0; m = tree.nodeParent[m]) visit(tree.nodeParent[m], slotTo[m]);
  };
  for (let i = 0; i < yIndex.length; i++) walk(i, (node) => count[node]++);
  const rows = Array.from(count, (c) => new Int32Array(c));
  const target = Array.from(count, (c) => new Int32Array(c));
  const filled = new Int32Array(nNodes);
  for (let i = 0; i < yIndex.length; i++) {
    walk(i, (node, slot) => {
      rows[node][filled[node]] = i;
      target[node][filled[node]++] = slot;
    });
  }
  return { rows, target };
}
