// StackingClassifier: a logistic regression over its members' out-of-fold log-probabilities, fitted whole or out-of-fold, saved and loaded.

import { describe, expect, it } from 'vitest';
import { CsrMatrix } from '../../../src/core/csr-matrix.js';
import { DenseMatrix } from '../../../src/core/dense-matrix.js';
import { isProdclassError } from '../../../src/core/errors.js';
import { stratifiedKFold, stratifiedSplit } from '../../../src/data/splits.js';
import { STACKING_MAX_CLASSES, StackingClassifier } from '../../../src/models/compose/stacking.js';
import { LinearSVC } from '../../../src/models/linear/linear-svc.js';
import { LogisticRegression } from '../../../src/models/linear/logistic-regression.js';
import { ComplementNB } from '../../../src/models/naive-bayes/complement-nb.js';
import { ProductTextVectorizer } from '../../../src/text/product-text-vectorizer.js';
import { syntheticProducts } from '../../helpers/synthetic-text.js';

const { products, labels } = syntheticProducts(30, 4);
const x = await new ProductTextVectorizer().fitTransform(products);
const members = () => [['svm', new LinearSVC({ seed: 3 })], ['nb', new ComplementNB({ alpha: 0.1 })]] as const;
const folds = [0, 1, 2].map((f) => Int32Array.from(labels.keys()).filter((r) => r % 3 === f));

/** The members' probabilities, floored at 1e-7 and logged, side by side: what the final model reads. */
function logFeatures(...probas: DenseMatrix[]): DenseMatrix {
  const rows = Array.from({ length: probas[0].rows }, (_, i) => probas.flatMap((p) => Array.from(p.row(i), (v) => Math.log(Math.max(v, 1e-7)))));
  return DenseMatrix.fromRows(rows, probas.reduce((w, p) => w + p.cols, 0));
}

describe('StackingClassifier', () => {
  it("fits its final logistic regression on the members' out-of-fold probabilities, then predicts through the members fitted on every row", async () => {
    const params = { C: 0.5, tol: 1e-9, maxIter: 5000 };
    const stack = new StackingClassifier(members(), params);
    const oof = await stack.fitOutOfFold(x, labels, folds);
    const svm = new LinearSVC({ seed: 3 });
    const nb = new ComplementNB({ alpha: 0.1 });
    const features = logFeatures(await svm.fitOutOfFold(x, labels, folds), await nb.fitOutOfFold(x, labels, folds));
    const final = await new LogisticRegression(params).fit(features, labels);
    const expected = final.predictProba(logFeatures(svm.predictProba(x), nb.predictProba(x)));
    const got = await stack.predictProba(x);
    for (let i = 0; i < got.data.length; i++) expect(got.data[i]).toBeCloseTo(expected.data[i], 5);
    expect(Array.from(await stack.predict(x))).toEqual(Array.from(got.argmaxRows(), (j) => stack.classes[j]));

    // Each fold's rows are stacked by a final model that never saw them.
    for (const [f, held] of folds.entries()) {
      const rows = folds.flatMap((r, g) => (g === f ? [] : Array.from(r)));
      const model = await new LogisticRegression(params).fit(features.selectRows(rows), Int32Array.from(rows, (r) => labels[r]));
      const p = model.predictProba(features.selectRows(held));
      held.forEach((row, i) => {
        for (let j = 0; j < p.cols; j++) expect(oof.get(row, j)).toBeCloseTo(p.get(i, j), 5);
      });
    }
  });

  it('fits its final model on a seeded stratified sample of maxRows rows when given more', async () => {
    const params = { C: 0.5, tol: 1e-9, maxIter: 5000 };
    const stack = new StackingClassifier(members(), { ...params, maxRows: 60, seed: 4 });
    await stack.fitOutOfFold(x, labels, folds);
    const svm = new LinearSVC({ seed: 3 });
    const nb = new ComplementNB({ alpha: 0.1 });
    const features = logFeatures(await svm.fitOutOfFold(x, labels, folds), await nb.fitOutOfFold(x, labels, folds));
    const sample = stratifiedSplit(labels, 60 / labels.length, 4).validation;
    expect(sample.length).toBeGreaterThan(55);
    expect(sample.length).toBeLessThanOrEqual(64);
    expect(new Set(Array.from(sample, (r) => labels[r])).size).toBe(new Set(labels).size);
    const final = await new LogisticRegression(params).fit(features.selectRows(sample), Int32Array.from(sample, (r) => labels[r]));
    const expected = final.predictProba(logFeatures(svm.predictProba(x), nb.predictProba(x)));
    const got = await stack.predictProba(x);
    for (let i = 0; i < got.data.length; i++) expect(got.data[i]).toBeCloseTo(expected.data[i], 5);
    // Fitted on every row instead, it would differ.
    const whole = await new LogisticRegression(params).fit(features, labels);
    const unsampled = whole.predictProba(logFeatures(svm.predictProba(x), nb.predictProba(x)));
    expect(unsampled.data.some((v, i) => Math.abs(v - got.data[i]) > 1e-3)).toBe(true);
  });

  it('answers with its first member alone when, out-of-fold, the final model scored a worse log-loss, and says so after a reload', async () => {
    // C this small leaves the final model at the class frequencies: far worse than the SVM.
    const stack = new StackingClassifier(members(), { C: 1e-6 });
    const oof = await stack.fitOutOfFold(x, labels, folds);
    expect(stack.usesFinalModel).toBe(false);
    const svm = new LinearSVC({ seed: 3 });
    const svmOof = await svm.fitOutOfFold(x, labels, folds);
    expect(Array.from(oof.data)).toEqual(Array.from(svmOof.data));
    const got = await stack.predictProba(x);
    expect(Array.from(got.data)).toEqual(Array.from(svm.predictProba(x).data));
    const again = StackingClassifier.fromState(stack.getState());
    expect(again.usesFinalModel).toBe(false);
    expect(Array.from((await again.predictProba(x)).data)).toEqual(Array.from(got.data));

    const stacked = new StackingClassifier(members(), { C: 0.5 });
    await stacked.fitOutOfFold(x, labels, folds);
    expect(stacked.usesFinalModel).toBe(true);
    expect(StackingClassifier.fromState(stacked.getState()).usesFinalModel).toBe(true);
  });

  it('fit takes its out-of-fold probabilities from `cv` seeded stratified folds', async () => {
    const stack = await new StackingClassifier(members(), { cv: 3, seed: 5 }).fit(x, labels);
    const again = new StackingClassifier(members(), { cv: 3, seed: 5 });
    await again.fitOutOfFold(x, labels, stratifiedKFold(labels, 3, 5).map((s) => s.validation));
    expect(Array.from((await stack.predictProba(x)).data)).toEqual(Array.from((await again.predictProba(x)).data));
  });

  it('comes back from its saved state predicting the same', async () => {
    const stack = await new StackingClassifier(members(), { C: 0.2 }).fit(x, labels);
    const again = StackingClassifier.fromState(stack.getState());
    expect(Array.from((await again.predictProba(x)).data)).toEqual(Array.from((await stack.predictProba(x)).data));
    expect(again.params.C).toBe(0.2);
    expect(again.members.map(([name]) => name)).toEqual(['svm', 'nb']);
  });

  it('refuses a stack without members and a state without its final model', async () => {
    const error = (() => {
      try {
        return new StackingClassifier([]);
      } catch (e) {
        return e;
      }
    })();
    expect(isProdclassError(error, 'INVALID_PARAM')).toBe(true);
    const state = (await new StackingClassifier(members()).fit(x, labels)).getState();
    delete state.children!.final;
    expect(() => StackingClassifier.fromState(state)).toThrow(/final model/);
  });

  it('refuses more categories than a stack takes before fitting anything, naming what to use instead', async () => {
    const n = 2 * (STACKING_MAX_CLASSES + 1);
    const wide = CsrMatrix.fromDense(Array.from({ length: n }, (_, i) => [1, i % 7]));
    const y = Int32Array.from({ length: n }, (_, i) => i % (STACKING_MAX_CLASSES + 1));
    const svm = new LinearSVC({ seed: 3 });
    const stack = new StackingClassifier([['svm', svm]]);
    await expect(stack.fit(wide, y)).rejects.toThrow(new RegExp(`${STACKING_MAX_CLASSES + 1} categories.*text-linear`));
    expect(svm.isFitted).toBe(false);
  });
});
