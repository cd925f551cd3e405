import { describe, expect, it } from 'vitest';
import { DenseMatrix } from '../../../src/core/dense-matrix.js';
import { BinMapper } from '../../../src/models/trees/binning.js';
import { binnedLeafOf, forEachBinnedRow, forEachRow, leafOf } from '../../../src/models/trees/predictor.js';
import { TreeBuilder, treeDepth } from '../../../src/models/trees/tree.js';
import { TreeEnsemble } from '../../../src/models/trees/tree-ensemble.js';

/** root: x0 <= 1.5 ? leaf(value 1) : (x1 <= 0.5 ? leaf 2 : leaf 3). */
function smallTree(offset = 0) {
  const b = new TreeBuilder();
  const root = b.addNode(4, 0);
  const l = b.addNode(2, 1 + offset);
  const r = b.addNode(2, 0);
  b.split(root, 0, 1, 1.5, 3, l, r);
  const rl = b.addNode(1, 2 + offset);
  const rr = b.addNode(1, 3 + offset);
  b.split(r, 1, 0, 0.5, 1, rl, rr);
  return b.finish('regression');
}

describe('trees and ensembles', () => {
  it('walks raw rows by thresholds and binned rows by bin thresholds to the same leaves', () => {
    const x = DenseMatrix.fromRows([[1, 0], [2, 0], [2, 1], [1.5, 7]]);
    const tree = smallTree();
    const raw: number[] = [];
    forEachRow(x, (_, row) => raw.push(tree.value![leafOf(tree, 0, row)]));
    expect(raw).toEqual([1, 2, 3, 1]);
    const mapper = BinMapper.fit(DenseMatrix.fromRows([[1, 0], [2, 1], [3, 1]]));
    // Bin thresholds of this tree, for this mapper: x0 <= 1.5 is bin <= 0, x1 <= 0.5 is bin <= 0.
    tree.binThreshold[0] = mapper.binOf(0, 1.5);
    tree.binThreshold[2] = mapper.binOf(1, 0.5);
    const binned: number[] = [];
    forEachBinnedRow(mapper.transformRows(x), mapper.zeroBin, (_, bins) => binned.push(tree.value![binnedLeafOf(tree, 0, bins)]));
    expect(binned).toEqual(raw);
    expect(treeDepth(tree)).toBe(2);
  });

  it('concatenates trees with absolute child indices, cuts prefixes and round-trips its arrays', () => {
    const ensemble = TreeEnsemble.fromTrees([smallTree(), smallTree(10)]);
    expect(ensemble.nTrees).toBe(2);
    expect(ensemble.left[5]).toBe(6);
    const row = Float32Array.of(3, 1);
    expect(ensemble.value![leafOf(ensemble, ensemble.treeStart[1], row)]).toBe(13);
    expect(ensemble.prefix(1).nNodes).toBe(5);
    const again = TreeEnsemble.fromArrays('test', ensemble.toArrays());
    expect(Array.from(again.right)).toEqual(Array.from(ensemble.right));
    const importances = ensemble.gainImportances(2);
    expect(importances[0]).toBeCloseTo(0.75, 9);
  });

  it('refuses arrays whose children point outside their tree', () => {
    const arrays = TreeEnsemble.fromTrees([smallTree()]).toArrays();
    (arrays['tree.left'] as Int32Array)[0] = 99;
    expect(() => TreeEnsemble.fromArrays('test', arrays)).toThrow(expect.objectContaining({ code: 'MODEL_CORRUPT' }));
  });
});
