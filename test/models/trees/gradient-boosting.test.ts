import { describe, expect, it } from 'vitest';
import { CsrMatrix } from '../../../src/core/csr-matrix.js';
import { DenseMatrix } from '../../../src/core/dense-matrix.js';
import { estimatorFromState } from '../../../src/core/registry.js';
import { Rng } from '../../../src/core/rng.js';
import { GradientBoostingClassifier } from '../../../src/models/trees/gradient-boosting.js';
import { dense, fixtures } from './tree-fixture.js';

function clouds(n: number, seed: number): { x: DenseMatrix; y: Int32Array } {
  const rng = new Rng(seed);
  const centres = [[0, 0], [4, 0], [0, 4]];
  const rows: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const k = i % 3;
    rows.push([centres[k][0] + rng.normal() * 0.5, centres[k][1] + rng.normal() * 0.5, rng.normal()]);
    y.push(10 * (k + 1));
  }
  return { x: DenseMatrix.fromRows(rows), y: Int32Array.from(y) };
}

describe('GradientBoostingClassifier: problems solved by hand', () => {
  it('reproduces a hand-computed boosting round (two classes, one split, eta 0.3, lambda 1)', async () => {
    // p = 1/2 everywhere at start; class 0 gets g = -1/2 on its rows, +1/2 on the others, h = 2 * 1/4 = 1/2.
    // Its tree splits x <= 0.5: left G = -1, H = 1, so w = -(-1) / (1 + 1) * 0.3 = 0.15; the right leaf -0.15.
    const x = DenseMatrix.fromRows([[0], [0], [1], [1]]);
    const y = Int32Array.of(7, 7, 9, 9);
    const model = await new GradientBoostingClassifier({ nEstimators: 1, maxDepth: 1, learningRate: 0.3, lambda: 1, minChildWeight: 0, initScore: 'uniform', nJobs: 1 }).fit(x, y);
    const scores = model.decisionFunction(x);
    expect(scores.get(0, 0)).toBeCloseTo(0.15, 6);
    expect(scores.get(0, 1)).toBeCloseTo(-0.15, 6);
    expect(scores.get(3, 0)).toBeCloseTo(-0.15, 6);
    const p = model.predictProba(x);
    expect(p.get(0, 0)).toBeCloseTo(1 / (1 + Math.exp(-0.3)), 6);
    expect(model.trees.nTrees).toBe(2);
    expect(model.trees.gain[0]).toBeCloseTo(0.5 + 0.5 - 0, 6);
  });

  it('separates three clouds and learns XOR with depth-2 trees', async () => {
    const { x, y } = clouds(90, 1);
    const model = await new GradientBoostingClassifier({ nEstimators: 20, maxDepth: 3, nJobs: 1 }).fit(x, y);
    expect(Array.from(model.predict(x))).toEqual(Array.from(y));
    const xor: number[][] = [];
    const labels: number[] = [];
    for (const [a, b, count] of [[0, 0, 8], [0, 1, 5], [1, 0, 6], [1, 1, 7]]) {
      for (let c = 0; c < count; c++) {
        xor.push([a, b]);
        labels.push(a ^ b);
      }
    }
    const m = await new GradientBoostingClassifier({ nEstimators: 10, maxDepth: 2, minChildWeight: 0, nJobs: 1 }).fit(DenseMatrix.fromRows(xor), Int32Array.from(labels));
    expect(Array.from(m.predict(DenseMatrix.fromRows([[0, 0], [0, 1], [1, 0], [1, 1]])))).toEqual([0, 1, 1, 0]);
  });

  it('reads sparse input the same as its dense copy', async () => {
    const { x, y } = clouds(60, 2);
    const rows = x.toRows().map((r) => Array.from(r, (v) => Math.max(0, v)));
    const d = await new GradientBoostingClassifier({ nEstimators: 5, nJobs: 1 }).fit(DenseMatrix.fromRows(rows), y);
    const s = await new GradientBoostingClassifier({ nEstimators: 5, nJobs: 1 }).fit(CsrMatrix.fromDense(rows), y);
    expect(Array.from(s.predictProba(CsrMatrix.fromDense(rows)).data)).toEqual(Array.from(d.predictProba(DenseMatrix.fromRows(rows)).data));
  });
});

describe('GradientBoostingClassifier: agreement with XGBoost 1.7 (multi:softprob, hist)', () => {
  const { x, nCols, y, cases } = fixtures.xgboost;
  for (const [name, c] of Object.entries(cases)) {
    it(`${name}: the same margins after ${c.rounds} round(s) of depth ${c.maxDepth}`, async () => {
      const model = await new GradientBoostingClassifier({ nEstimators: c.rounds, maxDepth: c.maxDepth, learningRate: 0.3, lambda: 1, minChildWeight: 1, initScore: 'uniform', nJobs: 1 }).fit(dense(x, nCols), Int32Array.from(y));
      const scores = model.decisionFunction(dense(x, nCols));
      // XGBoost's margins include its base_score of 0.5.
      scores.data.forEach((v, q) => expect(v + 0.5).toBeCloseTo(c.margin[q], 5));
    });
  }
});

describe('GradientBoostingClassifier: training options', () => {
  it('is identical on one thread and on worker threads, and with the same seed', async () => {
    const { x, y } = clouds(120, 3);
    const params = { nEstimators: 4, maxDepth: 3, subsample: 0.7, colsampleBytree: 0.7, colsampleBylevel: 0.8, seed: 5 };
    const one = await new GradientBoostingClassifier({ ...params, nJobs: 1 }).fit(x, y);
    const two = await new GradientBoostingClassifier({ ...params, nJobs: 2 }).fit(x, y);
    expect(Array.from(two.predictProba(x).data)).toEqual(Array.from(one.predictProba(x).data));
    const other = await new GradientBoostingClassifier({ ...params, nJobs: 1, seed: 6 }).fit(x, y);
    expect(Array.from(other.predictProba(x).data)).not.toEqual(Array.from(one.predictProba(x).data));
  });

  it('stops early on the validation log-loss and keeps the best round', async () => {
    const { x, y } = clouds(150, 4);
    const model = await new GradientBoostingClassifier({ nEstimators: 200, learningRate: 0.5, earlyStopping: true, nIterNoChange: 3, nJobs: 1 }).fit(x, y);
    const losses = model.validationLoss;
    expect(losses.length).toBeLessThan(200);
    const best = losses.indexOf(Math.min(...losses));
    expect(model.nRounds).toBe(best + 1);
    expect(losses.length - 1 - best).toBe(3);
  });

  it('saves and loads, explains with path contributions and ranks features by gain', async () => {
    const { x, y } = clouds(90, 5);
    const model = await new GradientBoostingClassifier({ nEstimators: 5, nJobs: 1 }).fit(x, y);
    const loaded = estimatorFromState<GradientBoostingClassifier>(model.getState());
    expect(Array.from(loaded.predictProba(x).data)).toEqual(Array.from(model.predictProba(x).data));
    const importances = model.featureImportances;
    expect(importances.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 9);
    expect(importances[2]).toBeLessThan(Math.min(importances[0], importances[1]));
    // Contributions plus the starting score and the trees' root values give the raw score.
    const row = new DenseMatrix(1, 3, x.row(4).slice());
    const k = 1;
    const contributions = model.featureContributions(row, k);
    let root = 0;
    for (let t = k; t < model.trees.nTrees; t += 3) root += model.trees.value![model.trees.treeStart[t]];
    const total = [...contributions.values()].reduce((s, v) => s + v, 0);
    expect(total + root + loaded.getState().arrays.init[k]).toBeCloseTo(model.decisionFunction(row).get(0, k), 5);
  });

  it('rejects bad parameters and wrong widths', async () => {
    expect(() => new GradientBoostingClassifier({ subsample: 0 })).toThrow(expect.objectContaining({ code: 'INVALID_PARAM', message: expect.stringContaining('"subsample"') }));
    expect(() => new GradientBoostingClassifier({ nJobs: 0 })).toThrow(expect.objectContaining({ code: 'INVALID_PARAM' }));
    const { x, y } = clouds(30, 6);
    const model = await new GradientBoostingClassifier({ nEstimators: 1, nJobs: 1 }).fit(x, y);
    expect(() => model.predictProba(DenseMatrix.fromRows([[1, 2]]))).toThrow(expect.objectContaining({ code: 'FEATURE_MISMATCH' }));
  });
});
