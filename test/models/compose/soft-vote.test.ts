// SoftVote: the weighted mean of its members' probabilities, fitted whole or out-of-fold, saved and loaded.

import { describe, expect, it } from 'vitest';
import { isProdclassError } from '../../../src/core/errors.js';
import { SoftVote } from '../../../src/models/compose/soft-vote.js';
import { LinearSVC } from '../../../src/models/linear/linear-svc.js';
import { ComplementNB } from '../../../src/models/naive-bayes/complement-nb.js';
import { ProductTextVectorizer } from '../../../src/text/product-text-vectorizer.js';
import { syntheticProducts } from '../../helpers/synthetic-text.js';

const { products, labels } = syntheticProducts(30, 4);
const x = await new ProductTextVectorizer().fitTransform(products);
const members = () => [['svm', new LinearSVC({ seed: 3 })], ['nb', new ComplementNB({ alpha: 0.1 })]] as const;

describe('SoftVote', () => {
  it("predicts the weighted mean of its members' probabilities, whatever scale the weights are given in", async () => {
    const vote = await new SoftVote(members(), { weights: [3, 1] }).fit(x, labels);
    const svm = await new LinearSVC({ seed: 3 }).fit(x, labels);
    const nb = await new ComplementNB({ alpha: 0.1 }).fit(x, labels);
    const [p, a, b] = [await vote.predictProba(x), svm.predictProba(x), nb.predictProba(x)];
    for (let i = 0; i < p.data.length; i++) expect(p.data[i]).toBeCloseTo(0.75 * a.data[i] + 0.25 * b.data[i], 5);
    expect(Array.from(await vote.predict(x))).toEqual(Array.from(p.argmaxRows(), (j) => vote.classes[j]));
  });

  it("votes out-of-fold: the SVM's own shared folds, and naive Bayes fitted on the rows outside each fold", async () => {
    const folds = [0, 1, 2].map((f) => Int32Array.from(labels.keys()).filter((r) => r % 3 === f));
    const vote = new SoftVote(members(), { weights: [0.8, 0.2] });
    const oof = await vote.fitOutOfFold(x, labels, folds);
    const svm = new LinearSVC({ seed: 3 });
    const svmOof = await svm.fitOutOfFold(x, labels, folds);
    for (const rows of folds) {
      const train = Int32Array.from(labels.keys()).filter((r) => !rows.includes(r));
      const nb = await new ComplementNB({ alpha: 0.1 }).fit(x.selectRows(train), Int32Array.from(train, (r) => labels[r]));
      const held = nb.predictProba(x.selectRows(rows));
      rows.forEach((row, i) => {
        for (let j = 0; j < held.cols; j++) expect(oof.get(row, j)).toBeCloseTo(0.8 * svmOof.get(row, j) + 0.2 * held.get(i, j), 5);
      });
    }
    // The members are then fitted on every row (the SVM's calibration on those folds' scores).
    const nb = await new ComplementNB({ alpha: 0.1 }).fit(x, labels);
    const [p, a, b] = [await vote.predictProba(x), svm.predictProba(x), nb.predictProba(x)];
    for (let i = 0; i < p.data.length; i++) expect(p.data[i]).toBeCloseTo(0.8 * a.data[i] + 0.2 * b.data[i], 5);
  });

  it('comes back from its saved state predicting the same', async () => {
    const vote = await new SoftVote(members(), { weights: [0.8, 0.2] }).fit(x, labels);
    const again = SoftVote.fromState(vote.getState());
    expect(Array.from((await again.predictProba(x)).data)).toEqual(Array.from((await vote.predictProba(x)).data));
    expect(again.params.weights).toEqual([0.8, 0.2]);
  });

  it('refuses weights that are not one positive number per member', () => {
    for (const weights of [[1], [1, 0], [1, -2], [1, 2, 3]]) {
      const error = (() => {
        try {
          return new SoftVote(members(), { weights });
        } catch (e) {
          return e;
        }
      })();
      expect(isProdclassError(error, 'INVALID_PARAM')).toBe(true);
    }
  });
});
