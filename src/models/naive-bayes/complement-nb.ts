// ComplementNB: complement naive Bayes for text (Rennie et al. 2003), scikit-learn's ComplementNB.

import type { EstimatorState } from '../../core/estimator.js';
import type { ParamConstraints } from '../../core/params.js';
import { ProdclassError } from '../../core/errors.js';
import { registerEstimator } from '../../core/registry.js';
import { NaiveBayesBase, type NaiveBayesParams } from './naive-bayes-base.js';
import type { NbWeighting } from './sparse-class-weights.js';

export interface ComplementNbParams extends NaiveBayesParams {
  /** Normalise each class's weights by their sum (Rennie's second normalisation); off by default, as in scikit-learn. */
  norm: boolean;
}

export const COMPLEMENT_NB_DEFAULTS: ComplementNbParams = { alpha: 1, norm: false };

const CONSTRAINTS: ParamConstraints<ComplementNbParams> = {
  alpha: { type: 'number', min: 0 },
  norm: { type: 'boolean' },
};

/**
 * Learns each class from the counts of all the other classes, which suits imbalanced text. With N_kj the sum
 * of feature j over class k and N_j its sum over all classes:
 *
 *   theta_kj = (N_j - N_kj + alpha) / sum_j' (N_j' - N_kj' + alpha),   w_kj = -ln theta_kj
 *
 * (with `norm`: w_kj = ln theta_kj / sum_j' ln theta_kj'). The joint log-likelihood is X w' (no class prior,
 * as scikit-learn with more than one class) and predictProba its softmax.
 */
export class ComplementNB extends NaiveBayesBase<ComplementNbParams> {
  readonly kind = 'complement-nb';

  /** @throws ProdclassError INVALID_PARAM naming the parameter. */
  constructor(params: Partial<ComplementNbParams> = {}) {
    super('complement-nb', COMPLEMENT_NB_DEFAULTS, CONSTRAINTS, params);
  }

  /** Rennie's normalisation divides by a sum over every feature, which a fold's subset of features cannot give. */
  protected override get weighsFeaturesApart(): boolean {
    return !this.params.norm;
  }

  /**
   * w_kj = L_k - ln(N_j - N_kj + alpha) with L_k = ln sum_j' (N_j' - N_kj' + alpha), which needs only the class totals;
   * a class that never holds j weighs it L_k - ln(N_j + alpha). With `norm`, ln theta_kj / S_k instead, S_k the sum of
   * class k's ln theta over every feature (which needs `counts`).
   */
  protected weighting(counts: Float64Array | null, classCount: Float64Array, classTotal: Float64Array, F: number): NbWeighting {
    const K = classCount.length;
    const alpha = this.smoothing;
    const total = classTotal.reduce((s, n) => s + n, 0);
    const logSum = Float64Array.from(classTotal, (n) => Math.log(total - n + alpha * F));
    const term = (all: number) => Math.log(all + alpha);
    if (!this.params.norm) {
      return { intercept: new Float64Array(K), base: logSum, scale: new Float64Array(K).fill(-1), term, weight: (all, count, k) => logSum[k] - Math.log(all + alpha - count) };
    }
    if (!counts) throw new ProdclassError('INTERNAL', 'complement-nb: normalised weights need every feature\'s counts');
    // S_k = sum_j ln(N_j - N_kj + alpha) - F L_k.
    const normSum = Float64Array.from(logSum, (l) => -F * l);
    for (let at = 0; at < counts.length; at += K) {
      let all = 0;
      for (let k = 0; k < K; k++) all += counts[at + k];
      for (let k = 0; k < K; k++) normSum[k] += Math.log(all + alpha - counts[at + k]);
    }
    return {
      intercept: new Float64Array(K),
      base: Float64Array.from(logSum, (l, k) => -l / normSum[k]),
      scale: Float64Array.from(normSum, (s) => 1 / s),
      term,
      weight: (all, count, k) => (Math.log(all + alpha - count) - logSum[k]) / normSum[k],
    };
  }

  /** @throws ProdclassError MODEL_CORRUPT; INVALID_PARAM. */
  static fromState(state: EstimatorState): ComplementNB {
    return new ComplementNB(state.params as Partial<ComplementNbParams>).restore(state);
  }
}

registerEstimator('complement-nb', (state) => ComplementNB.fromState(state));
