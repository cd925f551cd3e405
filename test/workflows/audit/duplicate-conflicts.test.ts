import { describe, expect, it } from 'vitest';
import { DenseMatrix } from '../../../src/core/dense-matrix.js';
import { duplicateConflicts } from '../../../src/workflows/audit/duplicate-conflicts.js';

describe('duplicateConflicts', () => {
  it('flags the rows of a group filed away from the category most of its copies carry', () => {
    const groups = [0, 0, 0, 1, 1, 2];
    const given = Int32Array.from([1, 1, 0, 2, 2, 0]);
    const proba = new DenseMatrix(6, 3, new Float32Array(18).fill(1 / 3));
    expect(duplicateConflicts(groups, given, proba)).toEqual([{ row: 2, suggested: 1, groupSize: 3, agreeing: 2 }]);
  });

  it('breaks a tie with the out-of-fold probability the group gives each category', () => {
    const groups = [4, 4];
    const given = Int32Array.from([0, 1]);
    const proba = DenseMatrix.fromRows([
      [0.2, 0.8],
      [0.3, 0.7],
    ]);
    expect(duplicateConflicts(groups, given, proba)).toEqual([{ row: 0, suggested: 1, groupSize: 2, agreeing: 1 }]);
  });
});
