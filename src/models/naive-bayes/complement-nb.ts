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

  protected logProbabilities(counts: Float64Array, classCount: Float64Array, F: number): { featureLogProb: Float64Array; intercept: Float64Array } {
    const K = classCount.length;
    const alpha = this.smoothing;
    const all = new Float64Array(F);
    for (let k = 0; k < K; k++) for (let j = 0; j < F; j++) all[j] += counts[k * F + j];
    const out = new Float64Array(K * F);
    for (let k = 0; k < K; k++) {
      let sum = 0;
      for (let j = 0; j < F; j++) sum += all[j] + alpha - counts[k * F + j];
      let logSum = 0;
      for (let j = 0; j < F; j++) {
        const logged = Math.log((all[j] + alpha - counts[k * F + j]) / sum);
        out[k * F + j] = logged;
        logSum += logged;
      }
      for (let j = 0; j < F; j++) out[k * F + j] = this.params.norm ? out[k * F + j] / logSum : -out[k * F + j];
    }
    return { featureLogProb: out, intercept: new Float64Array(K) };
  }

  /** @throws ProdclassError MODEL_CORRUPT; INVALID_PARAM. */
  static fromState(state: EstimatorState): ComplementNB {
    return new ComplementNB(state.params as Partial<ComplementNbParams>).restore(state);
  }
}

registerEstimator('complement-nb', (state) => ComplementNB.fromState(state));
