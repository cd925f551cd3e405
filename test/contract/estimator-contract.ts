// The checks every estimator passes (scikit-learn's estimator_checks): run by *.test.ts files in this folder.

import { expect, it } from 'vitest';
import { isProdclassError } from '../../src/core/errors.js';
import type { Classifier, Estimator, Labels, Transformer } from '../../src/core/estimator.js';
import { newModelCard } from '../../src/core/model-card.js';
import { readModelFolder, writeModelFolder } from '../../src/core/model-folder.js';
import { estimatorFromState } from '../../src/core/registry.js';
import { DenseMatrix } from '../../src/core/dense-matrix.js';
import { tempDir } from '../helpers/tmp.js';

async function saveAndLoad<E extends Estimator>(estimator: E): Promise<E> {
  const dir = `${tempDir()}/model`;
  await writeModelFolder(dir, estimator.getState(), newModelCard({ kind: estimator.kind }));
  const { state } = await readModelFolder(dir);
  return estimatorFromState<E>(state);
}

function expectCode(fn: () => unknown, code: string): void {
  let thrown: unknown;
  try {
    fn();
  } catch (e) {
    thrown = e;
  }
  expect(isProdclassError(thrown), `expected a ProdclassError ${code}, got ${String(thrown)}`).toBe(true);
  expect((thrown as { code: string }).code).toBe(code);
}

export interface ClassifierCase<X> {
  make: () => Classifier<X>;
  x: X;
  y: Labels;
  /** Input with a different number of features than `x`, when the estimator checks widths. */
  wrongWidth?: X;
}

/** Registers the classifier contract checks in the current describe block. */
export function classifierContract<X>(c: ClassifierCase<X>): void {
  it('refuses to predict before fit (NOT_FITTED)', () => {
    const model = c.make();
    expect(model.isFitted).toBe(false);
    expectCode(() => model.predictProba(c.x), 'NOT_FITTED');
  });

  it('does not change its hyperparameters when fitting, and they are frozen', async () => {
    const model = c.make();
    const before = JSON.stringify(model.params);
    await model.fit(c.x, c.y);
    expect(JSON.stringify(model.params)).toBe(before);
    expect(Object.isFrozen(model.params)).toBe(true);
  });

  it('gives probabilities rows that sum to 1, and predict agrees with them', async () => {
    const model = await c.make().fit(c.x, c.y);
    const proba = await model.predictProba(c.x);
    expect(proba.cols).toBe(model.classes.length);
    for (let i = 0; i < proba.rows; i++) {
      const sum = proba.row(i).reduce((s, v) => s + v, 0);
      expect(sum).toBeCloseTo(1, 5);
    }
    const predicted = await model.predict(c.x);
    const fromProba = proba.argmaxRows().map((j) => model.classes[j]);
    expect(Array.from(predicted)).toEqual(Array.from(fromProba));
  });

  it('is deterministic: fitting twice gives identical probabilities', async () => {
    const a = await (await c.make().fit(c.x, c.y)).predictProba(c.x);
    const b = await (await c.make().fit(c.x, c.y)).predictProba(c.x);
    expect(Array.from(b.data)).toEqual(Array.from(a.data));
  });

  it('refitting the same instance gives the same model (fit is idempotent)', async () => {
    const model = c.make();
    await model.fit(c.x, c.y);
    const first = Array.from(((await model.predictProba(c.x)) as DenseMatrix).data);
    await model.fit(c.x, c.y);
    expect(Array.from(((await model.predictProba(c.x)) as DenseMatrix).data)).toEqual(first);
  });

  it('save -> load gives identical predictions', async () => {
    const model = await c.make().fit(c.x, c.y);
    const loaded = await saveAndLoad(model);
    expect(loaded.kind).toBe(model.kind);
    expect(Array.from(loaded.classes)).toEqual(Array.from(model.classes));
    expect(Array.from((await loaded.predictProba(c.x)).data)).toEqual(Array.from((await model.predictProba(c.x)).data));
  });

  if (c.wrongWidth !== undefined) {
    it('rejects input of the wrong width (FEATURE_MISMATCH)', async () => {
      const model = await c.make().fit(c.x, c.y);
      expectCode(() => model.predictProba(c.wrongWidth!), 'FEATURE_MISMATCH');
    });
  }
}

export interface TransformerCase<X> {
  make: () => Transformer<X, unknown>;
  x: X;
  /** Labels, for supervised transformers (feature selection). */
  y?: Labels;
}

/** Registers the transformer contract checks in the current describe block. */
export function transformerContract<X>(c: TransformerCase<X>): void {
  it('refuses to transform before fit (NOT_FITTED)', () => {
    expectCode(() => c.make().transform(c.x), 'NOT_FITTED');
  });

  it('fitTransform equals fit then transform, and params are untouched', async () => {
    const a = c.make();
    const before = JSON.stringify(a.params);
    const direct = await a.fitTransform(c.x, { y: c.y });
    expect(JSON.stringify(a.params)).toBe(before);
    const b = await c.make().fit(c.x, { y: c.y });
    expect(b.transform(c.x)).toEqual(direct);
  });

  it('save -> load transforms identically', async () => {
    const fitted = await c.make().fit(c.x, { y: c.y });
    const loaded = await saveAndLoad(fitted);
    expect(loaded.transform(c.x)).toEqual(fitted.transform(c.x));
  });
}
