// Copies of one product filed under different categories: within each group of same-title rows, the rows filed away from the group's category.

import type { DenseMatrix } from '../../core/dense-matrix.js';

/** A row whose copies are mostly filed elsewhere. */
export interface DuplicateConflict {
  row: number;
  /** Column index of the category the group's other rows are filed under. */
  suggested: number;
  /** How many rows the group has, and how many of them carry the suggested category. */
  groupSize: number;
  agreeing: number;
}

/**
 * For every group (`groups[row]`, as `productGroups` gives) whose rows carry more than one category, the group's
 * category is the one most of its rows carry; ties go to the category with the larger summed out-of-fold
 * probability over the group's rows, then to the lower column. Every row filed under another category is a
 * conflict suggesting the group's category. `given` and the result use column indices of `proba`.
 */
export function duplicateConflicts(groups: ArrayLike<number>, given: Int32Array, proba: DenseMatrix): DuplicateConflict[] {
  const members = new Map<number, number[]>();
  for (let row = 0; row < given.length; row++) {
    const rows = members.get(groups[row]);
    if (rows) rows.push(row);
    else members.set(groups[row], [row]);
  }
  const conflicts: DuplicateConflict[] = [];
  for (const rows of members.values()) {
    if (rows.length < 2) continue;
    const votes = new Map<number, { count: number; mass: number }>();
    for (const row of rows) {
      const vote = votes.get(given[row]) ?? { count: 0, mass: 0 };
      vote.count++;
      votes.set(given[row], vote);
    }
    if (votes.size < 2) continue;
    for (const [column, vote] of votes) for (const row of rows) vote.mass += proba.get(row, column);
    const [groupColumn, groupVote] = [...votes].sort((a, b) => b[1].count - a[1].count || b[1].mass - a[1].mass || a[0] - b[0])[0];
    for (const row of rows) {
      if (given[row] !== groupColumn) conflicts.push({ row, suggested: groupColumn, groupSize: rows.length, agreeing: groupVote.count });
    }
  }
  return conflicts.sort((a, b) => a.row - b.row);
}
