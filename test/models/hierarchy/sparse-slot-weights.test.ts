// Feature-major sparse weights: agreement with dense scoring, pruning and the weight budget.

import { describe, expect, it } from 'vitest';
import { CsrMatrix } from '../../../src/core/csr-matrix.js';
import { Rng } from '../../../src/core/rng.js';
import { scoreRow, slotWeight, SparseSlotWeightsBuilder } from '../../../src/models/hierarchy/sparse-slot-weights.js';

/** Slot-major weights (one row of local columns per slot) laid out feature-major, as a local LinearSVC gives them. */
function byFeature(nSlots: number, slotMajor: number[]): Float32Array {
  const nLocal = slotMajor.length / nSlots;
  return Float32Array.from({ length: slotMajor.length }, (_, v) => slotMajor[(v % nSlots) * nLocal + Math.floor(v / nSlots)]);
}

/** Two local classifiers over 6 global features: slots 0-1 on features {1, 4}, slots 2-4 on {0, 2, 5}. */
function pieces() {
  return [
    { firstSlot: 0, nSlots: 2, features: Int32Array.of(1, 4), featureMajor: byFeature(2, [0.5, -0.004, 2, 0.25]), intercept: Float32Array.of(0.1, -0.1) },
    {
      firstSlot: 2,
      nSlots: 3,
      features: Int32Array.of(0, 2, 5),
      featureMajor: byFeature(3, [1, 0, -3, 0.02, 0.7, 0, -0.5, 0.05, 4]),
      intercept: Float32Array.of(0, 1, 2),
    },
  ];
}

/** Dense 5 x 6 weights of the same pieces. */
function dense(minAbs = 0): number[][] {
  const w = Array.from({ length: 5 }, () => new Array<number>(6).fill(0));
  for (const p of pieces()) {
    for (let s = 0; s < p.nSlots; s++) {
      p.features.forEach((j, f) => {
        const v = p.featureMajor[f * p.nSlots + s];
        if (Math.abs(v) >= minAbs) w[p.firstSlot + s][j] = v;
      });
    }
  }
  return w;
}

function build(prune: number, maxWeights?: number) {
  const b = new SparseSlotWeightsBuilder(6, 5, prune, maxWeights);
  for (const p of pieces()) b.add(p);
  return b.build();
}

describe('SparseSlotWeights', () => {
  it('scores rows exactly as the dense weights do', () => {
    const weights = build(0);
    const rng = new Rng(3);
    const rows = Array.from({ length: 5 }, () => Array.from({ length: 6 }, () => (rng.next() < 0.5 ? 0 : rng.next())));
    const x = CsrMatrix.fromDense(rows, 6);
    const w = dense();
    const intercept = [0.1, -0.1, 0, 1, 2];
    const scores = new Float64Array(5);
    for (let i = 0; i < rows.length; i++) {
      scoreRow(weights, x, i, scores);
      for (let s = 0; s < 5; s++) {
        const expected = intercept[s] + rows[i].reduce((sum, v, j) => sum + v * w[s][j], 0);
        expect(scores[s]).toBeCloseTo(expected, 6);
      }
    }
  });

  it('keeps each feature run in ascending slots, and finds a weight by slot', () => {
    const weights = build(0);
    // Feature 0 is in slots 2 and 4 (slot 3's weight is 0.02, kept; slot 4's -0.5).
    expect(Array.from(weights.slot.subarray(weights.featStart[0], weights.featStart[1]))).toEqual([2, 3, 4]);
    expect(slotWeight(weights, 0, 4)).toBeCloseTo(-0.5, 7);
    expect(slotWeight(weights, 4, 1)).toBeCloseTo(0.25, 7);
    expect(slotWeight(weights, 4, 3)).toBe(0);
  });

  it('drops weights under the prune threshold', () => {
    const weights = build(0.01);
    // -0.004 goes; 0.02 stays; exact zeros are never stored.
    expect(weights.weight.length).toBe(10);
    expect(slotWeight(weights, 4, 0)).toBe(0);
    expect(slotWeight(weights, 1, 1)).toBeCloseTo(2, 7);
  });

  it('keeps only the largest weights when over budget', () => {
    const weights = build(0, 4);
    expect(weights.weight.length).toBeLessThanOrEqual(4);
    const kept = Array.from(weights.weight, Math.abs).sort((a, b) => b - a);
    expect(kept).toEqual([4, 3, 2, 1].slice(0, kept.length));
    expect(kept.length).toBeGreaterThanOrEqual(3);
  });
});
