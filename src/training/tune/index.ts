// Public door of hyperparameter search: studies, samplers (random, TPE) and the median pruner.

export { runStudy, bestTrial, type StudyRequest, type StudyResult } from './study.js';
export { RandomSampler, sampleUniform } from './random-sampler.js';
export { TpeSampler, goodCount, type TpeOptions } from './tpe-sampler.js';
export { MedianPruner, NO_PRUNING, type MedianPrunerOptions } from './median-pruner.js';
export { checkSearchSpace, nestedParams, type TrialValues } from './search-space.js';
export type { Pruner, Sampler, TrialRecord, TrialState } from './trial.js';
