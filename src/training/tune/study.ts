// A hyperparameter study: sample a kind's search space, cross-validate each trial, prune hopeless ones, keep the best.

import { ProdclassError, isProdclassError } from '../../core/errors.js';
import type { JsonObject } from '../../core/estimator.js';
import { silentProgress, type Progress } from '../../core/progress.js';
import { Rng } from '../../core/rng.js';
import type { ImageIndex } from '../../data/image-index.js';
import type { LabelledProducts } from '../../data/product.js';
import { stratifiedKFold } from '../../data/splits.js';
import { modelKind, type SearchSpace } from '../../models/model-kinds.js';
import { crossValidate, PrefixCache } from '../cross-validate.js';
import { productInputs } from '../train-model.js';
import { MedianPruner, NO_PRUNING } from './median-pruner.js';
import { RandomSampler } from './random-sampler.js';
import { checkSearchSpace, nestedParams } from './search-space.js';
import { TpeSampler } from './tpe-sampler.js';
import type { Sampler, TrialRecord } from './trial.js';
import type { LabelHierarchy } from '../../core/estimator.js';

export interface StudyRequest {
  kind: string;
  data: LabelledProducts;
  /** Image paths for kinds that read images (every product's input is built with `productInputs`). */
  images?: ImageIndex;
  trials: number;
  /** Stratified folds per trial (seeded by `seed`, the same for every trial). */
  cv: number;
  seed: number;
  sampler: 'tpe' | 'random';
  /** Stop trials whose running mean falls below the median of earlier trials at the same fold. */
  pruning: boolean;
  /** Parameters every trial starts from (the sampled values are set over them). */
  baseParams?: JsonObject;
  /** The category tree, for hierarchical kinds (the catalog's taxonomy). */
  hierarchy?: LabelHierarchy;
  /** Replaces the kind's declared search space. */
  space?: SearchSpace;
  /** Stop starting trials after this many seconds. */
  timeoutSeconds?: number;
  progress?: Progress;
  /** After each trial (to write the log as the study goes). */
  onTrial?: (trial: TrialRecord, trials: readonly TrialRecord[]) => void | Promise<void>;
  signal?: AbortSignal;
}

export interface StudyResult {
  kind: string;
  space: SearchSpace;
  sampler: string;
  trials: TrialRecord[];
  /** The complete trial of highest mean weighted F1 (first one on ties), null when none completed. */
  best: TrialRecord | null;
  /** The best trial's values nested over the base parameters: what `prodclass train --params` takes. */
  bestParams: JsonObject | null;
}

/**
 * Runs `trials` trials. Each draws values from the sampler (TPE after min(10, trials / 2) random ones, or random
 * throughout), sets them over `baseParams` (dotted paths into nested step parameters), and cross-validates the
 * kind with them on the same folds, reporting the running mean weighted F1 after each fold to the pruner.
 * Trials that throw a parameter error are recorded as failed and the study goes on. Fitted transformer steps
 * (the TF-IDF features of each fold) are reused between trials that share them.
 * @throws ProdclassError INVALID_PARAM when the kind has no search space or the space is malformed; the abort
 *   reason when `signal` aborts.
 */
export async function runStudy(request: StudyRequest): Promise<StudyResult> {
  const kind = modelKind(request.kind);
  const space = request.space ?? kind.searchSpace;
  if (!space) throw new ProdclassError('INVALID_PARAM', `model kind "${request.kind}" declares no search space to tune`);
  checkSearchSpace(request.kind, space);
  const sampler: Sampler =
    request.sampler === 'random'
      ? new RandomSampler()
      : new TpeSampler({ nStartupTrials: Math.min(10, Math.max(1, Math.floor(request.trials / 2))), nEiCandidates: 24 });
  const pruner = request.pruning ? new MedianPruner({ nStartupTrials: Math.min(5, Math.max(1, Math.floor(request.trials / 4))), nWarmupSteps: 1 }) : NO_PRUNING;
  const progress = request.progress ?? silentProgress;
  const inputs = productInputs(request.data.products, request.images);
  const labels = request.data.labels;
  const folds = stratifiedKFold(labels, request.cv, request.seed);
  const rng = new Rng((request.seed ^ 0x5eed5eed) >>> 0);
  const cache = new PrefixCache();
  const trials: TrialRecord[] = [];
  const started = performance.now();

  for (let number = 0; number < request.trials; number++) {
    request.signal?.throwIfAborted();
    if (request.timeoutSeconds !== undefined && (performance.now() - started) / 1000 >= request.timeoutSeconds) break;
    const values = sampler.sample(space, trials, rng);
    const trial: TrialRecord = { number, state: 'complete', values, value: null, foldScores: [], intermediate: [], seconds: 0 };
    const task = progress.task(`trial ${number + 1}/${request.trials}`, request.cv);
    const trialStarted = performance.now();
    try {
      const results = await crossValidate({
        kind: request.kind,
        params: nestedParams(values, request.baseParams),
        seed: request.seed,
        inputs,
        labels,
        folds,
        cache,
        signal: request.signal,
        hierarchy: request.hierarchy,
        onFold: (result, done) => {
          trial.foldScores.push(result.weightedF1);
          const running = done.reduce((s, r) => s + r.weightedF1, 0) / done.length;
          trial.intermediate.push(running);
          task.tick(1, `weighted F1 ${running.toFixed(4)}`);
          return !(done.length < request.cv && pruner.shouldPrune(done.length - 1, running, trials));
        },
      });
      trial.state = results.length === request.cv ? 'complete' : 'pruned';
      trial.value = trial.intermediate.at(-1) ?? null;
    } catch (error) {
      if (request.signal?.aborted) throw error;
      if (!isProdclassError(error)) throw error;
      trial.state = 'failed';
      trial.error = `[${error.code}] ${error.message}`;
    } finally {
      task.done();
    }
    trial.seconds = (performance.now() - trialStarted) / 1000;
    trials.push(trial);
    await request.onTrial?.(trial, trials);
  }

  const best = bestTrial(trials);
  return {
    kind: request.kind,
    space,
    sampler: sampler.name,
    trials,
    best,
    bestParams: best ? nestedParams(best.values, request.baseParams) : null,
  };
}

/** The complete trial of highest value, the earliest on ties. */
export function bestTrial(trials: readonly TrialRecord[]): TrialRecord | null {
  let best: TrialRecord | null = null;
  for (const t of trials) if (t.state === 'complete' && t.value !== null && (best === null || t.value > best.value!)) best = t;
  return best;
}
