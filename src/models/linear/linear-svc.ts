// LinearSVC: one-vs-rest L2-regularised linear SVM trained by liblinear's dual coordinate descent, with calibrated probabilities.

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
  type JsonObject,
  type Labels,
} from '../../core/estimator.js';
import type { ParamConstraints } from '../../core/params.js';
import { silentProgress, withTask } from '../../core/progress.js';
import { registerEstimator } from '../../core/registry.js';
import { stratifiedKFold } from '../../data/splits.js';
import { calibratorFromJson, fitCalibrator, type CalibrationMethod, type Calibrator } from './calibration.js';
import { crossFittedProbabilities } from './cross-fit-calibration.js';
import { checkClassWeight, resolveClassWeight, type ClassWeight } from './class-weight.js';
import type { SvmLoss } from './dual-cd.js';
import { linearScores, linearWeights, softmaxRows, weightsArrays, weightsFromArrays, type LinearWeights } from './linear-scores.js';
import { assembleWeights, outOfFoldScores, ovrTasks, type OvrData, type OvrSpec } from './one-vs-rest.js';
import { prewarmOvrWorkers, runOvrTasks } from './ovr-pool.js';

export interface LinearSvcParams {
  /** Inverse regularisation strength: the weight of the loss against 1/2 ||w||^2. */
  C: number;
  loss: SvmLoss;
  /**
   * Stop each binary problem when the projected-gradient spread is <= tol (liblinear's eps). The default 0.1 is
   * liblinear's own for its dual solvers; scikit-learn passes 1e-4, which on the Rakuten sample takes 1.8x longer
   * for the same weighted F1 and calibration.
   */
  tol: number;
  /** Outer iterations (passes over the rows) per binary problem at most. */
  maxIter: number;
  fitIntercept: boolean;
  /** Value of the constant feature appended to every row; its weight (regularised like the others) times this is the intercept. */
  interceptScaling: number;
  classWeight: ClassWeight;
  /**
   * How predictProba maps scores to probabilities: per-class Platt sigmoids ('sigmoid', the default), the same
   * followed by a top-label sigmoid ('sigmoid-top') or beta map ('beta-top', text-linear's; 'sigmoid-power' instead on
   * a category tree, see calibrationFor) or by one power on the distribution ('sigmoid-power'), temperature scaling with
   * per-class bias ('temperature'), per-class slope and bias ('vector') or one-vs-rest isotonic ('isotonic'), all
   * fitted on out-of-fold scores; or a plain softmax of the scores ('none', uncalibrated).
   */
  calibration: CalibrationMethod | 'none';
  /** Stratified folds that produce the out-of-fold scores calibration is fitted on (2 calibrates as well as 3 or 5 there, for less time). */
  calibrationFolds: number;
  seed: number;
  /**
   * Threads for the binary problems: 1 runs in this thread, n > 1 on n worker threads, -1 one per core; results
   * are bit-identical whatever the value. Default 1: on the 2-vCPU machine this was measured on, whose vCPUs
   * give one core's throughput, 2 workers took twice as long.
   */
  nJobs: number;
}

/**
 * Fold problems (`fitOutOfFold`'s, and the calibration folds of `fit`) stop at 5 x tol: they start from the all-rows
 * solution (a warm start) and only score held-out rows for calibration and thresholds. On the Rakuten sample's 5-fold
 * out-of-fold fit this took 40 % less CPU (22.2 s -> 13.4 s on one thread) for an out-of-fold weighted F1 of 0.7610
 * against 0.7615; 10 x tol lost 0.003. In `fit` (text-linear, 20 % validation, seeds 1-3, `.scratch/calibcheck.ts`):
 * a fold's passes 7.5 -> 3.6 on a 10,000-title, 243-category catalog, the SVM's fit 16.6-18.4 s -> 14.4-15.0 s;
 * Rakuten sample weighted F1 0.7623 -> 0.7618, ECE 0.047 -> 0.045, coverage at 95 % 53.0 -> 53.2 %; its titles alone
 * 0.7234 -> 0.7241, 0.060 -> 0.058, 48.4 -> 48.9 %; Flipkart (3 levels) F1 and coverage equal, ECE 0.190 -> 0.197.
 */
const FOLD_TOL_FACTOR = 5;

export const LINEAR_SVC_DEFAULTS: LinearSvcParams = {
  C: 1,
  loss: 'squared_hinge',
  tol: 0.1,
  maxIter: 1000,
  fitIntercept: true,
  interceptScaling: 1,
  classWeight: null,
  calibration: 'sigmoid',
  calibrationFolds: 2,
  seed: 0,
  nJobs: 1,
};

const CONSTRAINTS: ParamConstraints<LinearSvcParams> = {
  C: { type: 'number', min: 0, minExclusive: true },
  loss: { type: 'enum', values: ['squared_hinge', 'hinge'] },
  tol: { type: 'number', min: 0, minExclusive: true },
  maxIter: { type: 'number', integer: true, min: 1 },
  fitIntercept: { type: 'boolean' },
  interceptScaling: { type: 'number', min: 0, minExclusive: true },
  classWeight: { type: 'json', nullable: true },
  calibration: { type: 'enum', values: ['temperature', 'sigmoid', 'sigmoid-top', 'beta-top', 'sigmoid-power', 'vector', 'isotonic', 'none'] },
  calibrationFolds: { type: 'number', integer: true, min: 2 },
  seed: { type: 'number', integer: true },
  nJobs: { type: 'jobs' },
};

interface SvcFitted {
  classes: Int32Array;
  weights: LinearWeights;
  calibrator: Calibrator | null;
  /** Outer iterations of each binary problem of the final fit. */
  nIter: Int32Array;
  converged: boolean;
}

/**
 * Linear support vector classifier, as scikit-learn's LinearSVC (liblinear, dual=True, multi_class='ovr').
 * For each class k (a single problem when there are two classes) it minimises
 *
 *   1/2 ||w_k||^2 + sum_i C_i loss(y_ik (w_k . [x_i, s]))      y_ik = +1 if y_i = k else -1
 *
 * with hinge loss max(0, 1 - m) or squared hinge max(0, 1 - m)^2, s = interceptScaling (so the intercept
 * s * w_k,bias is regularised, as in liblinear), and C_i = C * classWeight[k] for rows of class k, C for
 * the others (liblinear's weighted C). The dual is solved by coordinate descent with shrinking
 * (`dual-cd.ts`). The decision function is X W' + b.
 *
 * `predictProba` is calibrated, as scikit-learn's CalibratedClassifierCV(LinearSVC(), ensemble=False): at fit,
 * `calibrationFolds` stratified folds each train the same SVM on the other folds and score their held-out
 * rows; a per-class Platt map (or a temperature) is fitted to those out-of-fold scores and applied to the
 * final model's scores. That costs `calibrationFolds` extra fits on (k-1)/k of the data. `predict` returns
 * the class of highest calibrated probability (CalibratedClassifierCV's rule, which also agrees with
 * predictProba); with `calibration: 'none'` there is no extra fit, predictProba is a plain softmax of the
 * scores and `predict` the highest score (LinearSVC's rule).
 */
export class LinearSVC extends BaseEstimator<LinearSvcParams> implements Classifier<CsrMatrix, LinearSvcParams> {
  readonly kind = 'linear-svc';
  private state: SvcFitted | undefined;

  /** @throws ProdclassError INVALID_PARAM naming the parameter, what is allowed and what was given. */
  constructor(params: Partial<LinearSvcParams> = {}) {
    super('linear-svc', LINEAR_SVC_DEFAULTS, CONSTRAINTS, params);
    checkClassWeight(this.kind, this.params.classWeight);
  }

  get isFitted(): boolean {
    return this.state !== undefined;
  }

  /** @throws ProdclassError NOT_FITTED before fit. */
  get classes(): Int32Array {
    return this.fitted(this.state).classes;
  }

  /** nClasses x nFeatures weights, row-major (for two classes, row 0 is minus row 1). @throws ProdclassError NOT_FITTED. */
  get coef(): Float32Array {
    return this.fitted(this.state).weights.coef;
  }

  /** The same weights nFeatures x nClasses, what scoring reads. @throws ProdclassError NOT_FITTED. */
  get featureMajor(): Float32Array {
    return this.fitted(this.state).weights.featureMajor;
  }

  /** One intercept per class. @throws ProdclassError NOT_FITTED. */
  get intercept(): Float32Array {
    return this.fitted(this.state).weights.intercept;
  }

  get nFeatures(): number {
    return this.fitted(this.state).weights.nFeatures;
  }

  /** Outer iterations of each binary problem, and whether all of them met `tol` within `maxIter`. */
  get nIter(): Int32Array {
    return this.fitted(this.state).nIter;
  }

  get converged(): boolean {
    return this.fitted(this.state).converged;
  }

  get calibrator(): Calibrator | null {
    return this.fitted(this.state).calibrator;
  }

  /** Starts the worker threads its fit will take (see `WarmsUp`). */
  warmUp(): void {
    prewarmOvrWorkers(this.params.nJobs);
  }

  /**
   * Learns the weights (and the calibration map) from x and labels y.
   * @throws ProdclassError INVALID_INPUT when x and y differ in length; DATA_TOO_SMALL with fewer than two classes
   *   or fewer rows than calibration folds; INVALID_PARAM when classWeight names an unseen label; the abort reason
   *   when options.signal aborts.
   */
  async fit(x: CsrMatrix, y: Labels, options: FitOptions = {}): Promise<this> {
    const p = this.params;
    const folds = p.calibration === 'none' ? [] : stratifiedKFold(y, p.calibrationFolds, p.seed).map((s) => s.validation);
    await this.fitOutOfFoldScores(x, y, folds, options);
    return this;
  }

  /**
   * Fits on every row, as `fit`, but takes its held-out folds from the caller (grouped folds, say) and returns what
   * they give: each row of `folds` scored by the fold fit that did not see it, then mapped to probabilities by a
   * calibrator fitted on the other folds' rows (see `crossFittedProbabilities`); rows outside every fold (products
   * added to training only) stay 0. The saved calibrator is fitted on the out-of-fold scores of every fold's rows.
   * One pool of binary problems serves the folds and the final fit, so this costs about one fit per fold.
   * @throws as `fit`.
   */
  async fitOutOfFold(x: CsrMatrix, y: Labels, folds: readonly Int32Array[], options: FitOptions = {}): Promise<DenseMatrix> {
    const { scores, yIndex } = await this.fitOutOfFoldScores(x, y, folds, options);
    return crossFittedProbabilities(calibrationFor(this.params.calibration, y, options), scores, yIndex, folds, this.calibrator);
  }

  /**
   * `fitOutOfFold` without the mapping: the raw out-of-fold scores (and each row's class column), the model fitted as
   * `fitOutOfFold` fits it. `foldTol`: the fold problems' stopping tolerance (5 x tol by default, see FOLD_TOL_FACTOR).
   */
  async fitOutOfFoldScores(
    x: CsrMatrix,
    y: Labels,
    folds: readonly Int32Array[],
    options: FitOptions = {},
    foldTol = this.params.tol * FOLD_TOL_FACTOR,
  ): Promise<{ scores: DenseMatrix; yIndex: Int32Array }> {
    checkSameLength(x.nRows, y.length);
    const classes = uniqueClasses(y);
    const yIndex = encodeLabels(y, classes);
    const p = this.params;
    const data: OvrData = { nFeatures: x.nCols, indptr: x.indptr, indices: x.indices, data: x.data, yIndex, folds: [...folds], ...(x.memory ? { memory: x.memory } : {}) };
    const spec: OvrSpec = {
      nClasses: classes.length,
      classWeight: resolveClassWeight(this.kind, p.classWeight, classes, yIndex),
      C: p.C,
      loss: p.loss,
      tol: p.tol,
      foldTol,
      maxIter: p.maxIter,
      bias: p.fitIntercept ? p.interceptScaling : 0,
      seed: p.seed,
    };
    const tasks = ovrTasks(classes.length, folds.length);
    const { results, featureMajor } = await withTask(options.progress ?? silentProgress, 'linear-svc', tasks.length, (task) =>
      runOvrTasks(data, spec, tasks, { nJobs: p.nJobs, progress: task, signal: options.signal }),
    );

    const full = results.filter((r) => r.fold < 0);
    const weights = assembleWeights(full, featureMajor, classes.length, x.nCols);
    const scores = outOfFoldScores(results, data.folds, classes.length, x.nRows);
    let calibrator: Calibrator | null = null;
    if (p.calibration !== 'none') {
      // Only rows some fold held out have an out-of-fold score.
      const covered = Int32Array.from(folds.flatMap((rows) => Array.from(rows))).sort();
      const all = covered.length === x.nRows;
      calibrator = fitCalibrator(calibrationFor(p.calibration, y, options) as CalibrationMethod, all ? scores : scores.selectRows(covered), all ? yIndex : Int32Array.from(covered, (i) => yIndex[i]));
    }
    this.state = {
      classes,
      weights,
      calibrator,
      nIter: Int32Array.from(full, (r) => r.iterations),
      converged: full.every((r) => r.converged),
    };
    return { scores, yIndex };
  }

  /** Raw scores X W' + b, one column per class. @throws ProdclassError NOT_FITTED; FEATURE_MISMATCH. */
  decisionFunction(x: CsrMatrix): DenseMatrix {
    const state = this.fitted(this.state);
    checkFeatureCount(this.kind, state.weights.nFeatures, x.nCols);
    return linearScores(x, state.weights);
  }

  /**
   * The class of highest calibrated probability, or of highest score without calibration (first on ties).
   * @throws ProdclassError NOT_FITTED; FEATURE_MISMATCH.
   */
  predict(x: CsrMatrix): Labels {
    const { classes, calibrator } = this.fitted(this.state);
    const scores = this.decisionFunction(x);
    return Int32Array.from((calibrator ? calibrator.apply(scores) : scores).argmaxRows(), (k) => classes[k]);
  }

  /** Calibrated probabilities (see the class comment), rows summing to 1. @throws ProdclassError NOT_FITTED; FEATURE_MISMATCH. */
  predictProba(x: CsrMatrix): DenseMatrix {
    const scores = this.decisionFunction(x);
    const calibrator = this.fitted(this.state).calibrator;
    return calibrator ? calibrator.apply(scores) : softmaxRows(scores);
  }

  getState(): EstimatorState {
    const state = this.fitted(this.state);
    return {
      kind: this.kind,
      params: this.paramsJson(),
      fitted: {
        nFeatures: state.weights.nFeatures,
        converged: state.converged,
        calibrator: state.calibrator ? state.calibrator.toJson() : null,
      },
      arrays: { classes: state.classes, ...weightsArrays(state.weights), nIter: state.nIter },
    };
  }

  /** @throws ProdclassError MODEL_CORRUPT when the state is incomplete; INVALID_PARAM when its params are invalid. */
  static fromState(state: EstimatorState): LinearSVC {
    const model = new LinearSVC(state.params as Partial<LinearSvcParams>);
    const { classes, nIter } = state.arrays;
    const nFeatures = state.fitted.nFeatures;
    if (!(classes instanceof Int32Array) || !(nIter instanceof Int32Array) || typeof nFeatures !== 'number') {
      throw new ProdclassError('MODEL_CORRUPT', 'linear-svc: saved state lacks classes, nIter or nFeatures');
    }
    const calibrator = state.fitted.calibrator;
    model.state = {
      classes,
      weights: weightsFromArrays(model.kind, state.arrays, nFeatures, classes.length),
      calibrator: calibrator && typeof calibrator === 'object' && !Array.isArray(calibrator) ? calibratorFromJson(calibrator as JsonObject) : null,
      nIter,
      converged: state.fitted.converged === true,
    };
    return model;
  }
}

/**
 * The method actually fitted: on labels of a category tree a top-label step ('sigmoid-top', 'beta-top') becomes
 * 'sigmoid-power'. The step shares the non-top mass in proportion across every branch, which moves the parents' sums
 * back-off reads (a catalog-tree test backing off "household" to a 90 % ancestor failed with it); per-class sigmoids
 * alone, used there before, left the top value far under what it is worth on a large tree (see PowerCalibration).
 */
function calibrationFor(method: CalibrationMethod | 'none', y: Labels, options: FitOptions): CalibrationMethod | 'none' {
  if ((method !== 'sigmoid-top' && method !== 'beta-top') || !options.hierarchy) return method;
  const hierarchy = options.hierarchy;
  return Array.from(y).some((label) => hierarchy.parentOf(label) !== null) ? 'sigmoid-power' : method;
}

registerEstimator('linear-svc', (state) => LinearSVC.fromState(state));
