import { describe, expect, it } from 'vitest';
import { CsrMatrix } from '../../../src/core/csr-matrix.js';
import { DenseMatrix } from '../../../src/core/dense-matrix.js';
import { Rng } from '../../../src/core/rng.js';
import { BinMapper, sortByBin } from '../../../src/models/trees/binning.js';
import { ClassTreeGrower, type ClassTreeParams } from '../../../src/models/trees/class-grower.js';
import { ClassSweep } from '../../../src/models/trees/class-splitter.js';
import { impurityProxy } from '../../../src/models/trees/split-criteria.js';

const params: ClassTreeParams = { criterion: 'gini', maxDepth: Infinity, minSamplesSplit: 2, minSamplesLeaf: 1, maxFeatures: 1 };

describe('ClassSweep', () => {
  it('finds the threshold of largest impurity decrease, rows absent from the list being at bin 0', () => {
    // Rows 0..5; only rows 3, 4, 5 are stored (bins 1, 2, 2); classes 0 0 0 1 1 1: best "bin <= 0".
    const yIndex = Int32Array.of(0, 0, 0, 1, 1, 1);
    const weight = new Float64Array(6).fill(1);
    const sweep = new ClassSweep(2, 'gini', 1);
    const parent = sweep.setNode(Float64Array.of(3, 3), 6);
    expect(parent).toBeCloseTo(impurityProxy('gini', [3, 3]), 12);
    const best = { proxy: -Infinity, feature: -1, bin: 0 };
    sweep.sweep(Int32Array.of(3, 4, 5), Uint8Array.of(1, 2, 2), 0, 3, yIndex, weight, 7, best);
    expect(best).toEqual({ proxy: expect.any(Number), feature: 7, bin: 0 });
    expect(best.proxy - parent).toBeCloseTo(6 * 0.5, 12);
  });

  it('applies minSamplesLeaf and agrees with the entropy formula', () => {
    const yIndex = Int32Array.of(0, 1, 1, 0);
    const weight = Float64Array.of(1, 2, 1, 1);
    const sweep = new ClassSweep(2, 'entropy', 2);
    const parent = sweep.setNode(Float64Array.of(2, 3), 4);
    const best = { proxy: -Infinity, feature: -1, bin: 0 };
    sweep.sweep(Int32Array.of(0, 1, 2, 3), Uint8Array.of(0, 1, 2, 3), 0, 4, yIndex, weight, 0, best);
    // Only "bin <= 1" leaves two rows each side: left {0: w1, 1: w2}, right {1: w1, 0: w1}.
    expect(best.bin).toBe(1);
    expect(best.proxy).toBeCloseTo(impurityProxy('entropy', [1, 2]) + impurityProxy('entropy', [1, 1]), 12);
    expect(parent).toBeCloseTo(impurityProxy('entropy', [2, 3]), 12);
  });
});

describe('ClassTreeGrower', () => {
  it('grows until leaves are pure, whichever way it gathers entries (columns for big nodes, rows for small)', () => {
    const rng = new Rng(1);
    const rows: number[][] = [];
    const y: number[] = [];
    for (let i = 0; i < 200; i++) {
      const row = Array.from({ length: 30 }, () => (rng.next() < 0.1 ? rng.next() : 0));
      const k = i % 3;
      row[k] = 0.5 + rng.next();
      rows.push(row);
      y.push(k);
    }
    const x = CsrMatrix.fromDense(rows, 30);
    const mapper = BinMapper.fit(x);
    const grower = new ClassTreeGrower(mapper.transform(x), mapper, Int32Array.from(y), 3);
    const tree = grower.grow(new Float64Array(200).fill(1), { ...params, maxFeatures: 5 }, new Rng(2));
    for (let i = 0; i < tree.feature.length; i++) {
      if (tree.feature[i] >= 0) continue;
      expect(tree.distPtr![i + 1] - tree.distPtr![i]).toBe(1);
      expect(tree.distProb![tree.distPtr![i]]).toBe(1);
    }
    // Same seed, same tree; the grower's buffers carry nothing over.
    const again = grower.grow(new Float64Array(200).fill(1), { ...params, maxFeatures: 5 }, new Rng(2));
    expect(Array.from(again.feature)).toEqual(Array.from(tree.feature));
  });

  it('keeps drawing features when those drawn are constant in the node', () => {
    // Only feature 9 of 10 separates the classes; one feature is drawn per split.
    const rows = Array.from({ length: 12 }, (_, i) => Array.from({ length: 10 }, (_, f) => (f === 9 ? i % 2 : 1)));
    const y = Int32Array.from({ length: 12 }, (_, i) => i % 2);
    const x = DenseMatrix.fromRows(rows);
    const mapper = BinMapper.fit(x);
    const tree = new ClassTreeGrower(mapper.transform(x), mapper, y, 2).grow(new Float64Array(12).fill(1), params, new Rng(3));
    expect(tree.feature[0]).toBe(9);
    expect(tree.feature.filter((f) => f >= 0).length).toBe(1);
  });

  it('makes a leaf of a node no feature can split (identical rows, mixed labels)', () => {
    const x = DenseMatrix.fromRows([[1, 2], [1, 2], [1, 2]]);
    const mapper = BinMapper.fit(x);
    const tree = new ClassTreeGrower(mapper.transform(x), mapper, Int32Array.of(0, 1, 1), 2).grow(new Float64Array(3).fill(1), params, new Rng(1));
    expect(tree.feature.length).toBe(1);
    expect(Array.from(tree.distProb!)).toEqual([Math.fround(1 / 3), Math.fround(2 / 3)]);
  });

  it('sorts (row, bin) pairs by bin, stably, short and long', () => {
    for (const m of [5, 100]) {
      const rng = new Rng(m);
      const bins = Uint8Array.from({ length: m }, () => rng.int(6));
      const rows = Int32Array.from({ length: m }, (_, i) => i);
      const expected = Array.from(rows).sort((a, b) => bins[a] - bins[b] || a - b);
      sortByBin(rows, bins, 0, m);
      expect(Array.from(rows)).toEqual(expected);
    }
  });
});
