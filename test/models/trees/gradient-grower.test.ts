import { describe, expect, it } from 'vitest';
import { DenseMatrix } from '../../../src/core/dense-matrix.js';
import { Rng } from '../../../src/core/rng.js';
import { BinMapper } from '../../../src/models/trees/binning.js';
import { GradientTreeGrower, sampleFeatures, type GradientTreeParams } from '../../../src/models/trees/gradient-grower.js';
import { findLevelSplits, LevelScratch, levelSplits } from '../../../src/models/trees/gradient-splitter.js';

const params: GradientTreeParams = { maxDepth: 3, maxLeaves: 0, lambda: 1, minChildWeight: 0, minSplitLoss: 0, learningRate: 1, colsampleBylevel: 1 };

function setup(rows: number[][]) {
  const x = DenseMatrix.fromRows(rows);
  const mapper = BinMapper.fit(x);
  return { mapper, binned: mapper.transform(x) };
}

describe('findLevelSplits', () => {
  it('finds the hand-computed best split of one node', () => {
    // Gradients -1, -1, +1, +1 along x = 0, 1, 2, 3; hessians 1: best split x <= 1.5, gain 2^2/3 * 2 - 0.
    const { binned } = setup([[0], [1], [2], [3]]);
    const out = levelSplits(1);
    findLevelSplits(
      {
        binned,
        grad: Float64Array.of(-1, -1, 1, 1),
        hess: Float64Array.of(1, 1, 1, 1),
        slotOf: Int32Array.of(0, 0, 0, 0),
        nSlots: 1,
        slotG: Float64Array.of(0),
        slotH: Float64Array.of(4),
        slotN: Int32Array.of(4),
        features: Int32Array.of(0),
        lambda: 1,
        minChildWeight: 0,
      },
      out,
      new LevelScratch(),
    );
    expect(out.feature[0]).toBe(0);
    expect(out.bin[0]).toBe(1);
    expect(out.gain[0]).toBeCloseTo(4 / 3 + 4 / 3, 12);
    expect(out.leftG[0]).toBe(-2);
    expect(out.leftN[0]).toBe(2);
  });

  it('scores several nodes of a level in one pass, each on its own rows', () => {
    const { binned } = setup([[0], [1], [2], [3]]);
    const out = levelSplits(2);
    findLevelSplits(
      {
        binned,
        grad: Float64Array.of(1, -1, -1, 1),
        hess: Float64Array.of(1, 1, 1, 1),
        slotOf: Int32Array.of(0, 0, 1, 1),
        nSlots: 2,
        slotG: Float64Array.of(0, 0),
        slotH: Float64Array.of(2, 2),
        slotN: Int32Array.of(2, 2),
        features: Int32Array.of(0),
        lambda: 0,
        minChildWeight: 0,
      },
      out,
      new LevelScratch(),
    );
    expect(Array.from(out.bin)).toEqual([0, 2]);
    expect(out.gain[0]).toBeCloseTo(2, 12);
    expect(out.gain[1]).toBeCloseTo(2, 12);
  });

  it('respects minChildWeight on both sides', () => {
    const { binned } = setup([[0], [1], [2]]);
    const out = levelSplits(1);
    const input = {
      binned,
      grad: Float64Array.of(-3, 1, 1),
      hess: Float64Array.of(0.5, 1, 1),
      slotOf: Int32Array.of(0, 0, 0),
      nSlots: 1,
      slotG: Float64Array.of(-1),
      slotH: Float64Array.of(2.5),
      slotN: Int32Array.of(3),
      features: Int32Array.of(0),
      lambda: 1,
      minChildWeight: 1,
    };
    findLevelSplits(input, out, new LevelScratch());
    // x <= 0 would leave hessian 0.5 on the left: only x <= 1 is allowed.
    expect(out.bin[0]).toBe(1);
  });
});

describe('GradientTreeGrower', () => {
  it('solves XOR with two levels (the first split has a small gain only because the groups are unequal)', () => {
    const pattern = [[0, 0, 4], [0, 1, 2], [1, 0, 3], [1, 1, 3]];
    const rows: number[][] = [];
    const g: number[] = [];
    for (const [a, b, count] of pattern) {
      for (let c = 0; c < count; c++) {
        rows.push([a, b]);
        g.push((a ^ b) === 1 ? -1 : 1);
      }
    }
    const { mapper, binned } = setup(rows);
    const grower = new GradientTreeGrower(binned, mapper);
    const { tree, leafOfRow } = grower.grow(Float64Array.from(g), new Float64Array(g.length).fill(1), Int32Array.of(0, 1), { ...params, lambda: 0 }, new Rng(1));
    expect(tree.feature.filter((f) => f >= 0).length).toBe(3);
    // Every leaf is pure, so its value -G/H is exactly -(+-1).
    for (let r = 0; r < rows.length; r++) expect(tree.value![leafOfRow[r]]).toBeCloseTo(-g[r], 6);
  });

  it('stops at maxDepth and at maxLeaves, splitting the highest gains first', () => {
    const rows = Array.from({ length: 16 }, (_, i) => [i]);
    const g = Float64Array.from(rows, (_, i) => Math.sin(i * 1.7) * (i + 1));
    const h = new Float64Array(16).fill(1);
    const { mapper, binned } = setup(rows);
    const grower = new GradientTreeGrower(binned, mapper);
    const deep = grower.grow(g, h, Int32Array.of(0), { ...params, maxDepth: 2 }, new Rng(1)).tree;
    expect(deep.feature.filter((f) => f < 0).length).toBe(4);
    const limited = grower.grow(g, h, Int32Array.of(0), { ...params, maxDepth: 4, maxLeaves: 3 }, new Rng(1)).tree;
    expect(limited.feature.filter((f) => f < 0).length).toBe(3);
  });

  it('leaves rows with zero gradient and hessian out of the statistics but still places them', () => {
    const rows = [[0], [1], [2], [3], [10]];
    const { mapper, binned } = setup(rows);
    const grower = new GradientTreeGrower(binned, mapper);
    const { tree, leafOfRow } = grower.grow(Float64Array.of(-1, -1, 1, 1, 0), Float64Array.of(1, 1, 1, 1, 0), Int32Array.of(0), { ...params, maxDepth: 1 }, new Rng(1));
    expect(tree.weight[0]).toBe(4);
    expect(leafOfRow[4]).toBe(leafOfRow[3]);
  });

  it('samples a share of features, ascending, reproducibly', () => {
    const all = Int32Array.from({ length: 10 }, (_, i) => i);
    const a = sampleFeatures(all, 0.3, new Rng(4));
    expect(a.length).toBe(3);
    expect(Array.from(a)).toEqual([...a].sort((p, q) => p - q));
    expect(Array.from(sampleFeatures(all, 0.3, new Rng(4)))).toEqual(Array.from(a));
    expect(sampleFeatures(all, 1, new Rng(4))).toBe(all);
  });
});
