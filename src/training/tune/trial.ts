// The record of one tuning trial, and the interfaces samplers and pruners implement.

import type { Rng } from '../../core/rng.js';
import type { SearchSpace } from '../../models/model-kinds.js';
import type { TrialValues } from './search-space.js';

export type TrialState = 'complete' | 'pruned' | 'failed';

export interface TrialRecord {
  number: number;
  state: TrialState;
  /** The sampled values, by dotted path. */
  values: TrialValues;
  /** Mean weighted F1 over the folds scored (complete: all of them). */
  value: number | null;
  /** Weighted F1 of each fold scored, in fold order. */
  foldScores: number[];
  /** Running mean after each fold: what the pruner compares. */
  intermediate: number[];
  seconds: number;
  error?: string;
}

/** Proposes the next trial's values from the finished ones (maximising `value`). */
export interface Sampler {
  readonly name: string;
  sample(space: SearchSpace, history: readonly TrialRecord[], rng: Rng): TrialValues;
}

/** Decides after each fold whether a running trial is hopeless. */
export interface Pruner {
  shouldPrune(step: number, intermediate: number, history: readonly TrialRecord[]): boolean;
}
