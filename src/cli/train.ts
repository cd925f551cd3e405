// `prodclass train`: fit a model kind on a challenge-layout folder and save the model folder.

import type { Command } from 'commander';
import type { JsonObject } from '../core/estimator.js';
import { loadChallengeFolder } from '../data/challenge-folder.js';
import { modelKindNames } from '../models/model-kinds.js';
import { saveModel } from '../models/model-store.js';
import { DEFAULT_VALIDATION_FRACTION, trainModel, type TrainResult } from '../training/train-model.js';
import { intOption, jsonObjectOption, numberOption, printJson } from './options.js';
import { terminalProgress } from './progress-bar.js';
import { printMetricsSummary } from './summary.js';

export interface TrainCliOptions {
  data: string;
  model: string;
  out: string;
  seed: number;
  params?: JsonObject;
  validationFraction: number;
  json?: boolean;
}

/** Loads, trains, saves; shared by `train` and `start`. */
export async function trainToFolder(options: Omit<TrainCliOptions, 'json'>): Promise<TrainResult> {
  const progress = terminalProgress();
  const task = progress.task('load data', 1);
  const folder = await loadChallengeFolder(options.data);
  task.tick();
  task.done();
  for (const warning of folder.warnings) process.stderr.write(`warning: ${warning}\n`);
  const result = await trainModel({
    data: folder.train,
    source: folder.dir,
    demo: folder.demo,
    images: folder.images,
    kind: options.model,
    params: options.params,
    seed: options.seed,
    validationFraction: options.validationFraction,
    progress,
  });
  await saveModel(options.out, result.model, result.card);
  return result;
}

export function registerTrain(program: Command): void {
  program
    .command('train')
    .description('train a model on a folder in the Rakuten challenge layout and save it')
    .requiredOption('--data <dir>', 'folder with X_train_update.csv and Y_train_CVw08PX.csv')
    .option('--model <kind>', `model kind (${modelKindNames().join(', ')})`, 'text-linear')
    .requiredOption('--out <dir>', 'model folder to write (replaced if it exists)')
    .option('--seed <n>', 'seed for every random step', intOption('seed', 0, 2 ** 32 - 1), 42)
    .option('--params <json>', 'hyperparameters by step, e.g. \'{"classifier":{"C":1}}\' or @best-params.json', jsonObjectOption('params'))
    .option('--validation-fraction <f>', 'share of rows held out for validation metrics', numberOption('validation-fraction', 0, 0.5), DEFAULT_VALIDATION_FRACTION)
    .option('--json', 'print the model card as JSON on stdout')
    .action(async (options: TrainCliOptions) => {
      const { card, validation } = await trainToFolder(options);
      if (options.json) printJson(card);
      else {
        process.stderr.write(`saved ${card.kind} model ${card.modelId} to ${options.out} (${card.trainingSeconds?.toFixed(1)} s)\n`);
        if (validation) printMetricsSummary(validation, `validation (${validation.n} products)`);
      }
    });
}
