import { describe, expect, it } from 'vitest';
import { CsrMatrix } from '../../../src/core/csr-matrix.js';
import { estimatorFromState } from '../../../src/core/registry.js';
import { ComplementNB } from '../../../src/models/naive-bayes/complement-nb.js';
import { MultinomialNB } from '../../../src/models/naive-bayes/multinomial-nb.js';
import { fixtures, sparse } from '../trees/tree-fixture.js';

const f = fixtures.nb;
const x = sparse(f.x, f.nCols);
const y = Int32Array.from(f.y);
const first10 = x.selectRows(Array.from({ length: 10 }, (_, i) => i));

describe('naive Bayes: a problem solved by hand', () => {
  it('MultinomialNB: ln theta_kj = ln((N_kj + a) / (N_k + a F)) and the class prior', async () => {
    const xs = CsrMatrix.fromDense([[2, 0], [1, 1], [0, 3]]);
    const nb = await new MultinomialNB({ alpha: 1 }).fit(xs, Int32Array.of(0, 0, 1));
    // class 0: counts (3, 1) -> (4/6, 2/6); class 1: (0, 3) -> (1/5, 4/5).
    // Kept at float32 precision, as every model's weights.
    expect(Array.from(nb.featureLogProb).map(Math.exp)).toEqual([4 / 6, 2 / 6, 1 / 5, 4 / 5].map((v) => expect.closeTo(v, 6)));
    expect(nb.intercept[0]).toBeCloseTo(Math.log(2 / 3), 6);
    // Class 1 never holds feature 0: three (class, feature) pairs are stored, not four, and the weights are the same.
    expect(nb.getState().arrays.heldBy).toEqual(Int32Array.of(0, 0, 1));
  });

  it('ComplementNB: a class that never holds a feature weighs it from the class totals and the feature\'s count alone', async () => {
    const xs = CsrMatrix.fromDense([[2, 0, 0], [1, 1, 0], [0, 3, 1]]);
    const nb = await new ComplementNB({ alpha: 1 }).fit(xs, Int32Array.of(0, 0, 1));
    // Complement of class 0 is class 1's counts (0, 3, 1); of class 1, class 0's (3, 1, 0). theta = (N_j - N_kj + 1) / (N - N_k + 3).
    const theta = [[1 / 7, 4 / 7, 2 / 7], [4 / 7, 2 / 7, 1 / 7]];
    expect(Array.from(nb.featureLogProb)).toEqual(theta.flat().map((t) => expect.closeTo(-Math.log(t), 6)));
    expect(nb.getState().arrays.heldBy).toEqual(Int32Array.of(0, 0, 1, 1));
  });
});

describe('naive Bayes: agreement with scikit-learn', () => {
  const cases = [
    ['complement', () => new ComplementNB({ alpha: f.alpha })],
    ['complementNorm', () => new ComplementNB({ alpha: f.alpha, norm: true })],
    ['multinomial', () => new MultinomialNB({ alpha: f.alpha })],
  ] as const;
  for (const [name, make] of cases) {
    it(`${name}: feature_log_prob_ and predict_proba`, async () => {
      const nb = await make().fit(x, y);
      nb.featureLogProb.forEach((v, q) => expect(v).toBeCloseTo(f[name].featureLogProb[q], 5));
      nb.predictProba(first10).data.forEach((v, q) => expect(v).toBeCloseTo(f[name].proba[q], 5));
    });
  }
});

describe('naive Bayes: the estimator contract', () => {
  it('saves its weights (same weights and probabilities), loads the dense centred weights of earlier folders, rejects negative counts and bad alpha', async () => {
    const nb = await new ComplementNB({ alpha: 0.3 }).fit(x, y);
    const state = nb.getState();
    const loaded = estimatorFromState<ComplementNB>(state);
    expect(Array.from(loaded.predictProba(x).data)).toEqual(Array.from(nb.predictProba(x).data));
    expect(Array.from(loaded.featureLogProb)).toEqual(Array.from(nb.featureLogProb));
    const earlier = { ...state, arrays: { classes: nb.classes, intercept: nb.intercept, coefByFeature: nb.featureMajor } };
    estimatorFromState<ComplementNB>(earlier).predictProba(x).data.forEach((v, q) => expect(v).toBeCloseTo(nb.predictProba(x).data[q], 6));
    // Centred per feature: the classes' weights of a column sum to 0.
    let sum = 0;
    for (let k = 0; k < 4; k++) sum += nb.coef[k * f.nCols + 2];
    expect(sum).toBeCloseTo(0, 5);
    await expect(new MultinomialNB().fit(CsrMatrix.fromDense([[-1], [1]]), Int32Array.of(0, 1))).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect(() => new ComplementNB({ alpha: -1 })).toThrow(expect.objectContaining({ code: 'INVALID_PARAM' }));
  });
});

describe('naive Bayes: out-of-fold in one pass', () => {
  /** Each fold's rows scored by a copy fitted on every other row (rows outside all folds train only), mapped onto `classes`. */
  async function foldByFold(make: () => ComplementNB | MultinomialNB, xs: CsrMatrix, ys: Int32Array, folds: Int32Array[], classes: Int32Array): Promise<Float32Array> {
    const out = new Float32Array(xs.nRows * classes.length);
    for (const rows of folds) {
      const held = new Set(rows);
      const train = Int32Array.from({ length: xs.nRows }, (_, i) => i).filter((i) => !held.has(i));
      const copy = await make().fit(xs.selectRows(train), Int32Array.from(train, (i) => ys[i]));
      const proba = copy.predictProba(xs.selectRows(rows));
      rows.forEach((r, i) => copy.classes.forEach((c, j) => (out[r * classes.length + classes.indexOf(c)] = proba.row(i)[j])));
    }
    return out;
  }

  const folds = [0, 1, 2].map((f) => Int32Array.from({ length: x.nRows }, (_, i) => i).filter((i) => i % 4 === f));
  for (const [name, make] of [
    ['complement', () => new ComplementNB({ alpha: 0.5 })],
    ['multinomial', () => new MultinomialNB({ alpha: 0.5 })],
  ] as const) {
    it(`${name}: the same probabilities as a copy fitted per fold, and the same final model as fit`, async () => {
      const nb = make();
      const oof = await nb.fitOutOfFold(x, y, folds);
      const expected = await foldByFold(make, x, y, folds, nb.classes);
      oof.data.forEach((v, q) => expect(v).toBeCloseTo(expected[q], 6));
      // Rows in no fold (every fourth) stay 0.
      expect(Array.from(oof.row(3)).every((v) => v === 0)).toBe(true);
      const whole = await make().fit(x, y);
      expect(Array.from(nb.predictProba(x).data)).toEqual(Array.from(whole.predictProba(x).data));
    });

    it(`${name}: a class whose every row is in one fold gets 0 there, as a copy fitted without it`, async () => {
      const ys = Int32Array.from(y);
      // Class 9 only in fold 0's rows 0 and 4.
      ys[0] = 9;
      ys[4] = 9;
      const nb = make();
      const oof = await nb.fitOutOfFold(x, ys, folds);
      const column = nb.classes.indexOf(9);
      expect(oof.row(0)[column]).toBe(0);
      const expected = await foldByFold(make, x, ys, folds, nb.classes);
      oof.data.forEach((v, q) => expect(v).toBeCloseTo(expected[q], 6));
    });
  }

  it('refuses when the weights read every feature at once (ComplementNB with norm)', async () => {
    const nb = new ComplementNB({ norm: true });
    expect(nb.canFitOutOfFold).toBe(false);
    await expect(nb.fitOutOfFold(x, y, folds)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });
});
