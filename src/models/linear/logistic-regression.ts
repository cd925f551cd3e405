// LogisticRegression: multinomial L2-regularised logistic regression on sparse or dense features, solved by L-BFGS.

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
import { registerEstimator } from '../../core/registry.js';
import { checkClassWeight, resolveClassWeight, type ClassWeight } from './class-weight.js';
import { minimizeLbfgs } from './lbfgs.js';
import { linearScores, linearWeights, softmaxRows, weightsArrays, weightsFromArrays, type LinearWeights } from './linear-scores.js';
import { DenseMultinomialObjective } from './dense-multinomial-objective.js';
import { MultinomialObjective } from './multinomial-objective.js';

export interface LogisticRegressionParams {
  /** Inverse regularisation strength (scikit-learn's C). */
  C: number;
  fitIntercept: boolean;
  classWeight: ClassWeight;
  /** L-BFGS iterations at most. */
  maxIter: number;
  /** Stop when the largest gradient component of loss / C is <= tol (scikit-learn 1.2's lbfgs gtol). */
  tol: number;
}

export const LOGISTIC_REGRESSION_DEFAULTS: LogisticRegressionParams = {
  C: 1,
  fitIntercept: true,
  classWeight: null,
  maxIter: 100,
  tol: 1e-4,
};

const CONSTRAINTS: ParamConstraints<LogisticRegressionParams> = {
  C: { type: 'number', min: 0, minExclusive: true },
  fitIntercept: { type: 'boolean' },
  classWeight: { type: 'json', nullable: true },
  maxIter: { type: 'number', integer: true, min: 1 },
  tol: { type: 'number', min: 0, minExclusive: true },
};

interface LogRegFitted {
  classes: Int32Array;
  weights: LinearWeights;
  nIter: number;
  converged: boolean;
}

/**
 * Multinomial logistic regression, as scikit-learn's LogisticRegression(multi_class='multinomial',
 * solver='lbfgs'): minimises
 *
 *   C * sum_i s_i * (-log softmax(W x_i + b)_{y_i}) + 1/2 ||W||^2      (b not penalised)
 *
 * (see `loss.ts`) with s_i = classWeight[y_i], from W = 0, b = 0, by L-BFGS (`lbfgs.ts`). The optimiser
 * works on loss / C, as scikit-learn 1.2 does, so `tol` means the same as there. predictProba is
 * softmax(W x + b). Training is deterministic (no randomness).
 */
export class LogisticRegression extends BaseEstimator<LogisticRegressionParams> implements Classifier<CsrMatrix | DenseMatrix, LogisticRegressionParams> {
  readonly kind = 'logreg';
  private state: LogRegFitted | undefined;

  /** @throws ProdclassError INVALID_PARAM naming the parameter, what is allowed and what was given. */
  constructor(params: Partial<LogisticRegressionParams> = {}) {
    super('logreg', LOGISTIC_REGRESSION_DEFAULTS, CONSTRAINTS, params);
    checkClassWeight(this.kind, this.params.classWeight);
  }

  get isFitted(): boolean {
    return this.state !== undefined;
  }

  get classes(): Int32Array {
    return this.fitted(this.state).classes;
  }

  /** nClasses x nFeatures weights, row-major. @throws ProdclassError NOT_FITTED. */
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

  get nIter(): number {
    return this.fitted(this.state).nIter;
  }

  get converged(): boolean {
    return this.fitted(this.state).converged;
  }

  /**
   * @throws ProdclassError INVALID_INPUT when x and y differ in length; DATA_TOO_SMALL with fewer than two classes;
   *   INVALID_PARAM when classWeight names an unseen label; the abort reason when options.signal aborts.
   */
  async fit(x: CsrMatrix | DenseMatrix, y: Labels, options: FitOptions = {}): Promise<this> {
    const [nRows, nFeatures] = shape(x);
    checkSameLength(nRows, y.length);
    options.signal?.throwIfAborted();
    const classes = uniqueClasses(y);
    const yIndex = encodeLabels(y, classes);
    const K = classes.length;
    const perClass = resolveClassWeight(this.kind, this.params.classWeight, classes, yIndex);
    const sampleWeight = this.params.classWeight === null ? null : Float64Array.from(yIndex, (k) => perClass[k]);
    const { C, fitIntercept, maxIter, tol } = this.params;
    const problem = { yIndex, nClasses: K, sampleWeight, C, fitIntercept };
    const nCoef = nFeatures * K;
    const gradient = new Float64Array(nCoef + (fitIntercept ? K : 0));
    const progress = options.progress?.task('logreg', maxIter);
    // L-BFGS works on L / C (scikit-learn 1.2's scaling), so that tol means what it means there.
    const loss = x instanceof DenseMatrix ? new DenseMultinomialObjective({ ...problem, x }) : new MultinomialObjective({ ...problem, x });
    const objective = (w: Float64Array) => {
      if (options.signal?.aborted) throw options.signal.reason;
      const value = loss.evaluate(w, gradient);
      for (let p = 0; p < gradient.length; p++) gradient[p] /= C;
      return { value: value / C, gradient };
    };
    let result;
    try {
      result = minimizeLbfgs(objective, new Float64Array(gradient.length), { maxIter, gtol: tol, onIteration: () => progress?.tick() });
    } finally {
      progress?.done();
    }

    // The solver's variables are feature-major already: weight (j, k) at j * K + k.
    const featureMajor = Float32Array.from(result.x.subarray(0, nCoef));
    const intercept = new Float32Array(K);
    if (fitIntercept) for (let k = 0; k < K; k++) intercept[k] = result.x[nCoef + k];
    this.state = { classes, weights: linearWeights(nFeatures, intercept, { featureMajor }), nIter: result.iterations, converged: result.converged };
    return this;
  }

  /** Scores W x + b, one column per class. @throws ProdclassError NOT_FITTED; FEATURE_MISMATCH. */
  decisionFunction(x: CsrMatrix | DenseMatrix): DenseMatrix {
    const state = this.fitted(this.state);
    checkFeatureCount(this.kind, state.weights.nFeatures, shape(x)[1]);
    return linearScores(x, state.weights);
  }

  /** softmax(W x + b). @throws ProdclassError NOT_FITTED; FEATURE_MISMATCH. */
  predictProba(x: CsrMatrix | DenseMatrix): DenseMatrix {
    return softmaxRows(this.decisionFunction(x));
  }

  predict(x: CsrMatrix | DenseMatrix): Labels {
    const classes = this.classes;
    return Int32Array.from(this.decisionFunction(x).argmaxRows(), (k) => classes[k]);
  }

  getState(): EstimatorState {
    const state = this.fitted(this.state);
    return {
      kind: this.kind,
      params: this.paramsJson(),
      fitted: { nFeatures: state.weights.nFeatures, nIter: state.nIter, converged: state.converged },
      arrays: { classes: state.classes, ...weightsArrays(state.weights) },
    };
  }

  /** @throws ProdclassError MODEL_CORRUPT when the state is incomplete; INVALID_PARAM when its params are invalid. */
  static fromState(state: EstimatorState): LogisticRegression {
    const model = new LogisticRegression(state.params as Partial<LogisticRegressionParams>);
    const { classes } = state.arrays;
    const { nFeatures, nIter } = state.fitted;
    if (!(classes instanceof Int32Array) || typeof nFeatures !== 'number' || typeof nIter !== 'number') {
      throw new ProdclassError('MODEL_CORRUPT', 'logreg: saved state lacks classes, nFeatures or nIter');
    }
    model.state = {
      classes,
      weights: weightsFromArrays(model.kind, state.arrays, nFeatures, classes.length),
      nIter,
      converged: state.fitted.converged === true,
    };
    return model;
  }
}

/** Rows and features of either kind of matrix. */
function shape(x: CsrMatrix | DenseMatrix): [rows: number, features: number] {
  return x instanceof DenseMatrix ? [x.rows, x.cols] : [x.nRows, x.nCols];
}

registerEstimator('logreg', (state) => LogisticRegression.fromState(state));
