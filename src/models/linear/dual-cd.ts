// Dual coordinate descent for one binary L2-regularised linear SVM, as liblinear's solve_l2r_l1l2_svc.

import type { Rng } from '../../core/rng.js';
import type { DualCdMemory, DualCdScratch } from './dual-cd-memory.js';

/** The loss of the primal problem: `hinge` max(0, 1 - m), `squared_hinge` max(0, 1 - m)^2, with m = y w.x. */
export type SvmLoss = 'hinge' | 'squared_hinge';

/**
 * Sparse rows in CSR form, plus the constant bias feature liblinear appends to every row.
 * `sqNorms[i]` = ||x_i||^2 + bias^2 is the diagonal Q_ii without the loss term; it depends only on the
 * rows, so one-vs-rest problems over the same rows share it (see `rowSquaredNorms`).
 */
export interface DualCdRows {
  readonly nFeatures: number;
  readonly indptr: Int32Array;
  readonly indices: Int32Array;
  readonly data: Float32Array;
  /** Value of the extra constant feature (liblinear's bias, scikit-learn's intercept_scaling); 0 for no intercept. */
  readonly bias: number;
  readonly sqNorms: Float64Array;
  /**
   * When set, `indptr`, `indices` and `data` are views into this memory and each pass runs in WebAssembly: the same
   * operations, so the same bits, in about 40 % less time than in V8 (one 85,000-row problem: 2.05 s against 3.3 to
   * 3.8 s; its loads carry no bounds checks, the likely reason). Otherwise in TypeScript.
   */
  readonly memory?: DualCdMemory;
}

export interface DualCdOptions {
  loss: SvmLoss;
  /** Stop when the projected-gradient spread max PG - min PG over a full pass is <= tol (liblinear's eps). */
  tol: number;
  maxIter: number;
  /** Draws the random order of each outer iteration. */
  rng: Rng;
  /**
   * The rows the problem is over (ascending row numbers of `rows`); default every row. The others are never read and
   * keep alpha 0: a cross-validation fold trains on the shared matrix without a copy of its rows.
   */
  subset?: Int32Array;
  /** Starting dual variables, one per row of `rows` (a warm start); clipped into the feasible box. Default all zero. */
  alpha?: Float64Array;
  /**
   * The primal weights of `alpha` over every row (w = sum_i alpha_i y_i x_i and its bias weight, as a result over the
   * same rows returns): the start then subtracts the rows outside `subset` instead of adding up those in it.
   */
  warmW?: { w: Float64Array; wBias: number };
  /**
   * With `rows.memory`: the scratch region the solve keeps its state in (see `DualCdMemory.lendScratch`); default this
   * thread's own.
   */
  scratch?: DualCdScratch;
  /**
   * Where the result's `w` and `alpha` are returned with `rows.memory`: `copy` (default) new arrays; `scratch` the
   * solver's own, valid until this thread's next solve (for a caller that reads them once or copies what it keeps: a
   * fresh array costs its page faults, about 3.7 ms a megabyte on our VMs).
   */
  resultArrays?: 'copy' | 'scratch';
}

export interface DualCdResult {
  /** Primal weights w = sum_i alpha_i y_i x_i, one per feature (Float64). */
  w: Float64Array;
  /** Weight of the bias feature: the intercept is `wBias * bias`. */
  wBias: number;
  /** Dual variables at the end, one per row of `rows` (0 outside the subset). */
  alpha: Float64Array;
  /** Outer iterations run. */
  iterations: number;
  /** False when maxIter was reached before the stopping rule held. */
  converged: boolean;
}

/** ||x_i||^2 + bias^2 for every row: the shared part of the dual diagonal Q_ii. */
export function rowSquaredNorms(indptr: Int32Array, data: Float32Array, bias: number): Float64Array {
  const nRows = indptr.length - 1;
  const out = new Float64Array(nRows);
  for (let i = 0; i < nRows; i++) {
    let sq = bias * bias;
    for (let k = indptr[i]; k < indptr[i + 1]; k++) sq += data[k] * data[k];
    out[i] = sq;
  }
  return out;
}

/**
 * Solves the dual of the L2-regularised SVM (Hsieh et al., ICML 2008, Algorithm 3; liblinear's
 * `solve_l2r_l1l2_svc`, including its shrinking heuristic):
 *
 *   min_alpha  1/2 alpha' (Q + D) alpha - e' alpha   s.t.  0 <= alpha_i <= U_i,   Q_ij = y_i y_j x_i.x_j
 *
 * where, for a per-row cost C_i, hinge loss has D_ii = 0 and U_i = C_i, and squared hinge has
 * D_ii = 1 / (2 C_i) and U_i = infinity. The primal solution is w = sum_i alpha_i y_i x_i, minimising
 * 1/2 ||w||^2 + sum_i C_i loss(y_i w.x_i). The bias feature is regularised like any other weight, as in liblinear.
 *
 * Each outer iteration visits the active rows in a fresh random order; row i's gradient is
 * G = y_i w.x_i - 1 + D_ii alpha_i, and alpha_i moves to clip(alpha_i - G / (Q_ii + D_ii), 0, U_i).
 * Rows at a bound whose gradient pushes further out of the box (beyond the previous pass's extreme
 * projected gradients) are shrunk from the active set; once the projected-gradient spread falls under
 * `tol` on the shrunk set, the full set is checked again before stopping.
 *
 * @param y +1 / -1 per row.
 * @param cost C_i > 0 per row (C times class and sample weights).
 */
export function solveDualCd(rows: DualCdRows, y: Int8Array, cost: Float64Array, options: DualCdOptions): DualCdResult {
  const { indptr, indices, data, bias, sqNorms, nFeatures } = rows;
  const nRows = y.length;
  const { tol, maxIter, rng } = options;
  const hinge = options.loss === 'hinge';
  const subset = options.subset ?? null;
  const l = subset ? subset.length : nRows;
  const wasm = rows.memory ?? null;
  // In WebAssembly the pass reads its state from the memory, so it lives in this thread's scratch there.
  const scratch = wasm ? (options.scratch ?? wasm.ownScratch(nRows, nFeatures)) : null;
  const index = scratch ? scratch.index : new Int32Array(nRows);
  for (let s = 0; s < l; s++) index[s] = subset ? subset[s] : s;
  const labels = scratch ? scratch.y : y;
  if (scratch) scratch.y.set(y);

  const diag = scratch ? scratch.diag : new Float64Array(nRows);
  const upper = scratch ? scratch.upper : new Float64Array(nRows);
  const qd = scratch ? scratch.qd : new Float64Array(nRows);
  for (let s = 0; s < l; s++) {
    const i = index[s];
    diag[i] = hinge ? 0 : 0.5 / cost[i];
    upper[i] = hinge ? cost[i] : Infinity;
    qd[i] = sqNorms[i] + diag[i];
  }

  const alpha = scratch ? scratch.alpha.fill(0) : new Float64Array(nRows);
  const start = options.alpha;
  if (start) {
    for (let s = 0; s < l; s++) {
      const i = index[s];
      alpha[i] = Math.min(Math.max(start[i], 0), upper[i]);
    }
  }
  // No closure over w or wBias: a captured variable lives in a context, and the loop below would pay for it (a mutable
  // captured number is boxed on every update; the full solve on 85,000 products took 70 % longer).
  const warm = options.alpha && options.warmW ? options.warmW : null;
  const w = scratch ? scratch.w : new Float64Array(nFeatures);
  if (warm) w.set(warm.w);
  else if (scratch) w.fill(0);
  let wBias = warm ? warm.wBias : 0;
  if (options.alpha) {
    // From the given weights, the rows whose start differs from the given dual variables (outside the subset, or
    // clipped) are taken back out; from zero, the subset's rows are added up.
    const count = warm ? nRows : l;
    for (let s = 0; s < count; s++) {
      const i = warm ? s : index[s];
      const d = (alpha[i] - (warm ? options.alpha[i] : 0)) * y[i];
      if (d === 0) continue;
      sparseAxpy(d, indices, data, indptr[i], indptr[i + 1], w);
      wBias += d * bias;
    }
  }

  let activeSize = l;
  let pgMaxOld = Infinity;
  let pgMinOld = -Infinity;
  let iter = 0;
  const passOut = new Float64Array(3);
  let converged = false;

  while (iter < maxIter) {
    for (let s = 0; s < activeSize; s++) {
      const j = s + rng.int(activeSize - s);
      const t = index[s];
      index[s] = index[j];
      index[j] = t;
    }

    if (wasm) {
      const k = wasm.kernel;
      k.setBiasWeight(wBias);
      activeSize = k.pass(
        index.byteOffset,
        activeSize,
        indptr.byteOffset,
        indices.byteOffset,
        data.byteOffset,
        labels.byteOffset,
        alpha.byteOffset,
        diag.byteOffset,
        upper.byteOffset,
        qd.byteOffset,
        w.byteOffset,
        bias,
        pgMaxOld,
        pgMinOld,
      );
      passOut[0] = k.biasWeight();
      passOut[1] = k.largestProjectedGradient();
      passOut[2] = k.smallestProjectedGradient();
    } else {
      passOut[0] = wBias;
      activeSize = dualCdPass(index, activeSize, indptr, indices, data, labels, alpha, diag, upper, qd, w, bias, pgMaxOld, pgMinOld, passOut);
    }
    wBias = passOut[0];
    const pgMaxNew = passOut[1];
    const pgMinNew = passOut[2];

    iter++;
    if (pgMaxNew - pgMinNew <= tol) {
      if (activeSize === l) {
        converged = true;
        break;
      }
      activeSize = l;
      pgMaxOld = Infinity;
      pgMinOld = -Infinity;
      continue;
    }
    pgMaxOld = pgMaxNew <= 0 ? Infinity : pgMaxNew;
    pgMinOld = pgMinNew >= 0 ? -Infinity : pgMinNew;
  }
  // A copy out of the scratch, which the thread's next solve reuses, unless the caller reads it before then.
  const copy = scratch !== null && options.resultArrays !== 'scratch';
  return { w: copy ? w.slice() : w, wBias, alpha: copy ? alpha.slice() : alpha, iterations: iter, converged };
}

/**
 * One pass over index[0..activeSize) in TypeScript, for matrices beyond the 4 GiB a WebAssembly memory holds; the
 * kernel in assembly/dual-cd-pass.ts does the same operations in the same order. `out[0]` carries the bias weight in
 * and out; the pass's largest and smallest projected gradients come back in `out[1]` and `out[2]`. Returns the new
 * active size.
 */
export function dualCdPass(
  index: Int32Array,
  activeSize: number,
  indptr: Int32Array,
  indices: Int32Array,
  data: Float32Array,
  y: Int8Array,
  alpha: Float64Array,
  diag: Float64Array,
  upper: Float64Array,
  qd: Float64Array,
  w: Float64Array,
  bias: number,
  pgMaxOld: number,
  pgMinOld: number,
  out: Float64Array,
): number {
  let wBias = out[0];
  let pgMaxNew = -Infinity;
  let pgMinNew = Infinity;
  for (let s = 0; s < activeSize; s++) {
    const i = index[s];
    const yi = y[i];
    const start = indptr[i];
    const end = indptr[i + 1];
    const dot = sparseDot(w, indices, data, start, end) + wBias * bias;
    const ai = alpha[i];
    const g = yi * dot - 1 + ai * diag[i];
    const ub = upper[i];

    let pg = 0;
    if (ai === 0) {
      if (g > pgMaxOld) {
        activeSize--;
        index[s] = index[activeSize];
        index[activeSize] = i;
        s--;
        continue;
      }
      if (g < 0) pg = g;
    } else if (ai === ub) {
      if (g < pgMinOld) {
        activeSize--;
        index[s] = index[activeSize];
        index[activeSize] = i;
        s--;
        continue;
      }
      if (g > 0) pg = g;
    } else {
      pg = g;
    }

    if (pg > pgMaxNew) pgMaxNew = pg;
    if (pg < pgMinNew) pgMinNew = pg;

    if (Math.abs(pg) > 1e-12) {
      const next = Math.min(Math.max(ai - g / qd[i], 0), ub);
      alpha[i] = next;
      const d = (next - ai) * yi;
      sparseAxpy(d, indices, data, start, end, w);
      wBias += d * bias;
    }
  }
  out[0] = wBias;
  out[1] = pgMaxNew;
  out[2] = pgMinNew;
  return activeSize;
}

/**
 * sum_k w[indices[k]] * data[k] over k in [start, end), with four partial sums: the additions no longer wait
 * on each other, which is about 30% faster in V8 than one running sum (the order of additions differs from
 * liblinear's, so results agree to rounding, not bit for bit).
 */
export function sparseDot(w: Float64Array, indices: Int32Array, data: Float32Array, start: number, end: number): number {
  let d0 = 0;
  let d1 = 0;
  let d2 = 0;
  let d3 = 0;
  let k = start;
  for (; k + 3 < end; k += 4) {
    d0 += w[indices[k]] * data[k];
    d1 += w[indices[k + 1]] * data[k + 1];
    d2 += w[indices[k + 2]] * data[k + 2];
    d3 += w[indices[k + 3]] * data[k + 3];
  }
  for (; k < end; k++) d0 += w[indices[k]] * data[k];
  return d0 + d1 + (d2 + d3);
}

/** w[indices[k]] += a * data[k] over k in [start, end), two at a time (column indices within a row are distinct). */
export function sparseAxpy(a: number, indices: Int32Array, data: Float32Array, start: number, end: number, w: Float64Array): void {
  let k = start;
  for (; k + 3 < end; k += 4) {
    const j0 = indices[k];
    const j1 = indices[k + 1];
    const j2 = indices[k + 2];
    const j3 = indices[k + 3];
    w[j0] += a * data[k];
    w[j1] += a * data[k + 1];
    w[j2] += a * data[k + 2];
    w[j3] += a * data[k + 3];
  }
  for (; k < end; k++) w[indices[k]] += a * data[k];
}
