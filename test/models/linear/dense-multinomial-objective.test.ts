import { describe, expect, it } from 'vitest';
import { DenseMatrix } from '../../../src/core/dense-matrix.js';
import { DenseMultinomialObjective } from '../../../src/models/linear/dense-multinomial-objective.js';
import { multinomialLoss, parameterCount } from '../../../src/models/linear/loss.js';
import { fixtureX, fixtureY } from './sklearn-fixture.js';

describe('DenseMultinomialObjective (the WebAssembly kernel)', () => {
  const dense = DenseMatrix.fromRows(fixtureX.toDense(), fixtureX.nCols);
  const classes = Int32Array.from(new Set(fixtureY)).sort();
  const yIndex = Int32Array.from(fixtureY, (c) => classes.indexOf(c));

  it('gives the value and gradient of multinomialLoss on the same rows held sparse, with and without weights and intercepts', () => {
    for (const [sampleWeight, fitIntercept] of [[null, true], [Float64Array.from(fixtureY, (_, i) => (i % 3) / 2), false], [null, false]] as const) {
      const problem = { yIndex, nClasses: classes.length, sampleWeight, C: 0.7, fitIntercept };
      const reference = multinomialLoss(Float64Array.from({ length: parameterCount({ ...problem, x: fixtureX }) }, (_, i) => Math.sin(i) / 3), { ...problem, x: fixtureX });
      const w = Float64Array.from({ length: reference.gradient.length }, (_, i) => Math.sin(i) / 3);
      const objective = new DenseMultinomialObjective({ ...problem, x: dense });
      // Twice: the kernel's memory holds the last weights and gradient, which must not leak into the next evaluation.
      for (let round = 0; round < 2; round++) {
        const gradient = new Float64Array(w.length);
        expect(objective.evaluate(w, gradient)).toBeCloseTo(reference.value, 9);
        gradient.forEach((g, p) => expect(g).toBeCloseTo(reference.gradient[p], 9));
      }
    }
  });

  it('stays finite when a row is scored far outside exp range', () => {
    const x = DenseMatrix.fromRows([[1000, -1000], [-1000, 1000]]);
    const objective = new DenseMultinomialObjective({ x, yIndex: Int32Array.of(1, 0), nClasses: 2, sampleWeight: null, C: 1, fitIntercept: true });
    const gradient = new Float64Array(6);
    const value = objective.evaluate(Float64Array.of(1, 0, 0, 1, 0, 0), gradient);
    expect(value).toBeCloseTo(4000.5 + 0.5, 6);
    for (const g of gradient) expect(Number.isFinite(g)).toBe(true);
  });
});
