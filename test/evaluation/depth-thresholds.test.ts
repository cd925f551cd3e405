import { describe, expect, it } from 'vitest';
import { DenseMatrix } from '../../src/core/dense-matrix.js';
import { depthAutomation, depthThresholds } from '../../src/evaluation/depth-thresholds.js';
import { Taxonomy } from '../../src/taxonomy/index.js';

// A > {A1, A2}, B > {B1, B2}; the model's classes are the four leaves.
const taxonomy = new Taxonomy([
  { id: 'A', names: { en: 'A' }, parentId: null },
  { id: 'A1', names: { en: 'A1' }, parentId: 'A' },
  { id: 'A2', names: { en: 'A2' }, parentId: 'A' },
  { id: 'B', names: { en: 'B' }, parentId: null },
  { id: 'B1', names: { en: 'B1' }, parentId: 'B' },
  { id: 'B2', names: { en: 'B2' }, parentId: 'B' },
]);
const key = (id: string) => taxonomy.byId(id)!.key;
const classes = Int32Array.from(['A1', 'A2', 'B1', 'B2'].map(key));

// Worked by hand, in binary fractions (exact in the float32 matrix): each row's surest path (parent, leaf) and whether
// each step lies over the truth.
const proba = DenseMatrix.fromRows([
  [0.875, 0.0625, 0.0625, 0], //  A .9375 ✓, A1 .875 ✓
  [0.75, 0.125, 0.125, 0], //     A .875 ✓,  A1 .75 ✗ (truth A2)
  [0.625, 0.25, 0.125, 0], //     A .875 ✓,  A1 .625 ✓
  [0.5, 0.375, 0.125, 0], //      A .875 ✓,  A1 .5 ✗ (truth A2)
  [0.25, 0.125, 0.375, 0.25], //  B .625 ✓,  B1 .375 ✗ (truth B2)
  [0.5625, 0, 0.25, 0.1875], //   A .5625 ✗, A1 .5625 ✗ (truth B1)
]);
const truth = ['A1', 'A2', 'A1', 'A2', 'B2', 'B1'].map(key);

describe('depthThresholds', () => {
  it('chooses the leaf threshold first, then the parent threshold on the rows the leaf left (hand-worked)', () => {
    const [at60, at80] = depthThresholds(taxonomy, classes, proba, truth, [0.6, 0.8], [], 1);
    // Leaves by probability: .875 ✓ .75 ✗ .625 ✓ (2/3 >= 0.6) .5625 ✗ .5 ✗ .375 ✗: 0.625 files rows 1 to 3. Left:
    // parents .875 ✓ .625 ✓ .5625 ✗, 2 of 3 at 0.5625: every row filed, those at a parent counted right when their truth
    // lies under it (rows 4 and 5, whose leaf was wrong).
    expect(at60.depths).toEqual([
      { depth: 1, threshold: 0.5625, share: 3 / 6, precision: 2 / 3, vouched: true },
      { depth: 2, threshold: 0.625, share: 3 / 6, precision: 2 / 3, vouched: true },
    ]);
    expect(at60).toMatchObject({ targetPrecision: 0.6, coverage: 1, precision: 4 / 6, reviewed: 0 });
    // At 0.8 only the .875 leaf passes; parents .875 x3 (3/3), .625 (4/4), .5625 (4/5 = 0.8): 0.5625 again.
    expect(at80.depths.map((d) => [d.threshold, d.share, d.precision])).toEqual([
      [0.5625, 5 / 6, 4 / 5],
      [0.875, 1 / 6, 1],
    ]);
  });

  it('lets the catalog-wide threshold stand in at a depth too few rows vouch for, and files nothing where the target is out of reach', () => {
    // Needing 4 filings, the leaf (6 candidates) is right 99 % of the time only on its first row: nothing filed there.
    const [strict] = depthThresholds(taxonomy, classes, proba, truth, [0.99], [0.42], 4);
    expect(strict.depths[1]).toMatchObject({ threshold: null, share: 0, precision: null, vouched: true });
    // Parents .9375 .875 .875 .875 .625 are all right, .5625 is not: 0.625, the last row reviewed.
    expect(strict.depths[0]).toMatchObject({ threshold: 0.625, share: 5 / 6, precision: 1, vouched: true });
    expect(strict.reviewed).toBeCloseTo(1 / 6, 12);
    // Needing 7 rows, no depth can be vouched for: the catalog-wide 0.42 stands in at both.
    const [fallback] = depthThresholds(taxonomy, classes, proba, truth, [0.6], [0.42], 7);
    expect(fallback.depths.map((d) => [d.threshold, d.vouched])).toEqual([[0.42, false], [0.42, false]]);
  });

  it('refuses mismatched sizes', () => {
    expect(() => depthThresholds(taxonomy, classes, proba, truth.slice(1), [0.9])).toThrow(/6 probability rows, 5 labels/);
  });
});

describe('depthAutomation', () => {
  it('measures given thresholds the way they were chosen', () => {
    const [chosen] = depthThresholds(taxonomy, classes, proba, truth, [0.6], [], 1);
    const [measured] = depthAutomation(taxonomy, classes, proba, truth, [{ targetPrecision: 0.6, thresholds: chosen.depths.map((d) => d.threshold) }]);
    expect(measured.depths.map(({ vouched: _, ...d }) => d)).toEqual(chosen.depths.map(({ vouched: _, ...d }) => d));
    // Leaf-only (today's rule: 0.625 at the leaf, nothing at the parent): three of six filed, two rightly.
    const [leafOnly] = depthAutomation(taxonomy, classes, proba, truth, [{ targetPrecision: 0.6, thresholds: [null, 0.625] }]);
    expect(leafOnly).toMatchObject({ coverage: 3 / 6, precision: 2 / 3, reviewed: 3 / 6 });
  });
});
