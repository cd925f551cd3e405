import { describe, expect, it } from 'vitest';
import { DenseMatrix } from '../../src/core/dense-matrix.js';
import { Rng } from '../../src/core/rng.js';
import { topPredictions } from '../../src/models/top-predictions.js';
import { learnTaxonomy } from '../../src/taxonomy/index.js';

describe('topPredictions', () => {
  it('gives the k most probable classes best first, ties in class order, as a full sort does', () => {
    const taxonomy = learnTaxonomy(Array.from({ length: 50 }, (_, i) => [String(i)]));
    const classes = Int32Array.from({ length: 50 }, (_, i) => i);
    const rng = new Rng(9);
    for (let trial = 0; trial < 200; trial++) {
      // Few distinct values, so ties are common.
      const row = Array.from({ length: 50 }, () => Math.floor(rng.next() * 6) / 10);
      const k = 1 + Math.floor(rng.next() * 8);
      const expected = row
        .map((p, j) => ({ p, j }))
        .sort((a, b) => b.p - a.p || a.j - b.j)
        .slice(0, k)
        .map((x) => x.j);
      const got = topPredictions(DenseMatrix.fromRows([row]), classes, 0, taxonomy, k).map((r) => r.code);
      expect(got).toEqual(expected);
    }
  });
});
