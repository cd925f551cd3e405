// The knn kind: neighbours' categories, weighted by closeness, scored by compare beside another kind, saved and loaded.

import { describe, expect, it } from 'vitest';
import '../../../src/models/registrations.js';
import { CsrMatrix } from '../../../src/core/csr-matrix.js';
import { modelKind } from '../../../src/models/model-kinds.js';
import { KNeighborsClassifier } from '../../../src/models/similar/knn-classifier.js';
import { compareModels } from '../../../src/training/compare.js';
import { syntheticProducts } from '../../helpers/synthetic-text.js';

const data = syntheticProducts(12, 4);

describe('KNeighborsClassifier', () => {
  it('votes by closeness: the nearest rows decide, far ones barely count', async () => {
    // Two tight groups on features 0-1 and 2-3, and one row of class 9 between them.
    const x = CsrMatrix.fromDense([
      [1, 0.1, 0, 0],
      [1, 0.2, 0, 0],
      [0.9, 0.1, 0, 0],
      [0, 0, 1, 0.1],
      [0, 0, 1, 0.2],
      [0, 0, 0.9, 0.1],
      [0.5, 0, 0.5, 0],
    ]);
    const y = Int32Array.from([1, 1, 1, 2, 2, 2, 9]);
    const model = await new KNeighborsClassifier({ nNeighbors: 3, nComponents: 3, seed: 1 }).fit(x, y);
    const query = CsrMatrix.fromDense([
      [1, 0.15, 0, 0],
      [0, 0, 1, 0.15],
    ]);
    expect(Array.from(model.predict(query))).toEqual([1, 2]);
    const uniform = await new KNeighborsClassifier({ nNeighbors: 7, nComponents: 3, weights: 'uniform', seed: 1 }).fit(x, y);
    // With every row voting equally, class 9 gets exactly 1/7.
    expect(uniform.predictProba(query).row(0)[2]).toBeCloseTo(1 / 7, 5);
    expect(() => new KNeighborsClassifier({ weights: 'far' as never })).toThrow(/weights/);
  });
});

describe('knn kind', () => {
  it('is scored by compare beside naive-bayes on the same folds', async () => {
    const report = await compareModels({ kinds: ['naive-bayes', 'knn'], data, source: 'synthetic', cv: 2, seed: 3, params: { knn: { classifier: { nComponents: 8 } } } });
    expect(report.models.map((m) => m.kind).sort()).toEqual(['knn', 'naive-bayes']);
    const knn = report.models.find((m) => m.kind === 'knn')!;
    expect(knn.mean.weightedF1).toBeGreaterThan(0.6);
    expect(modelKind('knn').modalities).toEqual(['text']);
  });
});
