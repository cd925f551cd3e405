// Random search: every dimension drawn independently and uniformly (on the log scale where declared).

import type { Rng } from '../../core/rng.js';
import type { SearchDimension, SearchSpace } from '../../models/model-kinds.js';
import type { TrialValues } from './search-space.js';
import type { Sampler, TrialRecord } from './trial.js';

/** A uniform draw from one dimension: floats uniform (log-uniform), ints uniform on their step grid, choices uniform. */
export function sampleUniform(d: SearchDimension, rng: Rng): string | number | boolean | null {
  if (d.type === 'categorical') return d.choices[rng.int(d.choices.length)];
  if (d.type === 'float') return d.log ? Math.exp(Math.log(d.low) + rng.next() * (Math.log(d.high) - Math.log(d.low))) : d.low + rng.next() * (d.high - d.low);
  if (d.log) {
    // Uniform in log space over [low - 1/2, high + 1/2], rounded: each integer gets its log-width's share.
    const lo = Math.log(d.low - 0.5 > 0 ? d.low - 0.5 : d.low);
    const hi = Math.log(d.high + 0.5);
    return clampInt(Math.round(Math.exp(lo + rng.next() * (hi - lo))), d.low, d.high, 1);
  }
  const step = d.step ?? 1;
  return d.low + step * rng.int(Math.floor((d.high - d.low) / step) + 1);
}

export function clampInt(v: number, low: number, high: number, step: number): number {
  const snapped = low + Math.round((v - low) / step) * step;
  return Math.min(high - ((high - low) % step), Math.max(low, snapped));
}

/** Optuna's RandomSampler. */
export class RandomSampler implements Sampler {
  readonly name = 'random';

  sample(space: SearchSpace, _history: readonly TrialRecord[], rng: Rng): TrialValues {
    const values: TrialValues = {};
    for (const [path, d] of Object.entries(space)) values[path] = sampleUniform(d, rng);
    return values;
  }
}
