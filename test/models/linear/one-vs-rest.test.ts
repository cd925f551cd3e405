import { describe, expect, it } from 'vitest';
import { LinearSVC } from '../../../src/models/linear/index.js';
import { OvrSolver, type OvrData, type OvrSpec } from '../../../src/models/linear/one-vs-rest.js';
import { stratifiedKFold } from '../../../src/data/splits.js';
import { fixtureX, fixtureY } from './sklearn-fixture.js';

/** A solver over the scikit-learn fixture with `nFolds` stratified folds (seed 0). */
function fixtureSolver(nFolds: number): { solver: OvrSolver; data: OvrData; spec: OvrSpec; y: Int32Array } {
  const x = fixtureX;
  const y = fixtureY;
  const classes = Array.from(new Set(y)).sort((a, b) => a - b);
  const yIndex = Int32Array.from(y, (c) => classes.indexOf(c));
  const folds = stratifiedKFold(y, nFolds, 0).map((s) => s.validation);
  const data: OvrData = { nFeatures: x.nCols, indptr: x.indptr, indices: x.indices, data: x.data, yIndex, folds };
  const spec: OvrSpec = { nClasses: classes.length, classWeight: new Float64Array(classes.length).fill(1), C: 1, loss: 'squared_hinge', tol: 1e-4, maxIter: 1000, bias: 1, seed: 0 };
  return { solver: new OvrSolver(data, spec, new Float32Array(x.nCols * classes.length)), data, spec, y };
}

describe('OvrSolver warm start', () => {
  it('starts a fold problem from the all-rows dual variables: the same optimum (to tolerance) in fewer passes', () => {
    const { solver, y } = fixtureSolver(5);
    const full = solver.solve({ fold: -1, problem: 0 });
    expect(full.alpha).toHaveLength(y.length);
    const cold = solver.solve({ fold: 2, problem: 0 });
    const warm = solver.solve({ fold: 2, problem: 0, warm: { alpha: full.alpha!, w: full.w!, wBias: full.wBias! } });
    expect(warm.iterations).toBeLessThan(cold.iterations);
    const spread = Math.max(...cold.validationScores!.map((s) => Math.abs(s)));
    warm.validationScores!.forEach((s, i) => expect(Math.abs(s - cold.validationScores![i])).toBeLessThan(0.05 * spread));
  });

  it('gives the same out-of-fold scores on one thread and on two (the warm starts travel between workers)', async () => {
    const x = fixtureX;
    const y = fixtureY;
    const folds = stratifiedKFold(y, 4, 1).map((s) => s.validation);
    const one = await new LinearSVC({ nJobs: 1, calibration: 'none' }).fitOutOfFoldScores(x, y, folds);
    const two = await new LinearSVC({ nJobs: 2, calibration: 'none' }).fitOutOfFoldScores(x, y, folds);
    expect(Array.from(two.scores.data)).toEqual(Array.from(one.scores.data));
  });

  it('solves a fold again after another fold, or on a new solver: the same result', () => {
    const { solver, data, spec } = fixtureSolver(3);
    const first = solver.solve({ fold: 0, problem: 1 });
    solver.solve({ fold: 1, problem: 1 });
    const again = solver.solve({ fold: 0, problem: 1 });
    expect(Array.from(again.validationScores!)).toEqual(Array.from(first.validationScores!));
    const fresh = new OvrSolver(data, spec, new Float32Array(data.nFeatures * spec.nClasses));
    expect(Array.from(fresh.solve({ fold: 0, problem: 1 }).validationScores!)).toEqual(Array.from(first.validationScores!));
  });

  it('with two folds, warm-starts from the dual variables alone: the optimum a start with the weights reaches', () => {
    const { solver } = fixtureSolver(2);
    const full = solver.solve({ fold: -1, problem: 1 });
    expect(full.w).toBeUndefined();
    expect(full.alpha!.buffer).toBeInstanceOf(SharedArrayBuffer);
    // The same all-rows problem with three folds carries its weights too.
    const withWeights = fixtureSolver(3).solver.solve({ fold: -1, problem: 1 });
    expect(Array.from(withWeights.alpha!)).toEqual(Array.from(full.alpha!));
    const cold = solver.solve({ fold: 1, problem: 1 });
    const alone = solver.solve({ fold: 1, problem: 1, warm: { alpha: full.alpha!, wBias: full.wBias! } });
    const both = solver.solve({ fold: 1, problem: 1, warm: { alpha: withWeights.alpha!, w: withWeights.w!, wBias: withWeights.wBias! } });
    expect(alone.iterations).toBeLessThanOrEqual(cold.iterations);
    const spread = Math.max(...cold.validationScores!.map((s) => Math.abs(s)));
    alone.validationScores!.forEach((s, i) => expect(Math.abs(s - both.validationScores![i])).toBeLessThan(1e-3 * spread));
    alone.validationScores!.forEach((s, i) => expect(Math.abs(s - cold.validationScores![i])).toBeLessThan(0.05 * spread));
  });
});
