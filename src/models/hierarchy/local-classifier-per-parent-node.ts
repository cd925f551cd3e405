// LocalClassifierPerParentNode: one calibrated linear SVM per parent node of the category tree, probabilities multiplied down each path.

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
import { silentProgress, withTask } from '../../core/progress.js';
import { registerEstimator } from '../../core/registry.js';
import { SigmoidCalibration } from '../linear/calibration.js';
import { LinearSVC } from '../linear/linear-svc.js';
import { buildClassTree, routeRows, type ClassTree } from './class-tree.js';
import { localRows } from './local-rows.js';
import { pathProbabilities, type PathModel } from './path-probabilities.js';
import { SparseSlotWeightsBuilder, slotWeight, type SparseSlotWeights } from './sparse-slot-weights.js';

export interface LocalClassifierPerParentNodeParams {
  /** LinearSVC's C at every parent node. */
  C: number;
  /** LinearSVC's tol (liblinear's eps) at every parent node. */
  tol: number;
  maxIter: number;
  /** Platt-calibrated choices at each node ('sigmoid', as LinearSVC), or a softmax of the raw scores ('none'). */
  calibration: 'sigmoid' | 'none';
  calibrationFolds: number;
  /**
   * Weights with |w| below this are dropped once a node is trained (DiSMEC's pruning): most of the weights of
   * a node trained on few products are tiny echoes of words it saw once.
   */
  prune: number;
  /**
   * At most this many weights are kept in all (the largest): what bounds the model folder (6 bytes a weight) and the
   * time to score a row, whatever the catalog's size. 25 million: 150 MB.
   */
  maxWeights: number;
  seed: number;
  /** LinearSVC's nJobs at each node. */
  nJobs: number;
}

export const LCPN_DEFAULTS: LocalClassifierPerParentNodeParams = {
  C: 0.5,
  tol: 0.1,
  maxIter: 1000,
  calibration: 'sigmoid',
  calibrationFolds: 2,
  prune: 0.01,
  maxWeights: 25_000_000,
  seed: 0,
  nJobs: 1,
};

const CONSTRAINTS: ParamConstraints<LocalClassifierPerParentNodeParams> = {
  C: { type: 'number', min: 0, minExclusive: true },
  tol: { type: 'number', min: 0, minExclusive: true },
  maxIter: { type: 'number', integer: true, min: 1 },
  calibration: { type: 'enum', values: ['sigmoid', 'none'] },
  calibrationFolds: { type: 'number', integer: true, min: 2 },
  prune: { type: 'number', min: 0 },
  maxWeights: { type: 'number', integer: true, min: 1 },
  seed: { type: 'number', integer: true },
  nJobs: { type: 'jobs' },
};

const KIND = 'local-classifier-per-parent-node';
/** Version of the saved state's layout. */
const STATE_VERSION = 1;

interface Fitted extends PathModel {
  classes: Int32Array;
}

/**
 * HiClass's LocalClassifierPerParentNode with linear SVMs. Every parent node of the tree built from the labels
 * and `FitOptions.hierarchy` (see `buildClassTree`) gets a LinearSVC over its choices: its children, plus "stop
 * here" when the node is a label itself; it is trained on the rows whose label lies under the node only, over
 * the features those rows use. The probability of a class is the product of the calibrated choice
 * probabilities along its path from the top: P(c) = prod_{(n, s) on path(c)} P_n(s | x). Rows sum to 1 because
 * each node's choices do. A row thus costs depth x (choices per node) binary problems at fit, against nClasses
 * for a flat one-vs-rest model: that is the whole saving with thousands of classes. Without a hierarchy it is a
 * flat LinearSVC with pruned sparse weights.
 */
export class LocalClassifierPerParentNode
  extends BaseEstimator<LocalClassifierPerParentNodeParams>
  implements Classifier<CsrMatrix, LocalClassifierPerParentNodeParams>
{
  readonly kind = KIND;
  private state: Fitted | undefined;

  /** @throws ProdclassError INVALID_PARAM naming the parameter, what is allowed and what was given. */
  constructor(params: Partial<LocalClassifierPerParentNodeParams> = {}) {
    super(KIND, LCPN_DEFAULTS, CONSTRAINTS, params);
  }

  get isFitted(): boolean {
    return this.state !== undefined;
  }

  /** @throws ProdclassError NOT_FITTED before fit. */
  get classes(): Int32Array {
    return this.fitted(this.state).classes;
  }

  /** @throws ProdclassError NOT_FITTED before fit. */
  get tree(): ClassTree {
    return this.fitted(this.state).tree;
  }

  /** @throws ProdclassError NOT_FITTED before fit. */
  get weights(): SparseSlotWeights {
    return this.fitted(this.state).weights;
  }

  get nFeatures(): number {
    return this.weights.nFeatures;
  }

  /**
   * Learns one classifier per parent node.
   * @throws ProdclassError INVALID_INPUT when x and y differ in length or the hierarchy loops; DATA_TOO_SMALL with
   *   fewer than two classes; the abort reason when options.signal aborts.
   */
  async fit(x: CsrMatrix, y: Labels, options: FitOptions = {}): Promise<this> {
    checkSameLength(x.nRows, y.length);
    const classes = uniqueClasses(y);
    const tree = buildClassTree(classes, options.hierarchy);
    const { rows, target } = routeRows(tree, encodeLabels(y, classes));
    const p = this.params;
    const nNodes = tree.nodeKey.length;
    const nSlots = tree.slotNode.length;
    const builder = new SparseSlotWeightsBuilder(x.nCols, nSlots, p.prune, p.maxWeights);
    const calibA = new Float64Array(nSlots).fill(1);
    const calibB = new Float64Array(nSlots);
    const nodeMethod = new Uint8Array(nNodes);
    const parents: number[] = [];
    for (let n = 0; n < nNodes; n++) if (tree.slotStart[n + 1] - tree.slotStart[n] > 1) parents.push(n);
    const scratch = new Int32Array(x.nCols).fill(-1);

    await withTask(options.progress ?? silentProgress, KIND, parents.length, async (task) => {
      for (const n of parents) {
        options.signal?.throwIfAborted();
        const first = tree.slotStart[n];
        const local = localRows(x, rows[n], scratch);
        const calibrate = p.calibration === 'sigmoid' && rows[n].length >= 2 * p.calibrationFolds;
        const svc = new LinearSVC({
          C: p.C,
          tol: p.tol,
          maxIter: p.maxIter,
          calibration: calibrate ? 'sigmoid' : 'none',
          calibrationFolds: p.calibrationFolds,
          seed: p.seed + n,
          nJobs: p.nJobs,
        });
        await svc.fit(local.matrix, target[n]);
        builder.add({ firstSlot: first, nSlots: svc.classes.length, features: local.features, featureMajor: svc.featureMajor, intercept: svc.intercept });
        const calibrator = svc.calibrator;
        if (calibrator instanceof SigmoidCalibration) {
          nodeMethod[n] = 1;
          calibA.set(calibrator.a, first);
          calibB.set(calibrator.b, first);
        }
        task.tick();
        // Let timers (progress, abort handlers) run between nodes.
        await new Promise((resolve) => setImmediate(resolve));
      }
    });
    this.state = { classes, tree, weights: builder.build(), nodeMethod, calibA, calibB };
    return this;
  }

  /** Calibrated probabilities, one column per class, rows summing to 1. @throws ProdclassError NOT_FITTED; FEATURE_MISMATCH. */
  predictProba(x: CsrMatrix): DenseMatrix {
    const state = this.checked(x);
    const out = new DenseMatrix(x.nRows, state.classes.length);
    pathProbabilities(state, x, (i, proba) => out.data.set(proba, i * state.classes.length));
    return out;
  }

  /** The class of highest probability (first on ties), without keeping every row's probabilities. @throws as predictProba. */
  predict(x: CsrMatrix): Labels {
    const state = this.checked(x);
    const out = new Int32Array(x.nRows);
    pathProbabilities(state, x, (i, proba) => {
      let best = 0;
      for (let k = 1; k < proba.length; k++) if (proba[k] > proba[best]) best = k;
      out[i] = state.classes[best];
    });
    return out;
  }

  /**
   * How much each feature of row 0 of x moved the scores on class `classIndex`'s path: x_j times the sum of its
   * weights for the choices along the path (what `TextPipeline.explain` folds back onto words).
   * @throws ProdclassError NOT_FITTED.
   */
  featureContributions(x: CsrMatrix, classIndex: number): Map<number, number> {
    const { tree, weights } = this.fitted(this.state);
    const pathSlots: number[] = [];
    const node = tree.nodeClass.indexOf(classIndex);
    const slotOf = (owner: number, to: number) => {
      for (let s = tree.slotStart[owner]; s < tree.slotStart[owner + 1]; s++) if (tree.slotNode[s] === to) pathSlots.push(s);
    };
    if (node > 0) slotOf(node, node);
    for (let m = node; m > 0; m = tree.nodeParent[m]) slotOf(tree.nodeParent[m], m);
    const out = new Map<number, number>();
    for (let k = x.indptr[0]; k < x.indptr[1]; k++) {
      const j = x.indices[k];
      let w = 0;
      for (const s of pathSlots) w += slotWeight(weights, j, s);
      if (w !== 0) out.set(j, x.data[k] * w);
    }
    return out;
  }

  getState(): EstimatorState {
    const { classes, tree, weights, nodeMethod, calibA, calibB } = this.fitted(this.state);
    return {
      kind: this.kind,
      params: this.paramsJson(),
      fitted: { version: STATE_VERSION, nFeatures: weights.nFeatures },
      arrays: {
        classes,
        ...tree,
        nodeMethod,
        calibA,
        calibB,
        featStart: weights.featStart,
        slot: weights.slot,
        weight: weights.weight,
        intercept: weights.intercept,
      },
    };
  }

  /** @throws ProdclassError MODEL_CORRUPT when the state is incomplete or of a later version; INVALID_PARAM for invalid params. */
  static fromState(state: EstimatorState): LocalClassifierPerParentNode {
    const model = new LocalClassifierPerParentNode(state.params as Partial<LocalClassifierPerParentNodeParams>);
    const a = state.arrays;
    const int32 = ['classes', 'nodeKey', 'nodeParent', 'nodeClass', 'slotStart', 'slotNode', 'featStart'] as const;
    const nFeatures = state.fitted.nFeatures;
    if (state.fitted.version !== STATE_VERSION || typeof nFeatures !== 'number') {
      throw new ProdclassError('MODEL_CORRUPT', `${KIND}: saved state version ${String(state.fitted.version)} is not ${STATE_VERSION}; retrain the model`);
    }
    const missing = [...int32.filter((name) => !(a[name] instanceof Int32Array))];
    if (!(a.nodeMethod instanceof Uint8Array)) missing.push('nodeMethod' as never);
    if (!(a.slot instanceof Uint16Array || a.slot instanceof Int32Array)) missing.push('slot' as never);
    if (!(a.calibA instanceof Float64Array) || !(a.calibB instanceof Float64Array)) missing.push('calibA/calibB' as never);
    if (!(a.weight instanceof Float32Array) || !(a.intercept instanceof Float32Array)) missing.push('weight/intercept' as never);
    if (missing.length > 0 || a.featStart.length !== nFeatures + 1) {
      throw new ProdclassError('MODEL_CORRUPT', `${KIND}: saved state lacks or mis-sizes ${missing.join(', ') || 'featStart'}`);
    }
    const tree: ClassTree = {
      nodeKey: a.nodeKey as Int32Array,
      nodeParent: a.nodeParent as Int32Array,
      nodeClass: a.nodeClass as Int32Array,
      slotStart: a.slotStart as Int32Array,
      slotNode: a.slotNode as Int32Array,
    };
    model.state = {
      classes: a.classes as Int32Array,
      tree,
      weights: {
        nFeatures,
        nSlots: tree.slotNode.length,
        featStart: a.featStart as Int32Array,
        slot: a.slot as Uint16Array | Int32Array,
        weight: a.weight as Float32Array,
        intercept: a.intercept as Float32Array,
      },
      nodeMethod: a.nodeMethod as Uint8Array,
      calibA: a.calibA as Float64Array,
      calibB: a.calibB as Float64Array,
    };
    return model;
  }

  private checked(x: CsrMatrix): Fitted {
    const state = this.fitted(this.state);
    checkFeatureCount(this.kind, state.weights.nFeatures, x.nCols);
    return state;
  }
}

registerEstimator(KIND, (state) => LocalClassifierPerParentNode.fromState(state));
