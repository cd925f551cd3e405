// SoftVote: a weighted average of several classifiers' probabilities on the same features (scikit-learn's VotingClassifier, voting='soft').

import type { CsrMatrix } from '../../core/csr-matrix.js';
import { DenseMatrix } from '../../core/dense-matrix.js';
import { ProdclassError } from '../../core/errors.js';
import { BaseEstimator, uniqueClasses, type Classifier, type EstimatorState, type FitOptions, type Labels } from '../../core/estimator.js';
import type { ParamConstraints } from '../../core/params.js';
import { estimatorFromState, registerEstimator } from '../../core/registry.js';
import { addProbabilities, combineMembers, memberOutOfFold, mostProbable, type Member } from './member-probabilities.js';

export interface SoftVoteParams {
  /** One weight per member, in the members' order (normalised to sum to 1). */
  weights: number[];
}

const CONSTRAINTS: ParamConstraints<SoftVoteParams> = {
  weights: { type: 'json' },
};

/**
 * The weighted mean of the members' probabilities; `predict` is its argmax. The members must be fitted on the same
 * rows, so they know the same classes. The first member stands for the whole where a single linear model is asked
 * for (its weights explain a prediction's words).
 */
export class SoftVote extends BaseEstimator<SoftVoteParams> implements Classifier<CsrMatrix, SoftVoteParams> {
  readonly kind = 'soft-vote';
  private readonly weights: Float64Array;

  /** @throws ProdclassError INVALID_PARAM when the weights are not one positive number per member. */
  constructor(
    readonly members: readonly (readonly [name: string, classifier: Member])[],
    params: Partial<SoftVoteParams> = {},
  ) {
    super('soft-vote', { weights: members.map(() => 1) }, CONSTRAINTS, params);
    const w = this.params.weights;
    if (!Array.isArray(w) || w.length !== members.length || members.length === 0 || w.some((v) => typeof v !== 'number' || !(v > 0))) {
      throw new ProdclassError('INVALID_PARAM', `soft-vote: weights must be ${members.length} positive numbers, one per member (${members.map(([n]) => n).join(', ')}), got ${JSON.stringify(w)}`);
    }
    const total = w.reduce((s, v) => s + v, 0);
    this.weights = Float64Array.from(w, (v) => v / total);
  }

  get isFitted(): boolean {
    return this.members.every(([, m]) => m.isFitted);
  }

  /** @throws ProdclassError NOT_FITTED before fit. */
  get classes(): Int32Array {
    return this.fitted(this.isFitted ? this.members[0][1].classes : undefined);
  }

  /** The first member's weights, nFeatures x nClasses, when it is linear (explanations read them). */
  get featureMajor(): Float32Array | undefined {
    return (this.members[0][1] as { featureMajor?: Float32Array }).featureMajor;
  }

  get nFeatures(): number | undefined {
    return (this.members[0][1] as { nFeatures?: number }).nFeatures;
  }

  /** @throws whatever a member's fit throws (DATA_TOO_SMALL with fewer than two classes, from the first). */
  async fit(x: CsrMatrix, y: Labels, options: FitOptions = {}): Promise<this> {
    for (const [, m] of this.members) await m.fit(x, y, options);
    return this;
  }

  /**
   * Fits every member on all rows and returns the vote of their out-of-fold probabilities: a member that shares work
   * across folds (`fitOutOfFold`) does so; another is fitted once per fold on the rows outside it (rows outside every
   * fold, added to training only, stay 0 as they do for the first).
   * @throws whatever a member's fit throws.
   */
  async fitOutOfFold(x: CsrMatrix, y: Labels, folds: readonly Int32Array[], options: FitOptions = {}): Promise<DenseMatrix> {
    const classes = uniqueClasses(y);
    const votes = new DenseMatrix(x.nRows, classes.length);
    for (const [i, [, m]] of this.members.entries()) {
      addProbabilities(votes, await memberOutOfFold(m, x, y, folds, classes, options), classes, classes, this.weights[i]);
    }
    return votes;
  }

  /**
   * Synchronous when every member's is (the SVM's and naive Bayes's are), as a classifier's contract expects.
   * @throws ProdclassError NOT_FITTED before fit; FEATURE_MISMATCH for another number of features.
   */
  predictProba(x: CsrMatrix): DenseMatrix | Promise<DenseMatrix> {
    const classes = this.classes;
    return combineMembers(this.members, x, (probas) => {
      const votes = new DenseMatrix(x.nRows, classes.length);
      probas.forEach((proba, i) => addProbabilities(votes, proba, this.members[i][1].classes, classes, this.weights[i]));
      return votes;
    });
  }

  predict(x: CsrMatrix): Labels | Promise<Labels> {
    return mostProbable(this.predictProba(x), this.classes);
  }

  getState(): EstimatorState {
    this.fitted(this.isFitted ? true : undefined);
    return {
      kind: this.kind,
      params: { ...this.paramsJson(), members: this.members.map(([name]) => name) },
      fitted: {},
      arrays: {},
      children: Object.fromEntries(this.members.map(([name, m]) => [name, m.getState()])),
    };
  }

  /** @throws ProdclassError MODEL_CORRUPT when a member's state is missing. */
  static fromState(state: EstimatorState): SoftVote {
    const names = state.params.members;
    if (!Array.isArray(names) || !names.every((n) => typeof n === 'string' && state.children?.[n])) {
      throw new ProdclassError('MODEL_CORRUPT', 'soft-vote: saved state lacks its members');
    }
    const members = (names as string[]).map((name) => [name, estimatorFromState<Member>(state.children![name])] as const);
    return new SoftVote(members, { weights: state.params.weights as number[] });
  }
}

registerEstimator('soft-vote', (state) => SoftVote.fromState(state));
