// Tree-structured Parzen Estimator (Bergstra et al. 2011), univariate, as Optuna's default TPESampler.

import type { Rng } from '../../core/rng.js';
import type { SearchDimension, SearchSpace } from '../../models/model-kinds.js';
import { CategoricalParzen, NumericParzen } from './parzen-estimator.js';
import { clampInt, sampleUniform } from './random-sampler.js';
import type { TrialValues } from './search-space.js';
import type { Sampler, TrialRecord } from './trial.js';

export interface TpeOptions {
  /** Random trials before TPE takes over (complete or pruned ones count). */
  nStartupTrials: number;
  /** Candidates drawn from l(x); the one maximising l(x) / g(x) is proposed. */
  nEiCandidates: number;
}

/** Optuna's default gamma: the best min(ceil(0.1 n), 25) trials are "good". */
export function goodCount(n: number): number {
  return Math.min(Math.ceil(0.1 * n), 25);
}

/**
 * For each dimension independently: the finished trials are split into the good ones (best `goodCount(n)` by
 * value; pruned trials rank below every complete one, by their last running score) and the rest; a Parzen
 * estimator l(x) is fitted to the good values and g(x) to the others (`NumericParzen`, on the log scale where
 * declared, ints widened by half a step; `CategoricalParzen` for choices); nEiCandidates draws from l are
 * scored by log l(x) - log g(x), the best is proposed. Before nStartupTrials finished trials, draws are random.
 */
export class TpeSampler implements Sampler {
  readonly name = 'tpe';

  constructor(readonly options: TpeOptions = { nStartupTrials: 10, nEiCandidates: 24 }) {}

  sample(space: SearchSpace, history: readonly TrialRecord[], rng: Rng): TrialValues {
    const finished = history.filter((t) => t.state !== 'failed');
    const values: TrialValues = {};
    if (finished.length < this.options.nStartupTrials) {
      for (const [path, d] of Object.entries(space)) values[path] = sampleUniform(d, rng);
      return values;
    }
    const ranked = [...finished].sort(compareTrials);
    const nGood = goodCount(ranked.length);
    for (const [path, d] of Object.entries(space)) {
      const observed = ranked.filter((t) => path in t.values);
      const good = observed.slice(0, nGood);
      const bad = observed.slice(nGood);
      // Parzen estimators weigh older observations less: feed them in trial order.
      const byNumber = (a: TrialRecord, b: TrialRecord) => a.number - b.number;
      values[path] = this.sampleDimension(d, good.sort(byNumber).map((t) => t.values[path]), bad.sort(byNumber).map((t) => t.values[path]), rng);
    }
    return values;
  }

  private sampleDimension(d: SearchDimension, good: TrialValues[string][], bad: TrialValues[string][], rng: Rng): TrialValues[string] {
    const n = this.options.nEiCandidates;
    if (d.type === 'categorical') {
      const index = (v: TrialValues[string]) => d.choices.indexOf(v as never);
      const l = new CategoricalParzen(good.map(index).filter((i) => i >= 0), d.choices.length);
      const g = new CategoricalParzen(bad.map(index).filter((i) => i >= 0), d.choices.length);
      let best = l.sample(rng);
      let bestScore = -Infinity;
      for (let c = 0; c < n; c++) {
        const i = l.sample(rng);
        const score = l.logPdf(i) - g.logPdf(i);
        if (score > bestScore) {
          bestScore = score;
          best = i;
        }
      }
      return d.choices[best];
    }
    const step = d.type === 'int' ? (d.step ?? 1) : 0;
    const toInternal = (v: number) => (d.log ? Math.log(v) : v);
    const low = d.log ? Math.log(d.type === 'int' && d.low - 0.5 > 0 ? d.low - 0.5 : d.low) : d.low - step / 2;
    const high = d.log ? Math.log(d.high + (d.type === 'int' ? 0.5 : 0)) : d.high + step / 2;
    const l = new NumericParzen((good as number[]).map(toInternal), low, high);
    const g = new NumericParzen((bad as number[]).map(toInternal), low, high);
    let best = l.sample(rng);
    let bestScore = -Infinity;
    for (let c = 0; c < n; c++) {
      const x = l.sample(rng);
      const score = l.logPdf(x) - g.logPdf(x);
      if (score > bestScore) {
        bestScore = score;
        best = x;
      }
    }
    const value = d.log ? Math.exp(best) : best;
    if (d.type === 'int') return clampInt(Math.round(value), d.low, d.high, d.log ? 1 : step);
    return Math.min(d.high, Math.max(d.low, value));
  }
}

/** Better first: complete trials by value (descending), then pruned ones by their last running score. */
function compareTrials(a: TrialRecord, b: TrialRecord): number {
  const rank = (t: TrialRecord) => (t.state === 'complete' ? 0 : 1);
  if (rank(a) !== rank(b)) return rank(a) - rank(b);
  const va = a.state === 'complete' ? a.value! : (a.intermediate.at(-1) ?? -Infinity);
  const vb = b.state === 'complete' ? b.value! : (b.intermediate.at(-1) ?? -Infinity);
  return vb - va || a.number - b.number;
}
