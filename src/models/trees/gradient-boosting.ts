// GradientBoostingClassifier: XGBoost-style second-order boosting of depth- or leaf-limited trees, one per class per round.

import { CsrMatrix } from '../../core/csr-matrix.js';
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
import { silentProgress, withTask } from '../../core/progress.js';
import { registerEstimator } from '../../core/registry.js';
import { Rng } from '../../core/rng.js';
import { stratifiedSplit } from '../../data/splits.js';
import { checkClassWeight, resolveClassWeight, type ClassWeight } from '../linear/class-weight.js';
import { BinMapper, inputRows, inputWidth, type TreeInput } from './binning.js';
import { forEachRow, leafOf } from './predictor.js';
import { initialScores, softmaxGradients, softmaxLogLoss } from './softmax-objective.js';
import { boostContributions } from './tree-explain.js';
import { TreeEnsemble } from './tree-ensemble.js';
import { threadsFor } from '../../core/worker-script.js';
import { TreePool } from './tree-pool.js';
import type { BoostJob } from './tree-tasks.js';
import type { TreeArrays } from './tree.js';

export interface GradientBoostingParams {
  /** Boosting rounds (each adds one tree per class). */
  nEstimators: number;
  /** Shrinkage eta applied to every leaf weight. */
  learningRate: number;
  maxDepth: number;
  /** At most this many leaves per tree (0: only maxDepth limits). */
  maxLeaves: number;
  /** Smallest hessian sum of a child (XGBoost's min_child_weight). */
  minChildWeight: number;
  /** L2 penalty on leaf weights (XGBoost's lambda). */
  lambda: number;
  /** Smallest loss reduction of a split (XGBoost's gamma). */
  gamma: number;
  /** Share of rows each tree learns from. */
  subsample: number;
  colsampleBytree: number;
  colsampleBylevel: number;
  maxBins: number;
  initScore: 'prior' | 'uniform';
  /** Hold out validationFraction of the rows (stratified) and stop when their log-loss has not improved for nIterNoChange rounds. */
  earlyStopping: boolean;
  validationFraction: number;
  nIterNoChange: number;
  classWeight: ClassWeight;
  seed: number;
  /** Threads for the trees of a round: 1 this one, n > 1 workers, -1 one per core; the model is the same for any value. */
  nJobs: number;
}

export const GRADIENT_BOOSTING_DEFAULTS: GradientBoostingParams = {
  nEstimators: 100,
  learningRate: 0.3,
  maxDepth: 6,
  maxLeaves: 0,
  minChildWeight: 1,
  lambda: 1,
  gamma: 0,
  subsample: 1,
  colsampleBytree: 1,
  colsampleBylevel: 1,
  maxBins: 256,
  initScore: 'prior',
  earlyStopping: false,
  validationFraction: 0.1,
  nIterNoChange: 10,
  classWeight: null,
  seed: 0,
  nJobs: -1,
};

const share = { type: 'number', min: 0, minExclusive: true, max: 1 } as const;

const CONSTRAINTS: ParamConstraints<GradientBoostingParams> = {
  nEstimators: { type: 'number', integer: true, min: 1 },
  learningRate: { type: 'number', min: 0, minExclusive: true },
  maxDepth: { type: 'number', integer: true, min: 1, max: 30 },
  maxLeaves: { type: 'number', integer: true, min: 0 },
  minChildWeight: { type: 'number', min: 0 },
  lambda: { type: 'number', min: 0 },
  gamma: { type: 'number', min: 0 },
  subsample: share,
  colsampleBytree: share,
  colsampleBylevel: share,
  maxBins: { type: 'number', integer: true, min: 2, max: 256 },
  initScore: { type: 'enum', values: ['prior', 'uniform'] },
  earlyStopping: { type: 'boolean' },
  validationFraction: { type: 'number', min: 0, minExclusive: true, max: 0.5 },
  nIterNoChange: { type: 'number', integer: true, min: 1 },
  classWeight: { type: 'json', nullable: true },
  seed: { type: 'number', integer: true },
  nJobs: { type: 'jobs' },
};

interface BoostFitted {
  classes: Int32Array;
  nFeatures: number;
  init: Float64Array;
  /** Tree t belongs to class t % nClasses, round floor(t / nClasses). */
  trees: TreeEnsemble;
  /** Validation log-loss after each round (empty without early stopping). */
  validationLoss: number[];
}

/**
 * Gradient-boosted trees for K classes, as XGBoost's `XGBClassifier(objective='multi:softprob', tree_method='hist')`:
 * raw scores F_k start at `initScore` and each round adds, for every class, a tree fitted by one Newton step to
 * the softmax loss (`softmaxGradients`: g = p - y, h = 2p(1 - p)): splits maximise
 * GL^2/(HL+lambda) + GR^2/(HR+lambda) - G^2/(H+lambda) > gamma over binned features, leaves output
 * -learningRate * G / (H + lambda). predictProba = softmax(F).
 *
 * Trees grow level by level up to maxDepth (and maxLeaves), each from its own seed drawn in order from `seed`
 * (row and column subsamples), on worker threads one class per task: the model is identical for any nJobs.
 */
export class GradientBoostingClassifier extends BaseEstimator<GradientBoostingParams> implements Classifier<TreeInput, GradientBoostingParams> {
  readonly kind = 'gbdt';
  private state: BoostFitted | undefined;

  /** @throws ProdclassError INVALID_PARAM naming the parameter, what is allowed and what was given. */
  constructor(params: Partial<GradientBoostingParams> = {}) {
    super('gbdt', GRADIENT_BOOSTING_DEFAULTS, CONSTRAINTS, params);
    checkClassWeight(this.kind, this.params.classWeight);
  }

  get isFitted(): boolean {
    return this.state !== undefined;
  }

  get classes(): Int32Array {
    return this.fitted(this.state).classes;
  }

  get nFeatures(): number {
    return this.fitted(this.state).nFeatures;
  }

  get trees(): TreeEnsemble {
    return this.fitted(this.state).trees;
  }

  /** Rounds kept (the best round with early stopping). */
  get nRounds(): number {
    const s = this.fitted(this.state);
    return s.trees.nTrees / s.classes.length;
  }

  get validationLoss(): readonly number[] {
    return this.fitted(this.state).validationLoss;
  }

  /** Total split gain per feature, normalised (XGBoost's importance_type='total_gain'). */
  get featureImportances(): Float64Array {
    const s = this.fitted(this.state);
    return s.trees.gainImportances(s.nFeatures);
  }

  /**
   * Boosts nEstimators rounds (fewer with early stopping).
   * @throws ProdclassError INVALID_INPUT when x and y differ in length; DATA_TOO_SMALL with fewer than two
   *   classes; INVALID_PARAM when classWeight names an unseen label; the abort reason when options.signal aborts.
   */
  async fit(x: TreeInput, y: Labels, options: FitOptions = {}): Promise<this> {
    checkSameLength(inputRows(x), y.length);
    const p = this.params;
    const classes = uniqueClasses(y);
    const K = classes.length;
    let trainX = x;
    let trainY = encodeLabels(y, classes);
    let valX: TreeInput | null = null;
    let valY: Int32Array | null = null;
    if (p.earlyStopping) {
      const split = stratifiedSplit(y, p.validationFraction, p.seed);
      trainX = selectRows(x, split.train);
      valX = selectRows(x, split.validation);
      valY = Int32Array.from(split.validation, (i) => trainY[i]);
      trainY = Int32Array.from(split.train, (i) => trainY[i]);
    }
    const n = trainY.length;
    const perClass = resolveClassWeight(this.kind, p.classWeight, classes, trainY);
    const sampleWeight = p.classWeight === null ? null : Float64Array.from(trainY, (k) => perClass[k]);
    const threads = threadsFor(p.nJobs, K);
    const shared = threads > 1;
    const init = initialScores(p.initScore, trainY, K, sampleWeight);
    const scores = classMajor(init, n);
    const valScores = valY ? classMajor(init, valY.length) : null;
    const rng = new Rng(p.seed);
    const trees: TreeArrays[] = [];
    const validationLoss: number[] = [];
    let bestRound = -1;
    let bestLoss = Infinity;
    // Workers load their code while this thread bins the data.
    const pool = TreePool.lease(threads);
    try {
      const mapper = BinMapper.fit(trainX, p.maxBins);
      const job: BoostJob = {
        kind: 'boost',
        binned: mapper.transform(trainX, shared),
        maxBins: p.maxBins,
        edges: mapper.edges,
        edgeStart: mapper.edgeStart,
        nClasses: K,
        grad: floats(K * n, shared),
        hess: floats(K * n, shared),
        epoch: new Int32Array(shared ? new SharedArrayBuffer(4) : new ArrayBuffer(4)),
        tree: {
          maxDepth: p.maxDepth,
          maxLeaves: p.maxLeaves,
          lambda: p.lambda,
          minChildWeight: p.minChildWeight,
          minSplitLoss: p.gamma,
          learningRate: p.learningRate,
          colsampleBylevel: p.colsampleBylevel,
        },
        subsample: p.subsample,
        colsampleBytree: p.colsampleBytree,
        validation: valX ? mapper.transformRows(valX) : null,
      };
      pool.start(job);
      await withTask(options.progress ?? silentProgress, 'gradient boosting', p.nEstimators, async (task) => {
        for (let round = 0; round < p.nEstimators; round++) {
          softmaxGradients(scores, trainY, K, sampleWeight, job.grad, job.hess);
          Atomics.store(job.epoch, 0, round);
          const tasks = Array.from({ length: K }, (_, k) => ({ index: round, seed: rng.nextUint32(), classIndex: k }));
          const results = await pool.run(tasks, { signal: options.signal });
          results.forEach((r, k) => {
            trees.push(r.tree);
            addInto(scores, k * n, r.rowValues!);
            if (valScores) addInto(valScores, k * valY!.length, r.validationValues!);
          });
          if (!valScores) {
            task.tick();
            continue;
          }
          const loss = softmaxLogLoss(valScores, valY!, K);
          validationLoss.push(loss);
          task.tick(1, `validation log-loss ${loss.toFixed(4)}`);
          if (loss < bestLoss - 1e-7) {
            bestLoss = loss;
            bestRound = round;
          } else if (round - bestRound >= p.nIterNoChange) {
            break;
          }
        }
      });
    } finally {
      await pool.close();
    }
    const kept = valScores ? (bestRound + 1) * K : trees.length;
    this.state = { classes, nFeatures: inputWidth(x), init, trees: TreeEnsemble.fromTrees(trees.slice(0, kept)), validationLoss };
    return this;
  }

  /** Raw scores F (init + sum of the class's trees), one column per class. @throws ProdclassError NOT_FITTED; FEATURE_MISMATCH. */
  decisionFunction(x: TreeInput): DenseMatrix {
    const { classes, nFeatures, init, trees } = this.fitted(this.state);
    checkFeatureCount(this.kind, nFeatures, inputWidth(x));
    const K = classes.length;
    const out = new DenseMatrix(inputRows(x), K);
    const acc = new Float64Array(K);
    const { treeStart, value } = trees;
    forEachRow(x, (i, row) => {
      acc.set(init);
      for (let t = 0; t < trees.nTrees; t++) acc[t % K] += value![leafOf(trees, treeStart[t], row)];
      for (let k = 0; k < K; k++) out.data[i * K + k] = acc[k];
    });
    return out;
  }

  /** softmax of the raw scores (computed in float64). @throws ProdclassError NOT_FITTED; FEATURE_MISMATCH. */
  predictProba(x: TreeInput): DenseMatrix {
    const scores = this.decisionFunction(x);
    const K = scores.cols;
    const row = new Float64Array(K);
    for (let i = 0; i < scores.rows; i++) {
      let max = -Infinity;
      for (let k = 0; k < K; k++) max = Math.max(max, scores.data[i * K + k]);
      let sum = 0;
      for (let k = 0; k < K; k++) sum += row[k] = Math.exp(scores.data[i * K + k] - max);
      for (let k = 0; k < K; k++) scores.data[i * K + k] = row[k] / sum;
    }
    return scores;
  }

  predict(x: TreeInput): Labels {
    const classes = this.classes;
    return Int32Array.from(this.decisionFunction(x).argmaxRows(), (k) => classes[k]);
  }

  /** Path contributions of one row to class `classIndex`'s raw score, feature -> value (see `boostContributions`). */
  featureContributions(x: TreeInput, classIndex: number): Map<number, number> {
    const { nFeatures, trees, classes } = this.fitted(this.state);
    checkFeatureCount(this.kind, nFeatures, inputWidth(x));
    return boostContributions(trees, (t) => t % classes.length, x, classIndex);
  }

  getState(): EstimatorState {
    const s = this.fitted(this.state);
    return {
      kind: this.kind,
      params: this.paramsJson(),
      fitted: { nFeatures: s.nFeatures, validationLoss: s.validationLoss },
      arrays: { classes: s.classes, init: s.init, ...s.trees.toArrays() },
    };
  }

  /** @throws ProdclassError MODEL_CORRUPT when the state is incomplete; INVALID_PARAM when its params are invalid. */
  static fromState(state: EstimatorState): GradientBoostingClassifier {
    const model = new GradientBoostingClassifier(state.params as Partial<GradientBoostingParams>);
    const { classes, init } = state.arrays;
    const { nFeatures, validationLoss } = state.fitted;
    if (!(classes instanceof Int32Array) || !(init instanceof Float64Array) || init.length !== classes.length || typeof nFeatures !== 'number') {
      throw new ProdclassError('MODEL_CORRUPT', 'gbdt: saved state lacks classes, init or nFeatures');
    }
    const trees = TreeEnsemble.fromArrays(model.kind, state.arrays);
    if (!trees.value || trees.nTrees % classes.length !== 0) throw new ProdclassError('MODEL_CORRUPT', 'gbdt: saved trees lack values or are not a whole number of rounds');
    model.state = { classes, nFeatures, init, trees, validationLoss: Array.isArray(validationLoss) ? (validationLoss as number[]) : [] };
    return model;
  }
}

function selectRows(x: TreeInput, rows: Int32Array): TreeInput {
  return x instanceof CsrMatrix ? x.selectRows(rows) : x.selectRows(rows);
}

function floats(n: number, shared: boolean): Float64Array {
  return new Float64Array(shared ? new SharedArrayBuffer(n * 8) : new ArrayBuffer(n * 8));
}

function classMajor(init: Float64Array, n: number): Float64Array {
  const out = new Float64Array(init.length * n);
  for (let k = 0; k < init.length; k++) out.fill(init[k], k * n, (k + 1) * n);
  return out;
}

function addInto(target: Float64Array, offset: number, values: Float32Array): void {
  for (let i = 0; i < values.length; i++) target[offset + i] += values[i];
}

registerEstimator('gbdt', (state) => GradientBoostingClassifier.fromState(state));
