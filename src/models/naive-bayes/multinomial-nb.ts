// MultinomialNB: multinomial naive Bayes over term weights, scikit-learn's MultinomialNB.

import type { EstimatorState } from '../../core/estimator.js';
import type { ParamConstraints } from '../../core/params.js';
import { registerEstimator } from '../../core/registry.js';
import { NaiveBayesBase, type NaiveBayesParams } from './naive-bayes-base.js';
import type { NbWeighting } from './sparse-class-weights.js';

export interface MultinomialNbParams extends NaiveBayesParams {
  /** Learn class priors from the class frequencies (false: uniform priors). */
  fitPrior: boolean;
}

export const MULTINOMIAL_NB_DEFAULTS: MultinomialNbParams = { alpha: 1, fitPrior: true };

const CONSTRAINTS: ParamConstraints<MultinomialNbParams> = {
  alpha: { type: 'number', min: 0 },
  fitPrior: { type: 'boolean' },
};

/**
 * With N_kj the sum of feature j over class k:  ln theta_kj = ln(N_kj + alpha) - ln(sum_j' N_kj' + alpha F),
 * class prior ln pi_k = ln(n_k / n) (or -ln K without fitPrior); joint log-likelihood X ln theta' + ln pi.
 */
export class MultinomialNB extends NaiveBayesBase<MultinomialNbParams> {
  readonly kind = 'multinomial-nb';

  /** @throws ProdclassError INVALID_PARAM naming the parameter. */
  constructor(params: Partial<MultinomialNbParams> = {}) {
    super('multinomial-nb', MULTINOMIAL_NB_DEFAULTS, CONSTRAINTS, params);
  }

  /** w_kj = ln(N_kj + alpha) - ln(N_k + alpha F): ln alpha - ln(N_k + alpha F) for a class that never holds j; intercept ln pi. */
  protected weighting(_counts: Float64Array | null, classCount: Float64Array, classTotal: Float64Array, F: number): NbWeighting {
    const K = classCount.length;
    const alpha = this.smoothing;
    const logSum = Float64Array.from(classTotal, (n) => Math.log(n + alpha * F));
    const n = classCount.reduce((s, c) => s + c, 0);
    return {
      intercept: Float64Array.from(classCount, (c) => (this.params.fitPrior ? Math.log(c) - Math.log(n) : -Math.log(K))),
      base: Float64Array.from(logSum, (l) => Math.log(alpha) - l),
      scale: new Float64Array(K),
      term: () => 0,
      weight: (_all, count, k) => Math.log(count + alpha) - logSum[k],
    };
  }

  /** @throws ProdclassError MODEL_CORRUPT; INVALID_PARAM. */
  static fromState(state: EstimatorState): MultinomialNB {
    return new MultinomialNB(state.params as Partial<MultinomialNbParams>).restore(state);
  }
}

registerEstimator('multinomial-nb', (state) => MultinomialNB.fromState(state));
