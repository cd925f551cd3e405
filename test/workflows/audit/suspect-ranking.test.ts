// Ranking suspects: per-pair and per-category picks, sorted by confidence relative to the category.

import { describe, expect, it } from 'vitest';
import { rankSuspects } from '../../../src/workflows/audit/suspect-ranking.js';
import { spread } from '../../helpers/spread-labels.js';

describe('rankSuspects', () => {
  it('lists the per-class and per-pair picks, least sure of their class first', () => {
    const groups = spread.given.map((_, row) => row);
    const { suspects, joint } = rankSuspects(spread.proba, spread.given, groups);
    expect(joint.nClasses).toBe(3);
    expect(suspects.map((s) => [s.row, s.suggested, s.reason])).toEqual([
      [4, 2, 'confident-learning'],
      [3, 1, 'confident-learning'],
    ]);
    expect(suspects[0].score).toBeCloseTo(1 - 0.1 / 0.64, 6);
    expect(suspects[1].score).toBeCloseTo(1 - 0.4 / 0.64, 6);
  });

  it('adds copies filed away from their group, naming the group category, with a score never below 0', () => {
    // Rows 6 (filed 1) and 8 (filed 2) share a title; their probabilities tie too (1.0 each), so the group's category is
    // the lower column, 1. Row 8 is surer of its category than the class average (0.6 > t2 = 0.55): score 0.
    const groups = [0, 1, 2, 3, 4, 5, 6, 7, 6];
    const { suspects } = rankSuspects(spread.proba, spread.given, groups);
    const conflict = suspects.find((s) => s.reason === 'duplicate-conflict');
    expect(conflict).toMatchObject({ row: 8, suggested: 1 });
    expect(conflict!.score).toBe(0);
    expect(suspects[suspects.length - 1]).toBe(conflict);
  });
});
