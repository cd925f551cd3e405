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
import { linearWeights, softmaxRows } from '../linear/linear-scores.js';
import { classFeatureCounts } from './class-feature-counts.js';
import { SparseClassWeights, type NbWeighting } from './sparse-class-weights.js';

export interface NaiveBayesParams {
  /** Additive (Laplace / Lidstone) smoothing; values below 1e-10 count as 1e-10, as in scikit-learn. */
  alpha: number;
}

interface NbFitted {
  classes: Int32Array;
  /** Joint log-likelihood = X w' + intercept, w being scikit-learn's feature_log_prob_. */
  weights: SparseClassWeights;
  intercept: Float32Array;
}

/** Shared fit / predict of MultinomialNB and ComplementNB; subclasses turn the counts into log-probabilities. */
export abstract class NaiveBayesBase<P extends NaiveBayesParams> extends BaseEstimator<P> implements Classifier<CsrMatrix, P> {
  private state: NbFitted | undefined;

  protected constructor(kind: string, defaults: P, constraints: ParamConstraints<P>, params: Partial<P>) {
    super(kind, defaults, constraints, params);
  }

  /**
   * How counts become weights, given each class's number of rows and its sum over every feature (`classTotal`) and the
   * number of features `F`; `counts` (feature-major, every feature) for a weighting that reads them all, null for a fold.
   */
  protected abstract weighting(counts: Float64Array | null, classCount: Float64Array, classTotal: Float64Array, F: number): NbWeighting;

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

  /** Weights of the joint log-likelihood, K x F row-major, centred per feature (made on first read). @throws ProdclassError NOT_FITTED. */
  get coef(): Float32Array {
    const { weights, intercept } = this.fitted(this.state);
    return linearWeights(weights.nFeatures, intercept, { featureMajor: weights.centredFeatureMajor() }).coef;
  }

  /** The same centred weights nFeatures x nClasses, what explanations read. @throws ProdclassError NOT_FITTED. */
  get featureMajor(): Float32Array {
    return this.fitted(this.state).weights.centredFeatureMajor();
  }

  get intercept(): Float32Array {
    return this.fitted(this.state).intercept;
  }

  get nFeatures(): number {
    return this.fitted(this.state).weights.nFeatures;
  }

  /** scikit-learn's feature_log_prob_ (K x F, row-major), at the float32 precision the model keeps. @throws ProdclassError NOT_FITTED. */
  get featureLogProb(): Float64Array {
    const { weights } = this.fitted(this.state);
    const K = weights.nClasses;
    const F = weights.nFeatures;
    const out = new Float64Array(K * F);
    for (let j = 0; j < F; j++) for (let k = 0; k < K; k++) out[k * F + j] = weights.weight(j, k);
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
    const weights = new Float64Array(K);
    for (const rows of folds) {
      options.signal?.throwIfAborted();
      const { start, row, value } = columns.of(rows);
      const trainCount = Float64Array.from(classCount);
      const trainTotal = Float64Array.from(classTotal);
      for (let i = 0; i < rows.length; i++) trainCount[yIndex[rows[i]]]--;
      for (let j = 0; j < x.nCols; j++) for (let p = start[j]; p < start[j + 1]; p++) trainTotal[yIndex[rows[row[p]]]] -= value[p];
      const weighting = this.weighting(null, trainCount, trainTotal, x.nCols);
      const jll = new Float64Array(rows.length * K);
      for (let i = 0; i < rows.length; i++) jll.set(weighting.intercept, i * K);
      // Each feature the fold's rows hold, weighed from the whole's counts less the fold's (clipped, so that rounding
      // never makes a count negative), then added into the scores of those rows.
      for (let j = 0; j < x.nCols; j++) {
        if (start[j] === start[j + 1]) continue;
        for (let c = 0; c < K; c++) weights[c] = counts[j * K + c];
        for (let p = start[j]; p < start[j + 1]; p++) weights[yIndex[rows[row[p]]]] -= value[p];
        let all = 0;
        for (let c = 0; c < K; c++) all += weights[c] = Math.max(0, weights[c]);
        const term = weighting.term(all);
        for (let c = 0; c < K; c++) weights[c] = weights[c] > 0 ? weighting.weight(all, weights[c], c) : weighting.base[c] + weighting.scale[c] * term;
        for (let p = start[j]; p < start[j + 1]; p++) {
          const at = row[p] * K;
          for (let c = 0; c < K; c++) jll[at + c] += value[p] * weights[c];
        }
      }
      for (let i = 0; i < rows.length; i++) softmaxPresent(jll.subarray(i * K, (i + 1) * K), trainCount, out.row(rows[i]));
    }
    this.setWeights(classes, counts, classCount, classTotal, x.nCols);
    return out;
  }

  private setWeights(classes: Int32Array, counts: Float64Array, classCount: Float64Array, classTotal: Float64Array, F: number): void {
    const weighting = this.weighting(counts, classCount, classTotal, F);
    this.state = { classes, weights: SparseClassWeights.fromCounts(counts, classes.length, F, weighting), intercept: Float32Array.from(weighting.intercept) };
  }

  /** Joint log-likelihood per class. @throws ProdclassError NOT_FITTED; FEATURE_MISMATCH. */
  decisionFunction(x: CsrMatrix): DenseMatrix {
    const { weights, intercept } = this.fitted(this.state);
    checkFeatureCount(this.kind, weights.nFeatures, x.nCols);
    return weights.scores(x, intercept);
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
      arrays: { classes: s.classes, intercept: s.intercept, ...s.weights.arrays() },
    };
  }

  /**
   * Folders saved before the weights were kept sparse hold them dense and centred (`coefByFeature`): every pair is
   * stored then, and the probabilities are the same.
   * @throws ProdclassError MODEL_CORRUPT when the state is incomplete.
   */
  protected restore(state: EstimatorState): this {
    const { classes, intercept, coefByFeature } = state.arrays;
    const nFeatures = state.fitted.nFeatures;
    if (!(classes instanceof Int32Array) || !(intercept instanceof Float32Array) || intercept.length !== classes.length || typeof nFeatures !== 'number') {
      throw new ProdclassError('MODEL_CORRUPT', `${this.kind}: saved state lacks classes, intercept or nFeatures`);
    }
    const K = classes.length;
    let weights: SparseClassWeights;
    if (coefByFeature === undefined) weights = SparseClassWeights.fromArrays(this.kind, state.arrays, nFeatures, K);
    else if (coefByFeature instanceof Float32Array && coefByFeature.length === nFeatures * K) weights = SparseClassWeights.fromDense(coefByFeature, K, nFeatures);
    else throw new ProdclassError('MODEL_CORRUPT', `${this.kind}: saved weights coefByFeature do not fit ${K} classes and ${nFeatures} features`);
    this.state = { classes, weights, intercept };
    return this;
  }
}

/** sum_j N_kj per class, from feature-major counts. */
function classTotals(counts: Float64Array, K: number): Float64Array {
  const total = new Float64Array(K);
  for (let at = 0; at < counts.length; at += K) for (let k = 0; k < K; k++) total[k] += counts[at + k];
  return total;
}

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
