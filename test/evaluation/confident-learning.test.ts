import { describe, expect, it } from 'vitest';
import { DenseMatrix } from '../../src/core/dense-matrix.js';
import { spread } from '../helpers/spread-labels.js';
import { confidentJoint, estimatedIssueCount, lowSelfConfidenceIssues, noiseEstimates, pruneByNoiseRate, relativeSelfConfidence } from '../../src/evaluation/confident-learning.js';

// Six rows, two classes, worked by hand:
//   class 0 rows: p0 = .9, .8, .1  -> t0 = 0.6
//   class 1 rows: p1 = .7, .9, .2  -> t1 = 0.6
// Likely class (most probable among those reaching their threshold): row 2 (given 0, p1 = .9) -> 1;
// row 5 (given 1, p0 = .8) -> 0; the others keep their own class.
const proba = DenseMatrix.fromRows([
  [0.9, 0.1],
  [0.8, 0.2],
  [0.1, 0.9],
  [0.3, 0.7],
  [0.1, 0.9],
  [0.8, 0.2],
]);
const given = Int32Array.from([0, 0, 0, 1, 1, 1]);

describe('confidentJoint', () => {
  it('sets each threshold to the mean self-confidence and counts given x likely', () => {
    const joint = confidentJoint({ proba, given });
    expect(Array.from(joint.thresholds, (t) => Number(t.toFixed(6)))).toEqual([0.6, 0.6]);
    expect([...joint.likely]).toEqual([0, 0, 1, 1, 1, 0]);
    expect([...joint.counts]).toEqual([2, 1, 1, 2]);
    // Each given class's row already sums to its size (3), so calibration leaves the counts.
    expect([...joint.estimated].map((v) => Number(v.toFixed(6)))).toEqual([2, 1, 1, 2]);
  });

  it('leaves rows reaching no threshold out of the joint and rescales the rest to the class size', () => {
    const flat = DenseMatrix.fromRows([
      [0.9, 0.1],
      [0.5, 0.5],
      [0.2, 0.8],
      [0.2, 0.8],
    ]);
    // t0 = 0.7, t1 = 0.8; row 1 reaches neither, so class 0's single counted row stands for its two.
    const joint = confidentJoint({ proba: flat, given: Int32Array.from([0, 0, 1, 1]) });
    expect(joint.likely[1]).toBe(-1);
    expect([...joint.counts]).toEqual([1, 0, 0, 2]);
    expect([...joint.estimated]).toEqual([2, 0, 0, 2]);
  });

  it('refuses labels that do not match the probabilities', () => {
    expect(() => confidentJoint({ proba, given: Int32Array.from([0, 1]) })).toThrow(/2 labels for 6/);
    expect(() => confidentJoint({ proba, given: Int32Array.from([0, 0, 0, 1, 1, 2]) })).toThrow(/class index 2/);
  });
});

describe('noise estimates and pruning', () => {
  it('estimates one wrong label per direction and prunes the row with the largest margin in each', () => {
    const joint = confidentJoint({ proba, given });
    expect(noiseEstimates(joint)).toEqual([
      { given: 0, suggested: 1, estimatedCount: 1 },
      { given: 1, suggested: 0, estimatedCount: 1 },
    ]);
    expect(estimatedIssueCount(joint)).toBe(2);
    const issues = pruneByNoiseRate({ proba, given }, joint).sort((a, b) => a.row - b.row);
    expect(issues.map((i) => [i.row, i.suggested])).toEqual([
      [2, 1],
      [5, 0],
    ]);
    expect(issues[0].margin).toBeCloseTo(0.8, 6);
    expect(issues[1].margin).toBeCloseTo(0.6, 6);
  });

  it('never prunes a class below minKeep rows', () => {
    const joint = confidentJoint({ proba, given });
    const issues = pruneByNoiseRate({ proba, given }, joint, 3);
    expect(issues).toEqual([]);
  });
});

describe('per-class picks (low self-confidence)', () => {
  it('takes as many rows per class as the joint estimates wrong, least sure of their class first', () => {
    const joint = confidentJoint(spread);
    expect([...joint.likely]).toEqual([0, 0, 0, 1, 2, -1, 1, -1, 2]);
    const issues = lowSelfConfidenceIssues(spread, joint).sort((a, b) => a.row - b.row);
    expect(issues.map((i) => [i.row, i.suggested])).toEqual([
      [3, 1],
      [4, 2],
    ]);
    expect(issues[1].margin).toBeCloseTo(0.45, 6);
  });

  it('finds a row the pair rule misses when one row has the largest margin for both pairs', () => {
    const joint = confidentJoint(spread);
    // Row 4 leads both pairs (p1 - p0 = 0.25 > 0.2; p2 - p0 = 0.45), so the pair rule names it twice and row 3 never.
    expect(pruneByNoiseRate(spread, joint).map((i) => [i.row, i.suggested])).toEqual([[4, 2]]);
  });

  it('never takes a class below minKeep rows', () => {
    const joint = confidentJoint(spread);
    expect(lowSelfConfidenceIssues(spread, joint, 4).map((i) => i.row)).toEqual([4]);
  });

  it('measures self-confidence against the class average', () => {
    const joint = confidentJoint(spread);
    expect(relativeSelfConfidence(spread, joint, 3)).toBeCloseTo(0.4 / 0.64, 6);
    expect(relativeSelfConfidence(spread, joint, 6)).toBeCloseTo(0.6 / 0.55, 6);
  });
});
