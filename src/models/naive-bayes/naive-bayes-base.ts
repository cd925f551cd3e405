// What the naive Bayes classifiers share: counting at fit, linear scoring and softmax at predict, saved state.

import type { CsrMatrix } from '../../core/csr-matrix.js';
import type { DenseMatrix } from '../../core/dense-matrix.js';
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
   * feature_log_prob_ and the per-class intercept of the joint log-likelihood, from the feature-major counts N_kj
   * (`counts[j * K + k]`, see classFeatureCounts), which it may overwrite; the log-probabilities keep that layout.
   */
  protected abstract logProbabilities(counts: Float64Array, classCount: Float64Array, nFeatures: number): { featureLogProb: Float64Array; intercept: Float64Array };

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
    const { featureLogProb, intercept } = this.logProbabilities(counts, classCount, x.nCols);
    this.state = {
      classes,
      featureLogProb,
      weights: linearWeights(x.nCols, Float32Array.from(intercept), { featureMajor: centreFeatures(featureLogProb, classes.length, x.nCols) }),
    };
    return this;
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
