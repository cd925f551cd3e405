import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/core/rng.js';
import type { SearchSpace } from '../../../src/models/model-kinds.js';
import { MedianPruner } from '../../../src/training/tune/median-pruner.js';
import { CategoricalParzen, NumericParzen, normalCdf } from '../../../src/training/tune/parzen-estimator.js';
import { RandomSampler, sampleUniform } from '../../../src/training/tune/random-sampler.js';
import { goodCount, TpeSampler } from '../../../src/training/tune/tpe-sampler.js';
import type { Sampler, TrialRecord } from '../../../src/training/tune/trial.js';

const space: SearchSpace = {
  x: { type: 'float', low: -5, high: 5 },
  c: { type: 'float', low: 1e-3, high: 1e3, log: true },
  n: { type: 'int', low: 2, high: 20, step: 2 },
  k: { type: 'int', low: 10, high: 10000, log: true },
  kind: { type: 'categorical', choices: ['a', 'b', 'c', null] },
};

/** Maximum 0 at x = 1.5, log10(c) = 1, kind = 'b'. */
function objective(v: Record<string, unknown>): number {
  return -(((v.x as number) - 1.5) ** 2) - (Math.log10(v.c as number) - 1) ** 2 - (v.kind === 'b' ? 0 : 2);
}

function runTrials(sampler: Sampler, n: number, seed: number): TrialRecord[] {
  const rng = new Rng(seed);
  const trials: TrialRecord[] = [];
  for (let number = 0; number < n; number++) {
    const values = sampler.sample(space, trials, rng);
    const value = objective(values);
    trials.push({ number, state: 'complete', values, value, foldScores: [value], intermediate: [value], seconds: 0 });
  }
  return trials;
}

describe('random sampling', () => {
  it('stays inside every dimension: on the step grid, on log scales, among the choices', () => {
    const rng = new Rng(1);
    const seen = new Set<unknown>();
    for (let i = 0; i < 2000; i++) {
      const n = sampleUniform(space.n, rng) as number;
      expect(n % 2).toBe(0);
      expect(n).toBeGreaterThanOrEqual(2);
      expect(n).toBeLessThanOrEqual(20);
      const k = sampleUniform(space.k, rng) as number;
      expect(Number.isInteger(k) && k >= 10 && k <= 10000).toBe(true);
      const c = sampleUniform(space.c, rng) as number;
      expect(c >= 1e-3 && c <= 1e3).toBe(true);
      seen.add(sampleUniform(space.kind, rng));
    }
    expect(seen).toEqual(new Set(['a', 'b', 'c', null]));
  });

  it('is log-uniform on log scales: about half the draws of [1e-3, 1e3] fall below 1', () => {
    const rng = new Rng(2);
    let below = 0;
    for (let i = 0; i < 4000; i++) if ((sampleUniform(space.c, rng) as number) < 1) below++;
    expect(below / 4000).toBeGreaterThan(0.45);
    expect(below / 4000).toBeLessThan(0.55);
  });
});

describe('TPE', () => {
  it('uses the best ceil(10%) trials (at most 25) as the good group', () => {
    expect([1, 10, 11, 100, 1000].map(goodCount)).toEqual([1, 1, 2, 10, 25]);
  });

  it('builds Parzen estimators that integrate to one on their range and favour observed values', () => {
    const p = new NumericParzen([0.2, 0.25, 0.3], 0, 1);
    let integral = 0;
    for (let i = 0; i < 10000; i++) integral += Math.exp(p.logPdf((i + 0.5) / 10000)) / 10000;
    expect(integral).toBeCloseTo(1, 3);
    expect(p.logPdf(0.25)).toBeGreaterThan(p.logPdf(0.9));
    const c = new CategoricalParzen([1, 1, 2], 4);
    expect(c.probabilities.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
    expect(c.probabilities[1]).toBeGreaterThan(c.probabilities[2]);
    expect(c.probabilities[2]).toBeGreaterThan(c.probabilities[0]);
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.96)).toBeCloseTo(0.975, 4);
  });

  it('is reproducible for a seed and, past its random start, samples far better values than random search', () => {
    const tpe = () => new TpeSampler({ nStartupTrials: 10, nEiCandidates: 24 });
    expect(runTrials(tpe(), 15, 3).map((t) => t.values)).toEqual(runTrials(tpe(), 15, 3).map((t) => t.values));
    const late = (trials: TrialRecord[]) => trials.slice(30).reduce((s, t) => s + t.value!, 0) / 20;
    const best = (trials: TrialRecord[]) => Math.max(...trials.map((t) => t.value!));
    let tpeBest = 0;
    let randomBest = 0;
    for (let seed = 0; seed < 6; seed++) {
      const a = runTrials(tpe(), 50, seed);
      const b = runTrials(new RandomSampler(), 50, seed);
      expect(late(a)).toBeGreaterThan(late(b) + 3);
      tpeBest += best(a) / 6;
      randomBest += best(b) / 6;
    }
    expect(tpeBest).toBeGreaterThan(randomBest);
  });
});

describe('MedianPruner', () => {
  const done = (number: number, intermediate: number[]): TrialRecord => ({
    number,
    state: 'complete',
    values: {},
    value: intermediate.at(-1)!,
    foldScores: intermediate,
    intermediate,
    seconds: 1,
  });

  it('prunes below the median of completed trials at the same step, after start-up and warm-up', () => {
    const pruner = new MedianPruner({ nStartupTrials: 3, nWarmupSteps: 1 });
    const history = [done(0, [0.7, 0.7, 0.7]), done(1, [0.8, 0.8, 0.8]), done(2, [0.6, 0.65, 0.66])];
    expect(pruner.shouldPrune(1, 0.69, history)).toBe(true);
    expect(pruner.shouldPrune(1, 0.71, history)).toBe(false);
    expect(pruner.shouldPrune(0, 0.1, history)).toBe(false);
    expect(pruner.shouldPrune(1, 0.1, history.slice(0, 2))).toBe(false);
  });
});
