// `prodclass tune`: search a model kind's hyperparameters by cross-validation; write every trial and the best parameters.

import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { ProdclassError } from '../core/errors.js';
import type { JsonObject } from '../core/estimator.js';
import { modelKindNames } from '../models/model-kinds.js';
import { runStudy, type StudyResult } from '../training/tune/study.js';
import type { TrialRecord } from '../training/tune/trial.js';
import { intOption, jsonObjectOption, numberOption, printJson } from './options.js';
import { terminalProgress } from './progress-bar.js';
import { addCatalogOptions, loadCatalogWith, type CatalogCliOptions } from './data-options.js';

interface TuneCliOptions extends CatalogCliOptions {
  model: string;
  data: string;
  trials: number;
  cv: number;
  sampler: string;
  seed: number;
  pruning: boolean;
  params?: JsonObject;
  out: string;
  log: string;
  timeout?: number;
  json?: boolean;
}

/** What `--out` holds: `prodclass train --params @file` reads `params` from it. */
export interface BestParamsFile {
  kind: string;
  params: JsonObject;
  metric: 'weightedF1';
  value: number;
  trial: number;
  cv: number;
  seed: number;
  sampler: string;
  trials: number;
  createdAt: string;
}

export function registerTune(program: Command): void {
  const command = program
    .command('tune')
    .description('search hyperparameters of a model kind by cross-validation (TPE or random search, median pruning)')
    .requiredOption('--model <kind>', `model kind (${modelKindNames().join(', ')})`)
    .requiredOption('--data <file|dir>', 'a catalog file or a folder in the challenge layout')
    .option('--trials <n>', 'trials to run', intOption('trials', 1, 10_000), 20)
    .option('--cv <k>', 'cross-validation folds per trial', intOption('cv', 2, 20), 3)
    .option('--sampler <name>', 'tpe (Optuna-style tree-structured Parzen estimator) or random', 'tpe')
    .option('--seed <n>', 'seed of the folds, the sampler and the models', intOption('seed', 0, 2 ** 32 - 1), 42)
    .option('--no-pruning', 'score every fold of every trial (by default a trial below the median of earlier ones stops)')
    .option('--params <json>', 'parameters every trial starts from, as for train (JSON or @file)', jsonObjectOption('params'))
    .option('--out <file>', 'where to write the best parameters (for train --params @file)', 'best-params.json')
    .option('--log <file>', 'where to write every trial as JSON (rewritten after each trial)', 'tune-log.json')
    .option('--timeout <seconds>', 'start no trial after this many seconds', numberOption('timeout', 1, 1e7))
    .option('--json', 'print the best-parameters file on stdout');
  addCatalogOptions(command).action(async (options: TuneCliOptions) => {
      if (options.sampler !== 'tpe' && options.sampler !== 'random') {
        throw new ProdclassError('INVALID_PARAM', `--sampler must be tpe or random, got "${options.sampler}"`);
      }
      const folder = await loadCatalogWith(options.data, options, { requireLabels: true });
      for (const warning of folder.warnings) process.stderr.write(`warning: ${warning}\n`);
      const started = new Date().toISOString();
      const writeLog = (trials: readonly TrialRecord[], study?: StudyResult) =>
        writeFile(
          options.log,
          `${JSON.stringify({ kind: options.model, metric: 'weightedF1', direction: 'maximize', data: folder.source, cv: options.cv, seed: options.seed, sampler: options.sampler, pruning: options.pruning, startedAt: started, trials, best: study?.best ?? null }, null, 2)}\n`,
        );
      let best: TrialRecord | null = null;
      const study = await runStudy({
        kind: options.model,
        data: folder.train,
        hierarchy: folder.taxonomy,
        images: folder.images,
        trials: options.trials,
        cv: options.cv,
        seed: options.seed,
        sampler: options.sampler,
        pruning: options.pruning,
        baseParams: options.params,
        timeoutSeconds: options.timeout,
        progress: terminalProgress(),
        onTrial: async (trial, trials) => {
          if (trial.state === 'complete' && (best === null || trial.value! > best.value!)) best = trial;
          process.stderr.write(`${describeTrial(trial, options.trials)}${best ? `  (best ${best.value!.toFixed(4)}, trial ${best.number + 1})` : ''}\n`);
          await writeLog(trials);
        },
      });
      await writeLog(study.trials, study);
      if (!study.best || !study.bestParams) {
        throw new ProdclassError('INVALID_PARAM', `no trial of ${options.model} completed (see ${options.log} for their errors)`);
      }
      const file: BestParamsFile = {
        kind: options.model,
        params: study.bestParams,
        metric: 'weightedF1',
        value: study.best.value!,
        trial: study.best.number,
        cv: options.cv,
        seed: options.seed,
        sampler: study.sampler,
        trials: study.trials.length,
        createdAt: new Date().toISOString(),
      };
      await writeFile(options.out, `${JSON.stringify(file, null, 2)}\n`);
      const counts = ['complete', 'pruned', 'failed'].map((s) => `${study.trials.filter((t) => t.state === s).length} ${s}`).join(', ');
      process.stderr.write(
        `best of ${study.trials.length} trials (${counts}): weighted F1 ${file.value.toFixed(4)} with ${JSON.stringify(study.best.values)}\n` +
          `wrote ${options.out} (train with --params @${options.out}) and ${options.log}\n`,
      );
      if (options.json) printJson(file);
    });
}

function describeTrial(t: TrialRecord, total: number): string {
  const values = Object.entries(t.values)
    .map(([k, v]) => `${k}=${typeof v === 'number' && !Number.isInteger(v) ? v.toPrecision(3) : String(v)}`)
    .join(' ');
  const score = t.value === null ? '' : ` weighted F1 ${t.value.toFixed(4)}${t.state === 'pruned' ? ` after ${t.foldScores.length} folds` : ''}`;
  return `trial ${t.number + 1}/${total} ${t.state}${score} ${t.seconds.toFixed(1)} s  ${values}${t.error ? `  ${t.error}` : ''}`;
}
