import { describe, expect, it } from 'vitest';
import { resolveParams } from '../../src/core/params.js';
import { GradientBoostingClassifier } from '../../src/models/trees/gradient-boosting.js';
import { LinearSVC } from '../../src/models/linear/linear-svc.js';
import { RandomForestClassifier } from '../../src/models/trees/random-forest.js';

describe('resolveParams', () => {
  it("takes -1 or a positive integer for a 'jobs' parameter and names anything else", () => {
    const resolve = (nJobs: unknown) => resolveParams('demo', { nJobs: 1 }, { nJobs: { type: 'jobs' } }, { nJobs } as never);
    expect(resolve(-1).nJobs).toBe(-1);
    expect(resolve(3).nJobs).toBe(3);
    for (const bad of [0, -2, 1.5, '2', null]) {
      expect(() => resolve(bad)).toThrow(`demo: parameter "nJobs" must be -1 (all cores) or an integer >= 1, got ${JSON.stringify(bad)}`);
    }
  });

  it('refuses nJobs 0 in every estimator that runs worker threads', () => {
    for (const make of [() => new LinearSVC({ nJobs: 0 }), () => new RandomForestClassifier({ nJobs: 0 }), () => new GradientBoostingClassifier({ nJobs: 0 })]) {
      expect(make).toThrow(/parameter "nJobs" must be -1 \(all cores\) or an integer >= 1, got 0/);
    }
  });
});
