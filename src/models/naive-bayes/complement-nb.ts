// ComplementNB: complement naive Bayes for text (Rennie et al. 2003), scikit-learn's ComplementNB.

import type { EstimatorState } from '../../core/estimator.js';
import type { ParamConstraints } from '../../core/params.js';
import { registerEstimator } from '../../core/registry.js';
import { NaiveBayesBase, type NaiveBayesParams } from './naive-bayes-base.js';

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

  /** In place of the feature-major counts (`counts[u * K + k]`, every feature or a subset): ln theta_kj, negated (or normalised). */
  protected logProbabilities(counts: Float64Array, classCount: Float64Array, classTotal: Float64Array, F: number): Float64Array {
    const K = classCount.length;
    const alpha = this.smoothing;
    // sum_j' (N_j' - N_kj' + alpha) = N - N_k + alpha F: the normaliser of each class needs only the totals.
    const total = classTotal.reduce((s, n) => s + n, 0);
    const logSum = Float64Array.from(classTotal, (n) => Math.log(total - n + alpha * F));
    const normSum = new Float64Array(K);
    // Entry (j, k) becomes ln theta_kj = ln(N_j - N_kj + alpha) - ln(sum).
    for (let at = 0; at < counts.length; at += K) {
      let all = 0;
      for (let k = 0; k < K; k++) all += counts[at + k];
      // Most classes never hold a given n-gram: their complement is the whole count, one log for all of them.
      const none = Math.log(all + alpha);
      for (let k = 0; k < K; k++) {
        const count = counts[at + k];
        const logged = (count === 0 ? none : Math.log(all + alpha - count)) - logSum[k];
        counts[at + k] = logged;
        normSum[k] += logged;
      }
    }
    for (let i = 0; i < counts.length; i++) counts[i] = this.params.norm ? counts[i] / normSum[i % K] : -counts[i];
    return new Float64Array(K);
  }

  /** @throws ProdclassError MODEL_CORRUPT; INVALID_PARAM. */
  static fromState(state: EstimatorState): ComplementNB {
    return new ComplementNB(state.params as Partial<ComplementNbParams>).restore(state);
  }
}

registerEstimator('complement-nb', (state) => ComplementNB.fromState(state));
