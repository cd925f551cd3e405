// One-vs-rest decomposition of a multiclass linear SVM into binary dual coordinate descent tasks, and assembly of their results (liblinear's train()).

import { DenseMatrix } from '../../core/dense-matrix.js';
import { Rng } from '../../core/rng.js';
import { DualCdMemory, type DualCdScratch } from './dual-cd-memory.js';
import { rowSquaredNorms, solveDualCd, sparseDot, type DualCdResult, type DualCdRows, type SvmLoss } from './dual-cd.js';
import { linearWeights, type LinearWeights } from './linear-scores.js';

/** Hyperparameters of the binary problems; plain values, so they can cross to a worker thread. */
export interface OvrSpec {
  nClasses: number;
  /** Per-class multiplier of C, in class order (see `solveTask` for how it applies). */
  classWeight: Float64Array;
  C: number;
  loss: SvmLoss;
  tol: number;
  maxIter: number;
  /** Stopping tolerance of the fold problems (default `tol`). */
  foldTol?: number;
  /** Value of the constant bias feature (interceptScaling), 0 when no intercept is fitted. */
  bias: number;
  seed: number;
}

/** Training rows and labels, plus optional cross-validation folds; typed arrays only (shareable with workers). */
export interface OvrData {
  nFeatures: number;
  indptr: Int32Array;
  indices: Int32Array;
  data: Float32Array;
  /** Class position (0..nClasses-1) of each row. */
  yIndex: Int32Array;
  /** Rows held out by each fold (ascending); the fold trains on all the others. */
  folds: Int32Array[];
  /** When set, `indptr`, `indices` and `data` are views into it and the solver runs its passes in WebAssembly. */
  memory?: WebAssembly.Memory;
}

/** Binary problem `problem` trained on all rows (fold -1) or on the rows outside fold `fold`. */
export interface OvrTask {
  fold: number;
  problem: number;
  /**
   * Fold tasks: the same problem solved on every row (its all-rows task's `alpha` and `wBias`, and `w` with more than
   * two folds), to start from. The fold's optimum is near it, so the solver needs far fewer passes than from zero; with
   * `w`, taking the fold's rows out of it reads a fifth of the data (five folds) where adding up the others reads four.
   */
  warm?: { alpha: Float64Array; w?: Float64Array; wBias: number };
}

export interface OvrTaskResult {
  fold: number;
  problem: number;
  /** All-rows tasks: the intercept of the binary problem (its weights are written into the solver's `featureMajor`). */
  intercept?: number;
  /**
   * All-rows tasks of a fit with folds, for the fold tasks' warm start: the weights (nFeatures), the dual variables (one
   * per row) and the bias weight, on SharedArrayBuffers so that every worker reads them in place.
   */
  w?: Float64Array;
  alpha?: Float64Array;
  wBias?: number;
  /** Fold tasks: the decision values of the fold's held-out rows, in the order of `folds[fold]`. */
  validationScores?: Float64Array;
  iterations: number;
  converged: boolean;
}

/** Binary problems per fit: one when there are two classes (as liblinear), one per class otherwise. */
export function binaryProblemCount(nClasses: number): number {
  return nClasses === 2 ? 1 : nClasses;
}

/** Every task of a fit: the all-rows problems first, then each fold's. */
export function ovrTasks(nClasses: number, nFolds: number): OvrTask[] {
  const tasks: OvrTask[] = [];
  for (let fold = -1; fold < nFolds; fold++) {
    for (let problem = 0; problem < binaryProblemCount(nClasses); problem++) tasks.push({ fold, problem });
  }
  return tasks;
}

/**
 * Solves one-vs-rest tasks over shared data: a fold's problem reads the rows outside the fold in place, so no thread
 * copies the matrix (a copy per fold and thread peaked at 7.8 GB on 85,000 products). Every task draws its random
 * order from its own seed (taken in a fixed order from `spec.seed`), so results do not depend on which
 * thread solves which task, or in what order.
 */
export class OvrSolver {
  private readonly seeds: Uint32Array;
  private readonly rows: DualCdRows;
  private readonly keptByFold = new Map<number, Int32Array>();
  private readonly scratch: DualCdScratch | undefined;

  /**
   * @param featureMajor nFeatures x nClasses, feature-major (see LinearWeights): each all-rows task writes its class's
   *   weights there (as Float32), so no thread gathers and transposes them afterwards.
   * @param scratchAt with `data.memory`: the scratch region lent to this solver (see `DualCdMemory.lendScratch`).
   */
  constructor(
    private readonly data: OvrData,
    private readonly spec: OvrSpec,
    private readonly featureMajor: Float32Array,
    scratchAt?: number,
  ) {
    const rng = new Rng(spec.seed);
    const count = (data.folds.length + 1) * binaryProblemCount(spec.nClasses);
    this.seeds = Uint32Array.from({ length: count }, () => rng.nextUint32());
    const { nFeatures, indptr, indices, data: values } = data;
    const sqNorms = rowSquaredNorms(indptr, values, spec.bias);
    const memory = data.memory ? DualCdMemory.of(data.memory) : undefined;
    this.rows = { nFeatures, indptr, indices, data: values, bias: spec.bias, sqNorms, ...(memory ? { memory } : {}) };
    this.scratch = memory && scratchAt !== undefined ? memory.scratchAt(scratchAt, data.yIndex.length, nFeatures) : undefined;
  }

  /**
   * With more than two classes, problem p labels class p +1 and every other row -1; positive rows cost
   * C * classWeight[p] and negative rows C, exactly as liblinear (and so scikit-learn) weights one-vs-rest
   * problems. With two classes there is one problem: class 1 is +1 with cost C * classWeight[1], class 0
   * is -1 with cost C * classWeight[0].
   */
  solve(task: OvrTask): OvrTaskResult {
    const { nClasses, classWeight, C, bias } = this.spec;
    const { yIndex } = this.data;
    const l = yIndex.length;
    const y = new Int8Array(l);
    const cost = new Float64Array(l);
    const positive = nClasses === 2 ? 1 : task.problem;
    for (let i = 0; i < l; i++) {
      const isPositive = yIndex[i] === positive;
      y[i] = isPositive ? 1 : -1;
      cost[i] = nClasses === 2 ? C * classWeight[yIndex[i]] : isPositive ? C * classWeight[task.problem] : C;
    }
    const seed = this.seeds[(task.fold + 1) * binaryProblemCount(nClasses) + task.problem];
    const warm = task.fold >= 0 ? task.warm : undefined;
    const result = solveDualCd(this.rows, y, cost, {
      loss: this.spec.loss,
      tol: task.fold >= 0 ? (this.spec.foldTol ?? this.spec.tol) : this.spec.tol,
      maxIter: this.spec.maxIter,
      rng: new Rng(seed),
      subset: task.fold >= 0 ? this.keptRows(task.fold) : undefined,
      alpha: warm?.alpha,
      warmW: warm?.w && { w: warm.w, wBias: warm.wBias },
      scratch: this.scratch,
      // Read once below; what a warm start keeps is copied there.
      resultArrays: 'scratch',
    });
    const intercept = result.wBias * bias;
    const base = { fold: task.fold, problem: task.problem, iterations: result.iterations, converged: result.converged };
    if (task.fold < 0) {
      this.writeWeights(task.problem, result.w);
      return { ...base, intercept, ...(this.data.folds.length > 0 ? this.warmStart(result) : {}) };
    }
    const held = this.data.folds[task.fold];
    const scores = new Float64Array(held.length);
    const { indptr, indices, data } = this.data;
    for (let r = 0; r < held.length; r++) {
      const i = held[r];
      scores[r] = sparseDot(result.w, indices, data, indptr[i], indptr[i + 1]) + intercept;
    }
    return { ...base, validationScores: scores };
  }

  /**
   * What the problem's fold tasks start from, on SharedArrayBuffers so that every worker reads it in place: the dual
   * variables, and the weights only with more than two folds. A fold then takes its held-out rows out of the weights;
   * without them it adds up the rows it keeps, which with two folds reads as many rows, and the weights would cost a
   * fresh nFeatures array's page faults (2 ms for 68,000 features, as long as the fold's solve on 1,000 products).
   */
  private warmStart(result: DualCdResult): Pick<OvrTaskResult, 'w' | 'alpha' | 'wBias'> {
    return { alpha: sharedCopy(result.alpha), wBias: result.wBias, ...(this.data.folds.length > 2 ? { w: sharedCopy(result.w) } : {}) };
  }

  /** Problem `problem`'s weights as its class's column of `featureMajor`; with two classes, the columns -w and w. */
  private writeWeights(problem: number, w: Float64Array): void {
    const { nClasses } = this.spec;
    const out = this.featureMajor;
    if (nClasses === 2) {
      for (let j = 0; j < w.length; j++) {
        out[2 * j] = -w[j];
        out[2 * j + 1] = w[j];
      }
    } else {
      for (let j = 0; j < w.length; j++) out[j * nClasses + problem] = w[j];
    }
  }

  /** The rows fold `fold` trains on: every row it does not hold out, ascending. */
  private keptRows(fold: number): Int32Array {
    let kept = this.keptByFold.get(fold);
    if (!kept) {
      const keep = new Uint8Array(this.data.yIndex.length).fill(1);
      for (const i of this.data.folds[fold]) keep[i] = 0;
      kept = Int32Array.from(keep.keys()).filter((i) => keep[i] === 1);
      this.keptByFold.set(fold, kept);
    }
    return kept;
  }
}

function sharedCopy(a: Float64Array): Float64Array {
  const copy = new Float64Array(new SharedArrayBuffer(a.byteLength));
  copy.set(a);
  return copy;
}

/** The fit's weights: the solvers' feature-major output, with the all-rows tasks' intercepts; two classes give (-b, b). */
export function assembleWeights(full: OvrTaskResult[], featureMajor: Float32Array, nClasses: number, nFeatures: number): LinearWeights {
  const intercept = new Float32Array(nClasses);
  for (const r of full) {
    if (nClasses === 2) {
      intercept[0] = -r.intercept!;
      intercept[1] = r.intercept!;
    } else {
      intercept[r.problem] = r.intercept!;
    }
  }
  return linearWeights(nFeatures, intercept, { featureMajor });
}

/** n x nClasses matrix of each row's score from the fold model that did not see it. */
export function outOfFoldScores(results: OvrTaskResult[], folds: Int32Array[], nClasses: number, nRows: number): DenseMatrix {
  const scores = new DenseMatrix(nRows, nClasses);
  for (const r of results) {
    if (r.fold < 0) continue;
    const rows = folds[r.fold];
    const s = r.validationScores!;
    for (let q = 0; q < rows.length; q++) {
      if (nClasses === 2) {
        scores.data[rows[q] * 2] = -s[q];
        scores.data[rows[q] * 2 + 1] = s[q];
      } else {
        scores.data[rows[q] * nClasses + r.problem] = s[q];
      }
    }
  }
  return scores;
}
