// Class probabilities of a per-parent-node model: each node's choice probabilities, multiplied down the tree.

import type { CsrMatrix } from '../../core/csr-matrix.js';
import type { ClassTree } from './class-tree.js';
import { scoreRow, type SparseSlotWeights } from './sparse-slot-weights.js';

/** What turns a row's slot scores into class probabilities. */
export interface PathModel {
  tree: ClassTree;
  weights: SparseSlotWeights;
  /** Per node: 1 when its choices are Platt-calibrated (calibA, calibB per slot), 0 for a softmax of the scores. */
  nodeMethod: Uint8Array;
  calibA: Float64Array;
  calibB: Float64Array;
}

/**
 * For each row of x, calls `visit(i, proba)` with its class probabilities (a reused buffer, one per class in
 * column order). At a parent node n reached with probability r, choice s gets r * P_n(s): Platt's
 * q_s = sigmoid(a_s score_s + b_s) normalised over the node's choices (uniform when all underflow), or a softmax
 * of the scores; a node with one choice passes r on whole. "Stop here" and leaves hand their probability to their class.
 */
export function pathProbabilities(model: PathModel, x: CsrMatrix, visit: (i: number, proba: Float64Array) => void): void {
  const { tree, weights, nodeMethod, calibA, calibB } = model;
  const { slotStart, slotNode, nodeClass } = tree;
  const nNodes = nodeClass.length;
  let nClasses = 0;
  for (const k of nodeClass) nClasses = Math.max(nClasses, k + 1);
  const scores = new Float64Array(weights.nSlots);
  const reach = new Float64Array(nNodes);
  const proba = new Float64Array(nClasses);
  for (let i = 0; i < x.nRows; i++) {
    scoreRow(weights, x, i, scores);
    proba.fill(0);
    reach[0] = 1;
    for (let n = 0; n < nNodes; n++) {
      const r = reach[n];
      const from = slotStart[n];
      const to = slotStart[n + 1];
      if (to === from) {
        if (nodeClass[n] >= 0) proba[nodeClass[n]] += r;
        continue;
      }
      if (to - from === 1) {
        scores[from] = 1;
      } else if (nodeMethod[n] === 1) {
        let sum = 0;
        for (let s = from; s < to; s++) sum += scores[s] = sigmoid(calibA[s] * scores[s] + calibB[s]);
        for (let s = from; s < to; s++) scores[s] = sum > 0 ? scores[s] / sum : 1 / (to - from);
      } else {
        let max = -Infinity;
        for (let s = from; s < to; s++) max = Math.max(max, scores[s]);
        let sum = 0;
        for (let s = from; s < to; s++) sum += scores[s] = Math.exp(scores[s] - max);
        for (let s = from; s < to; s++) scores[s] /= sum;
      }
      for (let s = from; s < to; s++) {
        const m = slotNode[s];
        if (m === n) proba[nodeClass[n]] += r * scores[s];
        else reach[m] = r * scores[s];
      }
    }
    visit(i, proba);
  }
}

function sigmoid(u: number): number {
  return u >= 0 ? 1 / (1 + Math.exp(-u)) : Math.exp(u) / (1 + Math.exp(u));
}
