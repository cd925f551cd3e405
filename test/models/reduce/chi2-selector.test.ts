import { describe, expect, it } from 'vitest';
import { CsrMatrix } from '../../../src/core/csr-matrix.js';
import { estimatorFromState } from '../../../src/core/registry.js';
import { Chi2Selector, chi2Scores } from '../../../src/models/reduce/chi2-selector.js';
import { fixtures, sparse } from '../trees/tree-fixture.js';

describe('Chi2Selector', () => {
  it('computes chi2 by hand on a 2 x 2 table', () => {
    // Column 0 only in class a (2 rows), column 1 everywhere once: O = [[2,1],[0,1]], E = [[1,1],[1,1]].
    const x = CsrMatrix.fromDense([[1, 1], [1, 0], [0, 0], [0, 1]]);
    const scores = chi2Scores(x, Int32Array.of(0, 0, 1, 1), 2);
    expect(scores[0]).toBeCloseTo(1 + 1, 12);
    expect(scores[1]).toBeCloseTo(0, 12);
  });

  it('agrees with scikit-learn SelectKBest(chi2): scores and kept columns (ties to the later column)', async () => {
    const f = fixtures.chi2;
    const x = sparse(f.x, f.nCols);
    const y = Int32Array.from(f.y);
    const classes = Int32Array.from(new Set(f.y)).sort();
    const scores = chi2Scores(x, Int32Array.from(y, (c) => classes.indexOf(c)), classes.length);
    scores.forEach((s, j) => (f.scores[j] === -1 ? expect(s).toBe(-Infinity) : expect(s).toBeCloseTo(f.scores[j], 6)));
    const selector = await new Chi2Selector({ k: f.k }).fit(x, { y });
    expect(Array.from(selector.selected)).toEqual(f.selected);
    const out = selector.transform(x);
    expect(out.nCols).toBe(f.k);
    expect(out.toDense()[3][1]).toBe(x.toDense()[3][f.selected[1]]);
  });

  it('needs labels and non-negative values, keeps every column when k exceeds them, and round-trips', async () => {
    const x = CsrMatrix.fromDense([[1, 0, 2], [0, 3, 0], [1, 1, 0]]);
    await expect(new Chi2Selector({ k: 2 }).fit(x)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(new Chi2Selector({ k: 2 }).fit(CsrMatrix.fromDense([[-1], [1]]), { y: Int32Array.of(0, 1) })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    const all = await new Chi2Selector({ k: 10 }).fit(x, { y: Int32Array.of(0, 1, 0) });
    expect(Array.from(all.selected)).toEqual([0, 1, 2]);
    const loaded = estimatorFromState<Chi2Selector>(all.getState());
    expect(loaded.transform(x)).toEqual(all.transform(x));
    expect(() => loaded.transform(CsrMatrix.fromDense([[1]]))).toThrow(expect.objectContaining({ code: 'FEATURE_MISMATCH' }));
    expect([...all.attributeBack(null, new Map([[1, 0.5]]))]).toEqual([[1, 0.5]]);
  });
});
