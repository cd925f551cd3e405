import { describe, expect, it } from 'vitest';
import { CsrMatrix } from '../../../src/core/csr-matrix.js';
import { DenseMatrix } from '../../../src/core/dense-matrix.js';
import { encodeLabels } from '../../../src/core/estimator.js';
import { estimatorFromState } from '../../../src/core/registry.js';
import { LogisticRegression, type LogisticRegressionParams } from '../../../src/models/linear/index.js';
import { multinomialLoss } from '../../../src/models/linear/loss.js';
import { fixture, fixtureX, fixtureY, relativeError } from './sklearn-fixture.js';

const tight = { tol: 1e-10, maxIter: 5000 };

describe('LogisticRegression: toy problems', () => {
  it('classifies three separated clouds, with probabilities peaking on the right class', async () => {
    const rows = [[3, 0], [4, 1], [0, 3], [1, 4], [-3, -3], [-4, -2]];
    const y = Int32Array.of(1, 1, 2, 2, 3, 3);
    const x = CsrMatrix.fromDense(rows);
    const lr = await new LogisticRegression({ C: 10 }).fit(x, y);
    expect(Array.from(lr.predict(x))).toEqual(Array.from(y));
    const p = lr.predictProba(x);
    for (let i = 0; i < 6; i++) {
      expect(p.row(i).reduce((s, v) => s + v, 0)).toBeCloseTo(1, 6);
      expect(p.get(i, y[i] - 1)).toBeGreaterThan(0.8);
    }
  });

  it('predicts the class frequencies when every feature is zero (intercepts alone)', async () => {
    const x = new CsrMatrix(4, 3, new Int32Array(5), new Int32Array(0), new Float32Array(0));
    const lr = await new LogisticRegression(tight).fit(x, Int32Array.of(5, 5, 5, 9));
    const p = lr.predictProba(x);
    expect(p.get(0, 0)).toBeCloseTo(0.75, 5);
    expect(p.get(0, 1)).toBeCloseTo(0.25, 5);
  });
});

describe('LogisticRegression: theory', () => {
  it('stops at a stationary point of C * sum loss + 1/2 ||W||^2 (gradient ~ 0)', async () => {
    const lr = await new LogisticRegression({ C: 1, ...tight }).fit(fixtureX, fixtureY);
    const K = 4;
    const d = fixture.nCols;
    const w = new Float64Array((d + 1) * K);
    for (let j = 0; j < d; j++) for (let k = 0; k < K; k++) w[j * K + k] = lr.coef[k * d + j];
    for (let k = 0; k < K; k++) w[d * K + k] = lr.intercept[k];
    const problem = { x: fixtureX, yIndex: encodeLabels(fixtureY, lr.classes), nClasses: K, sampleWeight: null, C: 1, fitIntercept: true };
    const { gradient } = multinomialLoss(w, problem);
    // Float32 storage of the weights limits how small the gradient can be (its scale at W = 0 is ~50).
    for (const g of gradient) expect(Math.abs(g)).toBeLessThan(1e-3);
  });
});

describe('LogisticRegression: agreement with scikit-learn (multinomial, lbfgs)', () => {
  const cases: [keyof typeof fixture.logreg, Partial<LogisticRegressionParams>][] = [
    ['C1', { C: 1 }],
    ['balanced', { C: 0.3, classWeight: 'balanced' }],
  ];
  for (const [name, params] of cases) {
    it(`${name}: same coefficients (1e-3 relative), probabilities and predictions`, async () => {
      const ref = fixture.logreg[name];
      const lr = await new LogisticRegression({ ...params, ...tight }).fit(fixtureX, fixtureY);
      expect(lr.converged).toBe(true);
      expect(relativeError(lr.coef, ref.coef)).toBeLessThan(1e-3);
      expect(relativeError(lr.intercept, ref.intercept)).toBeLessThan(1e-3);
      expect(Array.from(lr.predict(fixtureX))).toEqual(ref.predict);
      const p = lr.predictProba(fixtureX.selectRows(Array.from({ length: 10 }, (_, i) => i)));
      p.data.forEach((v, q) => expect(v).toBeCloseTo(ref.probaFirst10![q], 4));
    });
  }
});

describe('LogisticRegression: dense rows', () => {
  it('fits and scores dense rows as it does the same rows held sparse (scikit-learn accepts both)', async () => {
    const dense = DenseMatrix.fromRows(fixtureX.toDense(), fixtureX.nCols);
    const sparse = await new LogisticRegression({ C: 1, ...tight }).fit(fixtureX, fixtureY);
    const fromDense = await new LogisticRegression({ C: 1, ...tight }).fit(dense, fixtureY);
    expect(fromDense.converged).toBe(true);
    expect(relativeError(fromDense.coef, fixture.logreg.C1.coef)).toBeLessThan(1e-3);
    expect(relativeError(fromDense.coef, sparse.coef)).toBeLessThan(1e-4);
    expect(Array.from(fromDense.predict(dense))).toEqual(Array.from(sparse.predict(fixtureX)));
    const p = fromDense.predictProba(dense);
    sparse.predictProba(fixtureX).data.forEach((v, q) => expect(p.data[q]).toBeCloseTo(v, 5));
    expect(() => fromDense.predictProba(new DenseMatrix(2, fixtureX.nCols + 1))).toThrow(/feature/i);
  });
});

describe('LogisticRegression: the estimator contract', () => {
  it('is deterministic (bit for bit) and round-trips through getState with identical probabilities', async () => {
    const a = await new LogisticRegression({ C: 0.5 }).fit(fixtureX, fixtureY);
    const b = await new LogisticRegression({ C: 0.5 }).fit(fixtureX, fixtureY);
    expect(Array.from(b.coef)).toEqual(Array.from(a.coef));
    const loaded = estimatorFromState<LogisticRegression>(a.getState());
    expect(Array.from(loaded.predictProba(fixtureX).data)).toEqual(Array.from(a.predictProba(fixtureX).data));
    expect(loaded.nIter).toBe(a.nIter);
  });

  it('throws NOT_FITTED, FEATURE_MISMATCH and INVALID_PARAM naming the parameter', async () => {
    expect(() => new LogisticRegression().predict(fixtureX)).toThrow(expect.objectContaining({ code: 'NOT_FITTED' }));
    const lr = await new LogisticRegression({ maxIter: 5 }).fit(fixtureX, fixtureY);
    expect(lr.converged).toBe(false);
    expect(() => lr.predictProba(CsrMatrix.fromDense([[1]]))).toThrow(expect.objectContaining({ code: 'FEATURE_MISMATCH' }));
    for (const [params, name] of [
      [{ C: -1 }, '"C"'],
      [{ maxIter: 0 }, '"maxIter"'],
      [{ classWeight: [1, 2] }, '"classWeight"'],
    ] as const) {
      expect(() => new LogisticRegression(params as never)).toThrow(expect.objectContaining({ code: 'INVALID_PARAM', message: expect.stringContaining(name) }));
    }
  });

  it('weights classes: a heavier class wins more of the ambiguous middle', async () => {
    const x = CsrMatrix.fromDense([[-2], [-1], [-0.5], [0], [0.5], [1], [0.2], [2]]);
    const y = Int32Array.of(0, 0, 0, 0, 0, 1, 1, 1);
    const probe = CsrMatrix.fromDense([[0.3]]);
    const plain = await new LogisticRegression({ C: 1 }).fit(x, y);
    const weighted = await new LogisticRegression({ C: 1, classWeight: { 1: 4 } }).fit(x, y);
    expect(weighted.predictProba(probe).get(0, 1)).toBeGreaterThan(plain.predictProba(probe).get(0, 1) + 0.1);
  });
});
