import { describe, expect, it } from 'vitest';
import { CsrMatrix } from '../../../src/core/csr-matrix.js';
import { DenseMatrix } from '../../../src/core/dense-matrix.js';
import { estimatorFromState } from '../../../src/core/registry.js';
import { Rng } from '../../../src/core/rng.js';
import { RandomForestClassifier, resolveMaxFeatures } from '../../../src/models/trees/random-forest.js';
import { forestClassValues } from '../../../src/models/trees/tree-explain.js';
import { dense, fixtures } from './tree-fixture.js';

function xorData(): { x: DenseMatrix; y: Int32Array } {
  const rows: number[][] = [];
  const y: number[] = [];
  for (const [a, b, count] of [[0, 0, 8], [0, 1, 5], [1, 0, 6], [1, 1, 7]]) {
    for (let c = 0; c < count; c++) {
      rows.push([a, b]);
      y.push(a ^ b);
    }
  }
  return { x: DenseMatrix.fromRows(rows), y: Int32Array.from(y) };
}

/** Sparse non-negative rows: class k's rows use columns 3k..3k+2, plus shared noise columns. */
function sparseClasses(perClass: number, seed: number): { x: CsrMatrix; y: Int32Array } {
  const rng = new Rng(seed);
  const rows: number[][] = [];
  const y: number[] = [];
  for (let k = 0; k < 4; k++) {
    for (let i = 0; i < perClass; i++) {
      const row = new Array(16).fill(0);
      row[3 * k + rng.int(3)] = 0.5 + rng.next();
      if (rng.next() < 0.5) row[12 + rng.int(4)] = rng.next();
      rows.push(row);
      y.push(100 + k);
    }
  }
  return { x: CsrMatrix.fromDense(rows, 16), y: Int32Array.from(y) };
}

describe('RandomForestClassifier: problems solved by hand', () => {
  it('learns XOR exactly with one unbagged tree of depth 2 (leaves pure)', async () => {
    const { x, y } = xorData();
    const model = await new RandomForestClassifier({ nEstimators: 1, bootstrap: false, maxFeatures: 'all', nJobs: 1 }).fit(x, y);
    expect(Array.from(model.predict(x))).toEqual(Array.from(y));
    expect(model.trees.nNodes).toBe(7);
    const p = model.predictProba(x);
    for (let i = 0; i < p.rows; i++) expect(Math.max(...p.row(i))).toBe(1);
  });

  it('separates sparse classes, and a bagged forest still gets XOR', async () => {
    const { x, y } = sparseClasses(20, 1);
    const model = await new RandomForestClassifier({ nEstimators: 30, nJobs: 1 }).fit(x, y);
    expect(Array.from(model.predict(x))).toEqual(Array.from(y));
    const xor = xorData();
    const forest = await new RandomForestClassifier({ nEstimators: 30, maxFeatures: 'all', nJobs: 1 }).fit(xor.x, xor.y);
    expect(Array.from(forest.predict(DenseMatrix.fromRows([[0, 0], [0, 1], [1, 0], [1, 1]])))).toEqual([0, 1, 1, 0]);
  });

  it('respects maxDepth and minSamplesLeaf', async () => {
    const { x, y } = sparseClasses(20, 2);
    const shallow = await new RandomForestClassifier({ nEstimators: 1, maxDepth: 2, nJobs: 1 }).fit(x, y);
    expect(shallow.trees.nNodes).toBeLessThanOrEqual(7);
    const leafy = await new RandomForestClassifier({ nEstimators: 3, minSamplesLeaf: 5, bootstrap: false, nJobs: 1 }).fit(x, y);
    const { feature, weight } = leafy.trees;
    for (let i = 0; i < feature.length; i++) if (feature[i] < 0) expect(weight[i]).toBeGreaterThanOrEqual(5);
  });
});

describe('RandomForestClassifier: agreement with scikit-learn', () => {
  it('grows the same tree as scikit-learn\'s exact CART (one tree, no bootstrap, all features)', async () => {
    const f = fixtures.tree;
    const model = await new RandomForestClassifier({ nEstimators: 1, bootstrap: false, maxFeatures: 'all', nJobs: 1 }).fit(dense(f.x, 3), Int32Array.from(f.y));
    expect(model.trees.nNodes).toBe(f.nodeCount);
    const p = model.predictProba(dense(f.xTest, 3));
    p.data.forEach((v, q) => expect(v).toBeCloseTo(f.probaTest[q], 6));
  });

  it('resolves maxFeatures as scikit-learn does', () => {
    expect(resolveMaxFeatures('sqrt', 5000)).toBe(70);
    expect(resolveMaxFeatures('log2', 5000)).toBe(12);
    expect(resolveMaxFeatures(0.05, 5000)).toBe(250);
    expect(resolveMaxFeatures(7, 5)).toBe(5);
    expect(resolveMaxFeatures('all', 5)).toBe(5);
  });
});

describe('RandomForestClassifier: training options', () => {
  it('is identical on one thread and on worker threads; another seed gives another forest', async () => {
    const { x, y } = sparseClasses(15, 3);
    const one = await new RandomForestClassifier({ nEstimators: 12, seed: 3, nJobs: 1 }).fit(x, y);
    const two = await new RandomForestClassifier({ nEstimators: 12, seed: 3, nJobs: 2 }).fit(x, y);
    expect(Array.from(two.predictProba(x).data)).toEqual(Array.from(one.predictProba(x).data));
    const other = await new RandomForestClassifier({ nEstimators: 12, seed: 4, nJobs: 1 }).fit(x, y);
    expect(Array.from(other.trees.feature)).not.toEqual(Array.from(one.trees.feature));
  });

  it('scores out-of-bag rows and weights classes', async () => {
    const { x, y } = sparseClasses(25, 4);
    const model = await new RandomForestClassifier({ nEstimators: 25, oobScore: true, nJobs: 1 }).fit(x, y);
    expect(model.oobScore).toBeGreaterThan(0.8);
    expect(model.oobScore).toBeLessThanOrEqual(1);
    const plain = await new RandomForestClassifier({ nEstimators: 5, nJobs: 1 }).fit(x, y);
    expect(plain.oobScore).toBeNull();
    for (const classWeight of ['balanced', 'balanced_subsample', { 101: 3 }] as const) {
      const weighted = await new RandomForestClassifier({ nEstimators: 5, classWeight, nJobs: 1 }).fit(x, y);
      expect(weighted.predict(x).length).toBe(y.length);
    }
  });

  it('saves and loads, ranks features by impurity decrease and explains one row', async () => {
    const { x, y } = sparseClasses(20, 5);
    const model = await new RandomForestClassifier({ nEstimators: 10, criterion: 'entropy', nJobs: 1 }).fit(x, y);
    const loaded = estimatorFromState<RandomForestClassifier>(model.getState());
    expect(Array.from(loaded.predictProba(x).data)).toEqual(Array.from(model.predictProba(x).data));
    const importances = model.featureImportances;
    expect(importances.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 9);
    // The class columns matter more than the noise columns.
    expect(importances.slice(0, 12).reduce((s, v) => s + v, 0)).toBeGreaterThan(0.8);
    // Path contributions add up to the probability minus the mean root value.
    const row = x.selectRows([0]);
    const contributions = model.featureContributions(row, 0);
    const total = [...contributions.values()].reduce((s, v) => s + v, 0);
    const value = forestClassValues(model.trees, 0);
    const rootShare = Array.from(model.trees.treeStart.subarray(0, -1), (root) => value[root]).reduce((a, b) => a + b, 0) / model.trees.nTrees;
    expect(total + rootShare).toBeCloseTo(model.predictProba(row).get(0, 0), 5);
  });

  it('rejects bad parameters', () => {
    expect(() => new RandomForestClassifier({ maxFeatures: 1.5 })).toThrow(expect.objectContaining({ code: 'INVALID_PARAM', message: expect.stringContaining('"maxFeatures"') }));
    expect(() => new RandomForestClassifier({ criterion: 'mse' as never })).toThrow(expect.objectContaining({ code: 'INVALID_PARAM' }));
    expect(() => new RandomForestClassifier({ classWeight: 'heavy' as never })).toThrow(expect.objectContaining({ code: 'INVALID_PARAM' }));
  });
});
