// What the naive Bayes classifiers share: counting at fit, linear scoring and softmax at predict, saved state.

import type { CsrMatrix } from '../../core/csr-matrix.js';
import { DenseMatrix } from '../../core/dense-matrix.js';
import { ProdclassError } from '../../core/errors.js';
import {
  BaseEstimator,
  checkFeatureCount,
  checkSameLength,
  encodeLabels,
  uniqueClasses,
  type Classifier,
  type EstimatorState,
  type FitOptions,
  type Labels,
} from '../../core/estimator.js';
import type { ParamConstraints } from '../../core/params.js';
import { linearScores, linearWeights, softmaxRows, weightsArrays, weightsFromArrays, type LinearWeights } from '../linear/linear-scores.js';
import { classFeatureCounts } from './class-feature-counts.js';

export interface NaiveBayesParams {
  /** Additive (Laplace / Lidstone) smoothing; values below 1e-10 count as 1e-10, as in scikit-learn. */
  alpha: number;
}

interface NbFitted {
  classes: Int32Array;
  /** Joint log-likelihood = X coef' + intercept, with coef centred per feature (see `centreColumns`). */
  weights: LinearWeights;
  /** scikit-learn's feature_log_prob_, feature-major (F x K), before centring; kept after fit only (a loaded model has the centred weights). */
  featureLogProb: Float64Array | null;
}

/** Shared fit / predict of MultinomialNB and ComplementNB; subclasses turn the counts into log-probabilities. */
export abstract class NaiveBayesBase<P extends NaiveBayesParams> extends BaseEstimator<P> implements Classifier<CsrMatrix, P> {
  private state: NbFitted | undefined;

  protected constructor(kind: string, defaults: P, constraints: ParamConstraints<P>, params: Partial<P>) {
    super(kind, defaults, constraints, params);
  }

  /**
   * Turns feature-major counts N_kj (`counts[u * K + k]`, of every feature or of a subset) into the joint
   * log-likelihood's weights in place (scikit-learn's feature_log_prob_, in that layout), and returns the per-class
   * intercept. `classTotal` is sum_j N_kj over every feature, `F` their number.
   */
  protected abstract logProbabilities(counts: Float64Array, classCount: Float64Array, classTotal: Float64Array, F: number): Float64Array;

  /** Whether a feature's weights need only its own counts and the class totals, so that a fold can weigh just the features its rows hold. */
  protected get weighsFeaturesApart(): boolean {
    return true;
  }

  /** Whether `fitOutOfFold` may be called (see `weighsFeaturesApart`). */
  get canFitOutOfFold(): boolean {
    return this.weighsFeaturesApart;
  }

  get isFitted(): boolean {
    return this.state !== undefined;
  }

  get classes(): Int32Array {
    return this.fitted(this.state).classes;
  }

  /** Weights of the joint log-likelihood, K x F row-major, centred per feature. @throws ProdclassError NOT_FITTED. */
  get coef(): Float32Array {
    return this.fitted(this.state).weights.coef;
  }

  /** The same weights nFeatures x nClasses, what scoring reads. @throws ProdclassError NOT_FITTED. */
  get featureMajor(): Float32Array {
    return this.fitted(this.state).weights.featureMajor;
  }

  get intercept(): Float32Array {
    return this.fitted(this.state).weights.intercept;
  }

  get nFeatures(): number {
    return this.fitted(this.state).weights.nFeatures;
  }

  /** scikit-learn's feature_log_prob_ (K x F, row-major) after fit; null on a loaded model. @throws ProdclassError NOT_FITTED. */
  get featureLogProb(): Float64Array | null {
    const s = this.fitted(this.state);
    if (!s.featureLogProb) return null;
    const K = s.classes.length;
    const F = s.weights.nFeatures;
    const out = new Float64Array(K * F);
    for (let j = 0; j < F; j++) for (let k = 0; k < K; k++) out[k * F + j] = s.featureLogProb[j * K + k];
    return out;
  }

  protected get smoothing(): number {
    return Math.max(this.params.alpha, 1e-10);
  }

  /** @throws ProdclassError INVALID_INPUT on a negative value or mismatched lengths; DATA_TOO_SMALL with one class. */
  async fit(x: CsrMatrix, y: Labels, options: FitOptions = {}): Promise<this> {
    checkSameLength(x.nRows, y.length);
    options.signal?.throwIfAborted();
    const classes = uniqueClasses(y);
    const { counts, classCount } = classFeatureCounts(this.kind, x, encodeLabels(y, classes), classes.length);
    this.setWeights(classes, counts, classCount, classTotals(counts, classes.length), x.nCols);
    return this;
  }

  /**
   * Fits on every row, as `fit`, and returns each fold's rows' probabilities from the model fitted on the rows outside
   * it (rows outside every fold stay 0), the same as fitting a copy per fold. The counts are made once: a fold's model
   * is the whole's counts less the fold's own, weighed only on the features the fold's rows hold, so the five folds
   * cost less than one fit instead of five.
   * @throws ProdclassError INVALID_INPUT when the model cannot (`canFitOutOfFold` false), as `fit` otherwise.
   */
  async fitOutOfFold(x: CsrMatrix, y: Labels, folds: readonly Int32Array[], options: FitOptions = {}): Promise<DenseMatrix> {
    if (!this.canFitOutOfFold) throw new ProdclassError('INVALID_INPUT', `${this.kind}: its weights read every feature at once; fit each fold instead`);
    checkSameLength(x.nRows, y.length);
    options.signal?.throwIfAborted();
    const classes = uniqueClasses(y);
    const K = classes.length;
    const yIndex = encodeLabels(y, classes);
    const { counts, classCount } = classFeatureCounts(this.kind, x, yIndex, K);
    const classTotal = classTotals(counts, K);
    const out = new DenseMatrix(x.nRows, K);
    const columns = new FoldColumns(x);
    const batch = new Float64Array(FEATURE_BATCH * K);
    for (const rows of folds) {
      options.signal?.throwIfAborted();
      const { start, row, value } = columns.of(rows);
      const trainCount = Float64Array.from(classCount);
      const trainTotal = Float64Array.from(classTotal);
      for (let i = 0; i < rows.length; i++) trainCount[yIndex[rows[i]]]--;
      for (let j = 0; j < x.nCols; j++) for (let p = start[j]; p < start[j + 1]; p++) trainTotal[yIndex[rows[row[p]]]] -= value[p];
      // The intercept needs the class counts only (an empty set of features gives it).
      const intercept = this.logProbabilities(new Float64Array(0), trainCount, trainTotal, x.nCols);
      const jll = new Float64Array(rows.length * K);
      for (let i = 0; i < rows.length; i++) jll.set(intercept, i * K);
      // Features in ascending order, a batch at a time: the whole's counts less the fold's (clipped, so that rounding
      // never makes a count negative), weighed, then added into the scores of the fold's rows that hold them.
      const held: number[] = [];
      const flush = () => {
        const weights = batch.subarray(0, held.length * K);
        this.logProbabilities(weights, trainCount, trainTotal, x.nCols);
        held.forEach((j, b) => {
          for (let p = start[j]; p < start[j + 1]; p++) {
            const at = row[p] * K;
            for (let c = 0; c < K; c++) jll[at + c] += value[p] * weights[b * K + c];
          }
        });
        held.length = 0;
      };
      for (let j = 0; j < x.nCols; j++) {
        if (start[j] === start[j + 1]) continue;
        const b = held.length * K;
        for (let c = 0; c < K; c++) batch[b + c] = counts[j * K + c];
        for (let p = start[j]; p < start[j + 1]; p++) batch[b + yIndex[rows[row[p]]]] -= value[p];
        for (let c = 0; c < K; c++) batch[b + c] = Math.max(0, batch[b + c]);
        held.push(j);
        if (held.length === FEATURE_BATCH) flush();
      }
      flush();
      for (let i = 0; i < rows.length; i++) softmaxPresent(jll.subarray(i * K, (i + 1) * K), trainCount, out.row(rows[i]));
    }
    this.setWeights(classes, counts, classCount, classTotal, x.nCols);
    return out;
  }

  private setWeights(classes: Int32Array, counts: Float64Array, classCount: Float64Array, classTotal: Float64Array, F: number): void {
    const intercept = this.logProbabilities(counts, classCount, classTotal, F);
    this.state = {
      classes,
      featureLogProb: counts,
      weights: linearWeights(F, Float32Array.from(intercept), { featureMajor: centreFeatures(counts, classes.length, F) }),
    };
  }

  /** Joint log-likelihood per class. @throws ProdclassError NOT_FITTED; FEATURE_MISMATCH. */
  decisionFunction(x: CsrMatrix): DenseMatrix {
    const { weights } = this.fitted(this.state);
    checkFeatureCount(this.kind, weights.nFeatures, x.nCols);
    return linearScores(x, weights);
  }

  /** exp(jll - logsumexp(jll)). @throws ProdclassError NOT_FITTED; FEATURE_MISMATCH. */
  predictProba(x: CsrMatrix): DenseMatrix {
    return softmaxRows(this.decisionFunction(x));
  }

  predict(x: CsrMatrix): Labels {
    const classes = this.classes;
    return Int32Array.from(this.decisionFunction(x).argmaxRows(), (k) => classes[k]);
  }

  getState(): EstimatorState {
    const s = this.fitted(this.state);
    return {
      kind: this.kind,
      params: this.paramsJson(),
      fitted: { nFeatures: s.weights.nFeatures },
      arrays: { classes: s.classes, ...weightsArrays(s.weights) },
    };
  }

  /** @throws ProdclassError MODEL_CORRUPT when the state is incomplete. */
  protected restore(state: EstimatorState): this {
    const { classes } = state.arrays;
    const nFeatures = state.fitted.nFeatures;
    if (!(classes instanceof Int32Array) || typeof nFeatures !== 'number') {
      throw new ProdclassError('MODEL_CORRUPT', `${this.kind}: saved state lacks classes or nFeatures`);
    }
    this.state = { classes, featureLogProb: null, weights: weightsFromArrays(this.kind, state.arrays, nFeatures, classes.length) };
    return this;
  }
}

/**
 * coef_kj = w_kj - mean_k w_kj (feature-major in and out): shifting every class's score by the same sum_j x_j a_j leaves softmax unchanged,
 * and centred weights say which words favour a class over the others (explanations), not which are frequent.
 */
function centreFeatures(w: Float64Array, K: number, F: number): Float32Array {
  const out = new Float32Array(w.length);
  for (let j = 0; j < F; j++) {
    const at = j * K;
    let mean = 0;
    for (let k = 0; k < K; k++) mean += w[at + k];
    mean /= K;
    for (let k = 0; k < K; k++) out[at + k] = w[at + k] - mean;
  }
  return out;
}

/** sum_j N_kj per class, from feature-major counts. */
function classTotals(counts: Float64Array, K: number): Float64Array {
  const total = new Float64Array(K);
  for (let at = 0; at < counts.length; at += K) for (let k = 0; k < K; k++) total[k] += counts[at + k];
  return total;
}

/** Features weighed at once by `fitOutOfFold`: enough to amortise a call, few enough that the batch stays in cache. */
const FEATURE_BATCH = 2048;

/** A fold's rows column by column (CSC): `start[j]..start[j + 1]` index `row` (the row's place in the fold) and `value`. */
class FoldColumns {
  readonly start: Int32Array;
  private readonly next: Int32Array;
  private row = new Int32Array(0);
  private value = new Float64Array(0);

  constructor(private readonly x: CsrMatrix) {
    this.start = new Int32Array(x.nCols + 1);
    this.next = new Int32Array(x.nCols);
  }

  /** The fold's columns; the arrays are reused by the next call. */
  of(rows: Int32Array): { start: Int32Array; row: Int32Array; value: Float64Array } {
    const { x, start, next } = this;
    start.fill(0);
    let nnz = 0;
    for (const r of rows) {
      for (let k = x.indptr[r]; k < x.indptr[r + 1]; k++) start[x.indices[k] + 1]++;
      nnz += x.indptr[r + 1] - x.indptr[r];
    }
    for (let j = 0; j < x.nCols; j++) start[j + 1] += start[j];
    if (this.row.length < nnz) {
      this.row = new Int32Array(nnz);
      this.value = new Float64Array(nnz);
    }
    next.set(start.subarray(0, x.nCols));
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i];
      for (let k = x.indptr[r]; k < x.indptr[r + 1]; k++) {
        const p = next[x.indices[k]]++;
        this.row[p] = i;
        this.value[p] = x.data[k];
      }
    }
    return { start, row: this.row, value: this.value };
  }
}

/** Softmax of one row's joint log-likelihood into `into`; a class with no training row outside the fold gets 0, as a copy fitted without it would. */
function softmaxPresent(jll: Float64Array, trainCount: Float64Array, into: Float32Array): void {
  const K = jll.length;
  let max = -Infinity;
  for (let c = 0; c < K; c++) if (trainCount[c] > 0 && jll[c] > max) max = jll[c];
  let sum = 0;
  for (let c = 0; c < K; c++) {
    jll[c] = trainCount[c] > 0 ? Math.exp(jll[c] - max) : 0;
    sum += jll[c];
  }
  for (let c = 0; c < K; c++) into[c] = jll[c] / sum;
}
