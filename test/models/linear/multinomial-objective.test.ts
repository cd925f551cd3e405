import { describe, expect, it } from 'vitest';
import { multinomialLoss, parameterCount } from '../../../src/models/linear/loss.js';
import { MultinomialObjective } from '../../../src/models/linear/multinomial-objective.js';
import { fixtureX, fixtureY } from './sklearn-fixture.js';

describe('MultinomialObjective', () => {
  it('gives exactly the value and gradient of multinomialLoss (same summation order)', () => {
    const classes = Int32Array.from(new Set(fixtureY)).sort();
    for (const [sampleWeight, fitIntercept] of [[null, true], [Float64Array.from(fixtureY, (_, i) => (i % 3) / 2), false]] as const) {
      const problem = { x: fixtureX, yIndex: Int32Array.from(fixtureY, (c) => classes.indexOf(c)), nClasses: 4, sampleWeight, C: 0.7, fitIntercept };
      const w = Float64Array.from({ length: parameterCount(problem) }, (_, i) => Math.sin(i) / 3);
      const reference = multinomialLoss(w, problem);
      const gradient = new Float64Array(w.length);
      const value = new MultinomialObjective(problem).evaluate(w, gradient);
      expect(value).toBe(reference.value);
      expect(Array.from(gradient)).toEqual(Array.from(reference.gradient));
    }
  });
});
