// RandomForestClassifier: bagged classification trees on binned features, grown on worker threads.

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
import { checkClassWeight, resolveClassWeight, type ClassWeight } from '../linear/class-weight.js';
import { BinMapper, inputRows, inputWidth, type TreeInput } from './binning.js';
import { forestSampleWeights, type ForestSampling } from './forest-sampling.js';
import { forestContributions, forestImportances } from './tree-explain.js';
import { binnedLeafOf, forEachBinnedRow, forEachRow, leafOf } from './predictor.js';
import type { Criterion } from './split-criteria.js';
import { TreeEnsemble } from './tree-ensemble.js';
import { threadsFor } from '../../core/worker-script.js';
import { TreePool } from './tree-pool.js';

export interface RandomForestParams {
  nEstimators: number;
  criterion: Criterion;
  /** Deepest level of a tree (null: grow until leaves are pure or too small). */
  maxDepth: number | null;
  minSamplesSplit: number;
  minSamplesLeaf: number;
  /** Features drawn per split: 'sqrt' / 'log2' of their number, 'all', a count (integer >= 1) or a share (0 < x < 1). */
  maxFeatures: 'sqrt' | 'log2' | 'all' | number;
  bootstrap: boolean;
  /** Share of the rows each bootstrap draws (null: as many as there are rows). */
  maxSamples: number | null;
  /** Score the out-of-bag rows at fit (accuracy, as scikit-learn's oob_score_). */
  oobScore: boolean;
  classWeight: ClassWeight | 'balanced_subsample';
  /** Bins per feature (2..256). */
  maxBins: number;
  seed: number;
  /** Threads: 1 this one, n > 1 that many workers, -1 one per core; the forest is identical whatever the value. */
  nJobs: number;
}

export const RANDOM_FOREST_DEFAULTS: RandomForestParams = {
  nEstimators: 100,
  criterion: 'gini',
  maxDepth: null,
  minSamplesSplit: 2,
  minSamplesLeaf: 1,
  maxFeatures: 'sqrt',
  bootstrap: true,
  maxSamples: null,
  oobScore: false,
  classWeight: null,
  maxBins: 256,
  seed: 0,
  nJobs: -1,
};

const CONSTRAINTS: ParamConstraints<RandomForestParams> = {
  nEstimators: { type: 'number', integer: true, min: 1 },
  criterion: { type: 'enum', values: ['gini', 'entropy'] },
  maxDepth: { type: 'number', integer: true, min: 1, nullable: true },
  minSamplesSplit: { type: 'number', integer: true, min: 2 },
  minSamplesLeaf: { type: 'number', integer: true, min: 1 },
  maxFeatures: { type: 'json' },
  bootstrap: { type: 'boolean' },
  maxSamples: { type: 'number', min: 0, minExclusive: true, max: 1, nullable: true },
  oobScore: { type: 'boolean' },
  classWeight: { type: 'json', nullable: true },
  maxBins: { type: 'number', integer: true, min: 2, max: 256 },
  seed: { type: 'number', integer: true },
  nJobs: { type: 'jobs' },
};

interface ForestFitted {
  classes: Int32Array;
  nFeatures: number;
  trees: TreeEnsemble;
  oobScore: number | null;
}

/**
 * A random forest as scikit-learn's RandomForestClassifier: each of nEstimators trees learns from a bootstrap
 * sample (bootstrap counts become row weights, times class weights) and, at every split, considers a fresh
 * random subset of maxFeatures features, keeping the split of largest weighted impurity decrease
 * (Gini or entropy). predictProba is the mean over trees of each leaf's weighted class distribution.
 *
 * Departures, all for speed on sparse TF-IDF input: features are binned first (`BinMapper`, up to maxBins
 * quantile bins, exact for features with fewer distinct values), so thresholds fall between bins; zeros of
 * sparse columns are never touched. The trees grow on worker threads, each from its own seed drawn in order
 * from `seed`, so the forest is the same for any nJobs.
 */
export class RandomForestClassifier extends BaseEstimator<RandomForestParams> implements Classifier<TreeInput, RandomForestParams> {
  readonly kind = 'random-forest';
  private state: ForestFitted | undefined;

  /** @throws ProdclassError INVALID_PARAM naming the parameter, what is allowed and what was given. */
  constructor(params: Partial<RandomForestParams> = {}) {
    super('random-forest', RANDOM_FOREST_DEFAULTS, CONSTRAINTS, params);
    const p = this.params;
    if (p.classWeight !== 'balanced_subsample') checkClassWeight(this.kind, p.classWeight);
    checkMaxFeatures(this.kind, p.maxFeatures);
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

  /** The fitted trees. @throws ProdclassError NOT_FITTED. */
  get trees(): TreeEnsemble {
    return this.fitted(this.state).trees;
  }

  /** Accuracy on out-of-bag rows (null unless fitted with oobScore). */
  get oobScore(): number | null {
    return this.fitted(this.state).oobScore;
  }

  /** Mean decrease in impurity per feature, normalised per tree then averaged (scikit-learn's feature_importances_). */
  get featureImportances(): Float64Array {
    const s = this.fitted(this.state);
    return forestImportances(s.trees, s.nFeatures);
  }

  /**
   * Grows the forest.
   * @throws ProdclassError INVALID_INPUT when x and y differ in length; DATA_TOO_SMALL with fewer than two
   *   classes; INVALID_PARAM when classWeight names an unseen label; the abort reason when options.signal aborts.
   */
  async fit(x: TreeInput, y: Labels, options: FitOptions = {}): Promise<this> {
    checkSameLength(inputRows(x), y.length);
    const p = this.params;
    const classes = uniqueClasses(y);
    const yIndex = encodeLabels(y, classes);
    const nFeatures = inputWidth(x);
    const threads = threadsFor(p.nJobs, p.nEstimators);
    const sampling: ForestSampling = {
      bootstrap: p.bootstrap,
      nDraws: p.maxSamples === null ? y.length : Math.max(1, Math.round(p.maxSamples * y.length)),
      classWeight: p.classWeight === 'balanced_subsample' ? 'balanced_subsample' : resolveClassWeight(this.kind, p.classWeight, classes, yIndex),
    };
    const tree = {
      criterion: p.criterion,
      maxDepth: p.maxDepth ?? Infinity,
      minSamplesSplit: p.minSamplesSplit,
      minSamplesLeaf: p.minSamplesLeaf,
      maxFeatures: resolveMaxFeatures(p.maxFeatures, nFeatures),
    };
    const rng = new Rng(p.seed);
    const tasks = Array.from({ length: p.nEstimators }, (_, index) => ({ index, seed: rng.nextUint32(), classIndex: -1 }));
    // Workers load their code while this thread bins the data.
    const pool = TreePool.lease(threads);
    let mapper: BinMapper;
    let results;
    try {
      mapper = BinMapper.fit(x, p.maxBins);
      const binned = mapper.transform(x, threads > 1);
      pool.start({ kind: 'forest', binned, maxBins: p.maxBins, edges: mapper.edges, edgeStart: mapper.edgeStart, yIndex, nClasses: classes.length, tree, sampling });
      results = await withTask(options.progress ?? silentProgress, 'random forest', tasks.length, (task) => pool.run(tasks, { progress: task, signal: options.signal }));
    } finally {
      await pool.close();
    }
    const trees = TreeEnsemble.fromTrees(results.map((r) => r.tree));
    let oobScore: number | null = null;
    if (p.oobScore && p.bootstrap) {
      oobScore = outOfBagAccuracy(trees, mapper, x, yIndex, classes.length, sampling, tasks.map((t) => t.seed));
    }
    this.state = { classes, nFeatures, trees, oobScore };
    return this;
  }

  /** Mean of the trees' leaf distributions, one column per class. @throws ProdclassError NOT_FITTED; FEATURE_MISMATCH. */
  predictProba(x: TreeInput): DenseMatrix {
    const { classes, nFeatures, trees } = this.fitted(this.state);
    checkFeatureCount(this.kind, nFeatures, inputWidth(x));
    const K = classes.length;
    const out = new DenseMatrix(inputRows(x), K);
    const acc = new Float64Array(K);
    const { treeStart, distPtr, distClass, distProb } = trees;
    const nTrees = trees.nTrees;
    forEachRow(x, (i, row) => {
      acc.fill(0);
      for (let t = 0; t < nTrees; t++) {
        const leaf = leafOf(trees, treeStart[t], row);
        for (let q = distPtr![leaf]; q < distPtr![leaf + 1]; q++) acc[distClass![q]] += distProb![q];
      }
      for (let k = 0; k < K; k++) out.data[i * K + k] = acc[k] / nTrees;
    });
    return out;
  }

  predict(x: TreeInput): Labels {
    const classes = this.classes;
    return Int32Array.from(this.predictProba(x).argmaxRows(), (k) => classes[k]);
  }

  /**
   * Path contributions (Saabas) of one row to class `classIndex`: along each tree's path, the change in the
   * class's probability at a split is credited to the split's feature; averaged over trees. Sparse: feature -> value.
   */
  featureContributions(x: TreeInput, classIndex: number): Map<number, number> {
    const { nFeatures, trees, classes } = this.fitted(this.state);
    checkFeatureCount(this.kind, nFeatures, inputWidth(x));
    return forestContributions(trees, classes.length, x, classIndex);
  }

  getState(): EstimatorState {
    const s = this.fitted(this.state);
    return {
      kind: this.kind,
      params: this.paramsJson(),
      fitted: { nFeatures: s.nFeatures, oobScore: s.oobScore },
      arrays: { classes: s.classes, ...s.trees.toArrays() },
    };
  }

  /** @throws ProdclassError MODEL_CORRUPT when the state is incomplete; INVALID_PARAM when its params are invalid. */
  static fromState(state: EstimatorState): RandomForestClassifier {
    const model = new RandomForestClassifier(state.params as Partial<RandomForestParams>);
    const { classes } = state.arrays;
    const { nFeatures, oobScore } = state.fitted;
    if (!(classes instanceof Int32Array) || typeof nFeatures !== 'number') {
      throw new ProdclassError('MODEL_CORRUPT', 'random-forest: saved state lacks classes or nFeatures');
    }
    const trees = TreeEnsemble.fromArrays(model.kind, state.arrays);
    if (!trees.distPtr) throw new ProdclassError('MODEL_CORRUPT', 'random-forest: saved trees lack leaf distributions');
    model.state = { classes, nFeatures, trees, oobScore: typeof oobScore === 'number' ? oobScore : null };
    return model;
  }
}

/** Features per split for a maxFeatures setting (at least 1, at most all). */
export function resolveMaxFeatures(maxFeatures: RandomForestParams['maxFeatures'], nFeatures: number): number {
  let k: number;
  if (maxFeatures === 'sqrt') k = Math.floor(Math.sqrt(nFeatures));
  else if (maxFeatures === 'log2') k = Math.floor(Math.log2(nFeatures));
  else if (maxFeatures === 'all') k = nFeatures;
  else k = maxFeatures < 1 ? Math.floor(maxFeatures * nFeatures) : maxFeatures;
  return Math.max(1, Math.min(nFeatures, k));
}

function checkMaxFeatures(kind: string, value: unknown): void {
  const ok =
    value === 'sqrt' ||
    value === 'log2' ||
    value === 'all' ||
    (typeof value === 'number' && Number.isFinite(value) && value > 0 && (value < 1 || Number.isInteger(value)));
  if (!ok) {
    throw new ProdclassError('INVALID_PARAM', `${kind}: parameter "maxFeatures" must be "sqrt", "log2", "all", an integer >= 1 or a share in (0, 1), got ${JSON.stringify(value)}`, {
      location: { field: 'maxFeatures' },
    });
  }
}

/** Accuracy of the out-of-bag vote (mean leaf distribution over the trees that did not draw the row). */
function outOfBagAccuracy(trees: TreeEnsemble, mapper: BinMapper, x: TreeInput, yIndex: Int32Array, K: number, sampling: ForestSampling, seeds: number[]): number {
  const n = yIndex.length;
  const votes = new Float64Array(n * K);
  const rows = mapper.transformRows(x);
  const inBag = seeds.map((seed) => forestSampleWeights(yIndex, K, sampling, new Rng(seed)));
  const { treeStart, distPtr, distClass, distProb } = trees;
  forEachBinnedRow(rows, mapper.zeroBin, (i, bins) => {
    for (let t = 0; t < trees.nTrees; t++) {
      if (inBag[t][i] > 0) continue;
      const leaf = binnedLeafOf(trees, treeStart[t], bins);
      for (let q = distPtr![leaf]; q < distPtr![leaf + 1]; q++) votes[i * K + distClass![q]] += distProb![q];
    }
  });
  let scored = 0;
  let correct = 0;
  for (let i = 0; i < n; i++) {
    let best = -1;
    let bestV = 0;
    for (let k = 0; k < K; k++) {
      if (votes[i * K + k] > bestV) {
        bestV = votes[i * K + k];
        best = k;
      }
    }
    if (best < 0) continue;
    scored++;
    if (best === yIndex[i]) correct++;
  }
  return scored > 0 ? correct / scored : 0;
}

registerEstimator('random-forest', (state) => RandomForestClassifier.fromState(state));
