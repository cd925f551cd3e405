// Stacking: a multinomial logistic regression over several classifiers' out-of-fold log-probabilities (scikit-learn's StackingClassifier).

import { CsrMatrix } from '../../core/csr-matrix.js';
import { DenseMatrix } from '../../core/dense-matrix.js';
import { ProdclassError } from '../../core/errors.js';
import { BaseEstimator, encodeLabels, uniqueClasses, warmUp, type Classifier, type EstimatorState, type FitOptions, type Labels } from '../../core/estimator.js';
import type { ParamConstraints } from '../../core/params.js';
import { estimatorFromState, registerEstimator } from '../../core/registry.js';
import { stratifiedKFold, stratifiedSplit } from '../../data/splits.js';
import { LogisticRegression } from '../linear/logistic-regression.js';
import { addProbabilities, combineMembers, inColumns, memberOutOfFold, mostProbable, type Member } from './member-probabilities.js';

export interface StackingParams {
  /** The final logistic regression's inverse regularisation strength (scikit-learn's C). */
  C: number;
  /** L-BFGS iterations of the final logistic regression, at most. */
  maxIter: number;
  /** The final logistic regression's stopping tolerance (see LogisticRegressionParams.tol). */
  tol: number;
  /** Stratified folds `fit` makes for the members' out-of-fold probabilities (`fitOutOfFold` takes the caller's). */
  cv: number;
  /** Rows the final model is fitted on, at most: a seeded stratified sample of them past that (see STACKING_DEFAULTS). */
  maxRows: number;
  seed: number;
}

/**
 * maxIter from scikit-learn on the Rakuten sample's out-of-fold probabilities of text-linear's SVM and naive Bayes (5
 * folds x 3 fold seeds, each stack scored on rows it was not fitted to): at C 0.03, L-BFGS stopped after 50 / 100 / 400
 * / 3,000 iterations gave weighted F1 0.764 / 0.766 / 0.766 / 0.766. Its gradient never reaches the tolerance on these
 * features (their logs span 0 to -16), and 100 iterations are a tenth of what converging costs. C by the whole
 * pipeline (`bench automation --kind text-ensemble`, 5 folds, fold seeds 0 / 1), where the members the final model
 * reads at prediction time are fitted on more rows, and so surer, than the out-of-fold ones it learnt from: C 0.03
 * gave ECE 0.041 / 0.037, coverage at the 95 % threshold 61.6 / 61.9 %, weighted F1 0.767 / 0.770; C 0.02 0.037 /
 * 0.031, 62.0 / 61.8 %, 0.766 / 0.770; C 0.015 (seed 0) 0.032, 62.2 %, 0.765.
 * maxRows: the final model's learning curve on the sample (scikit-learn, the same out-of-fold features, 5 folds x 3
 * seeds) flattens by 3,000 rows (1,000 / 2,000 / 3,000 / 3,712 rows: weighted F1 0.756 / 0.763 / 0.765 / 0.766,
 * coverage 52.0 / 55.0 / 57.4 / 57.3 %), about two rows per weight at 27 categories; 20,000 rows are seven times that.
 * On 85,000 products the cap takes the six fits from about 425,000 rows to 120,000.
 */
export const STACKING_DEFAULTS: StackingParams = { C: 0.02, maxIter: 100, tol: 1e-4, cv: 3, maxRows: 20_000, seed: 0 };

const CONSTRAINTS: ParamConstraints<StackingParams> = {
  C: { type: 'number', min: 0, minExclusive: true },
  maxIter: { type: 'number', integer: true, min: 1 },
  tol: { type: 'number', min: 0, minExclusive: true },
  cv: { type: 'number', integer: true, min: 2 },
  maxRows: { type: 'number', integer: true, min: 2 },
  seed: { type: 'number', integer: true },
};

/**
 * The most categories a stack takes. Its final model weighs every member's every category for every category: 2K²
 * weights for two members, and each L-BFGS iteration reads n x 2K features for K categories. At the Rakuten sample's 27
 * that is 1,458 weights; at the Flipkart sample's 243 categories (depth 3) an audit ran for minutes where text-linear
 * and naive Bayes take seconds.
 */
export const STACKING_MAX_CLASSES = 100;

/** The floor under a member's probability before its log: a member sure a class is impossible says so, within reason. */
const PROBABILITY_FLOOR = 1e-7;

/**
 * The members' log-probabilities of every category, side by side, are the features of a multinomial logistic
 * regression fitted on the members' out-of-fold probabilities: it learns how far to trust each member on each
 * category, and what one member's doubt between two categories says, rather than how well the members remember their
 * training rows. A fixed vote weighs a member the same everywhere. The first member stands for the whole where a
 * single linear model is asked for (its weights explain a prediction's words).
 */
export class StackingClassifier extends BaseEstimator<StackingParams> implements Classifier<CsrMatrix, StackingParams> {
  readonly kind = 'stacking';
  private final: LogisticRegression | undefined;
  /**
   * Whether predictions go through the final model: false when, out-of-fold, its probabilities scored a worse log-loss
   * than the first member's alone, and the stack then answers with that member. On the Flipkart sample (1,050 English
   * products; 7 and 62 categories at depths 1 and 2) the stack's weighted F1 was 0.936 and 0.834 against the SVM's
   * 0.947 and 0.868, where on the Rakuten sample it files 4 points more at 95 % precision: how much a second member
   * adds, and how many rows the final model has to learn from, depend on the catalog.
   */
  private stacked = true;

  /** @throws ProdclassError INVALID_PARAM for an empty member list or a parameter out of range. */
  constructor(
    readonly members: readonly (readonly [name: string, classifier: Member])[],
    params: Partial<StackingParams> = {},
  ) {
    super('stacking', STACKING_DEFAULTS, CONSTRAINTS, params);
    if (members.length === 0) throw new ProdclassError('INVALID_PARAM', 'stacking: it needs at least one member');
  }

  /** Whether predictions go through the final model (see `stacked`); false: the first member answers alone. @throws ProdclassError NOT_FITTED. */
  get usesFinalModel(): boolean {
    this.fitted(this.isFitted ? true : undefined);
    return this.stacked;
  }

  get isFitted(): boolean {
    return this.final !== undefined && this.members.every(([, m]) => m.isFitted);
  }

  /** @throws ProdclassError NOT_FITTED before fit. */
  get classes(): Int32Array {
    return this.fitted(this.isFitted ? this.final!.classes : undefined);
  }

  /** The first member's weights, nFeatures x nClasses, when it is linear (explanations read them). */
  get featureMajor(): Float32Array | undefined {
    return (this.members[0][1] as { featureMajor?: Float32Array }).featureMajor;
  }

  get nFeatures(): number | undefined {
    return (this.members[0][1] as { nFeatures?: number }).nFeatures;
  }

  /** Warms up the members that fit on worker threads (see `WarmsUp`). */
  warmUp(): void {
    for (const [, m] of this.members) warmUp(m);
  }

  /**
   * The members' out-of-fold probabilities over `cv` stratified folds (seeded) train the final model; the members
   * are fitted on every row (see `fitOutOfFold`).
   * @throws ProdclassError DATA_TOO_SMALL with fewer rows than `cv`; INVALID_INPUT with more than STACKING_MAX_CLASSES
   *   categories; whatever a member's fit throws.
   */
  async fit(x: CsrMatrix, y: Labels, options: FitOptions = {}): Promise<this> {
    const folds = stratifiedKFold(y, this.params.cv, this.params.seed).map((s) => s.validation);
    await this.fitOutOfFold(x, y, folds, options);
    return this;
  }

  /**
   * Fits every member on all rows, taking their out-of-fold probabilities on `folds`; the final model is fitted on
   * those of every fold's rows. Returned, for each row of a fold, the stack's probabilities from a final model fitted
   * on the other folds' rows only, so that figures read from them are not read on the rows it was fitted to (rows
   * outside every fold, added to training only, stay 0).
   * @throws ProdclassError INVALID_INPUT with more than STACKING_MAX_CLASSES categories; whatever a member's fit throws.
   */
  async fitOutOfFold(x: CsrMatrix, y: Labels, folds: readonly Int32Array[], options: FitOptions = {}): Promise<DenseMatrix> {
    const classes = uniqueClasses(y);
    if (classes.length > STACKING_MAX_CLASSES) {
      throw new ProdclassError(
        'INVALID_INPUT',
        `stacking: ${classes.length} categories, more than the ${STACKING_MAX_CLASSES} a stack takes (its final model learns 2K² weights); ` +
          'use a single model for this catalog (text-linear, or text-hierarchical for a tree)',
      );
    }
    const probas: DenseMatrix[] = [];
    for (const [, m] of this.members) probas.push(await memberOutOfFold(m, x, y, folds, classes, options));
    const features = stackFeatures(probas);
    const fitOn = (all: Int32Array) => {
      const rows = this.sampleRows(all, y);
      return this.finalModel().fit(features.selectRows(rows), Int32Array.from(rows, (r) => y[r]), { signal: options.signal });
    };
    this.final = await fitOn(Int32Array.from(folds.flatMap((rows) => Array.from(rows))).sort());
    const out = new DenseMatrix(x.nRows, classes.length);
    for (const [f, held] of folds.entries()) {
      const model = await fitOn(Int32Array.from(folds.flatMap((rows, g) => (g === f ? [] : Array.from(rows)))));
      addProbabilities(out, model.predictProba(features.selectRows(held)), model.classes, classes, 1, held);
    }
    const yIndex = encodeLabels(y, classes);
    this.stacked = meanLogLoss(out, yIndex, folds) < meanLogLoss(probas[0], yIndex, folds);
    return this.stacked ? out : probas[0];
  }

  /**
   * Synchronous when every member's is (the SVM's and naive Bayes's are), as a classifier's contract expects.
   * @throws ProdclassError NOT_FITTED before fit; FEATURE_MISMATCH for another number of features.
   */
  predictProba(x: CsrMatrix): DenseMatrix | Promise<DenseMatrix> {
    const classes = this.classes;
    const final = this.final!;
    if (!this.stacked) return combineMembers(this.members.slice(0, 1), x, ([proba]) => inColumns(proba, this.members[0][1].classes, classes));
    return combineMembers(this.members, x, (probas) => final.predictProba(stackFeatures(probas.map((proba, i) => inColumns(proba, this.members[i][1].classes, classes)))));
  }

  predict(x: CsrMatrix): Labels | Promise<Labels> {
    return mostProbable(this.predictProba(x), this.classes);
  }

  getState(): EstimatorState {
    this.fitted(this.isFitted ? true : undefined);
    return {
      kind: this.kind,
      params: { ...this.paramsJson(), members: this.members.map(([name]) => name) },
      fitted: { stacked: this.stacked },
      arrays: {},
      children: { ...Object.fromEntries(this.members.map(([name, m]) => [`member:${name}`, m.getState()])), final: this.final!.getState() },
    };
  }

  /** @throws ProdclassError MODEL_CORRUPT when a member's or the final model's state is missing. */
  static fromState(state: EstimatorState): StackingClassifier {
    const { members: names, ...params } = state.params;
    const children = state.children ?? {};
    if (!Array.isArray(names) || names.length === 0 || !names.every((n) => typeof n === 'string' && children[`member:${n}`]) || !children.final) {
      throw new ProdclassError('MODEL_CORRUPT', 'stacking: saved state lacks its members or its final model');
    }
    const members = (names as string[]).map((name) => [name, estimatorFromState<Member>(children[`member:${name}`])] as const);
    const stack = new StackingClassifier(members, params as Partial<StackingParams>);
    stack.final = LogisticRegression.fromState(children.final);
    // Stacks saved before the fallback existed always went through their final model.
    stack.stacked = state.fitted.stacked !== false;
    return stack;
  }

  /** `rows`, or past maxRows a seeded stratified sample of about maxRows of them (each category keeps its share). */
  private sampleRows(rows: Int32Array, y: Labels): Int32Array {
    const { maxRows, seed } = this.params;
    if (rows.length <= maxRows) return rows;
    const sample = stratifiedSplit(Int32Array.from(rows, (r) => y[r]), maxRows / rows.length, seed).validation;
    return Int32Array.from(sample, (i) => rows[i]);
  }

  private finalModel(): LogisticRegression {
    const { C, maxIter, tol } = this.params;
    return new LogisticRegression({ C, maxIter, tol });
  }
}

/** Mean -log p(true class) over the rows of `folds`, each probability floored at PROBABILITY_FLOOR. */
function meanLogLoss(proba: DenseMatrix, yIndex: Int32Array, folds: readonly Int32Array[]): number {
  let sum = 0;
  let n = 0;
  for (const rows of folds) {
    for (const r of rows) {
      sum -= Math.log(Math.max(proba.get(r, yIndex[r]), PROBABILITY_FLOOR));
      n++;
    }
  }
  return sum / n;
}

/** The final model's features: each member's probabilities (in the stack's class columns), floored and logged, side by side. */
function stackFeatures(probas: readonly DenseMatrix[]): DenseMatrix {
  const n = probas[0].rows;
  const width = probas.reduce((w, p) => w + p.cols, 0);
  const out = new DenseMatrix(n, width);
  for (let i = 0; i < n; i++) {
    let at = i * width;
    for (const proba of probas) {
      const row = proba.row(i);
      for (let j = 0; j < row.length; j++) out.data[at++] = Math.log(Math.max(row[j], PROBABILITY_FLOOR));
    }
  }
  return out;
}

registerEstimator('stacking', (state) => StackingClassifier.fromState(state));
