// Optuna's MedianPruner: stop a trial whose running score is below the median of earlier trials at the same fold.

import type { Pruner, TrialRecord } from './trial.js';

export interface MedianPrunerOptions {
  /** No pruning until this many trials have completed. */
  nStartupTrials: number;
  /** No pruning before this many folds (steps) of a trial have been scored. */
  nWarmupSteps: number;
}

/**
 * Prunes at step s (0-based fold) when at least nStartupTrials trials completed and s >= nWarmupSteps, and the
 * trial's running mean is strictly below the median of the completed trials' running means at step s.
 */
export class MedianPruner implements Pruner {
  constructor(readonly options: MedianPrunerOptions = { nStartupTrials: 5, nWarmupSteps: 1 }) {}

  shouldPrune(step: number, intermediate: number, history: readonly TrialRecord[]): boolean {
    if (step < this.options.nWarmupSteps) return false;
    const peers = history.filter((t) => t.state === 'complete' && t.intermediate.length > step).map((t) => t.intermediate[step]);
    if (history.filter((t) => t.state === 'complete').length < this.options.nStartupTrials || peers.length === 0) return false;
    peers.sort((a, b) => a - b);
    const mid = peers.length >> 1;
    const median = peers.length % 2 ? peers[mid] : (peers[mid - 1] + peers[mid]) / 2;
    return intermediate < median;
  }
}

/** Never prunes. */
export const NO_PRUNING: Pruner = { shouldPrune: () => false };
