import { describe, expect, it } from 'vitest';
import { livePrecision, tallySpotChecks, type SpotCheckGroup } from '../../src/evaluation/live-precision.js';
import { Taxonomy } from '../../src/taxonomy/index.js';

// A > {A1, A2 > {A2x}}, B > {B1}.
const taxonomy = new Taxonomy([
  { id: 'A', names: { en: 'A' }, parentId: null },
  { id: 'A1', names: { en: 'A1' }, parentId: 'A' },
  { id: 'A2', names: { en: 'A2' }, parentId: 'A' },
  { id: 'A2x', names: { en: 'A2x' }, parentId: 'A2' },
  { id: 'B', names: { en: 'B' }, parentId: null },
  { id: 'B1', names: { en: 'B1' }, parentId: 'B' },
]);
const key = (id: string) => taxonomy.byId(id)!.key;

describe('tallySpotChecks', () => {
  it('counts a leaf filing right when the reviewer named its class, and a parent filing when the reviewer chose a category under it', () => {
    const groups: SpotCheckGroup[] = [
      { modelId: 'tree', code: key('A1'), filedCode: null, correctCode: key('A1'), n: 3 },
      { modelId: 'tree', code: key('A1'), filedCode: null, correctCode: key('A2'), n: 1 },
      // Filed at A (the leaf A1 was unsure): right for anything under A, at any depth, or A itself.
      { modelId: 'tree', code: key('A1'), filedCode: key('A'), correctCode: key('A2x'), n: 2 },
      { modelId: 'tree', code: key('A1'), filedCode: key('A'), correctCode: key('A'), n: 1 },
      { modelId: 'tree', code: key('A1'), filedCode: key('A'), correctCode: key('B1'), n: 4 },
      { modelId: 'tree', code: key('B1'), filedCode: key('B'), correctCode: null, n: 5 },
      { modelId: 'flat', code: 7, filedCode: null, correctCode: null, n: 2 },
    ];
    const tallies = tallySpotChecks(groups, (id) => (id === 'tree' ? taxonomy : null));
    expect(tallies).toEqual([
      { modelId: 'flat', checks: 2, reviewed: 0, correct: 0 },
      { modelId: 'tree', checks: 16, reviewed: 11, correct: 6 },
    ]);
    expect(livePrecision(tallies[1], 0.95).precision).toBeCloseTo(6 / 11, 12);
  });

  it('without the taxonomy, counts a parent filing right only when the reviewer named the parent itself', () => {
    const groups: SpotCheckGroup[] = [
      { modelId: 'gone', code: key('A1'), filedCode: key('A'), correctCode: key('A2'), n: 1 },
      { modelId: 'gone', code: key('A1'), filedCode: key('A'), correctCode: key('A'), n: 1 },
    ];
    expect(tallySpotChecks(groups, () => null)).toEqual([{ modelId: 'gone', checks: 2, reviewed: 2, correct: 1 }]);
  });
});
