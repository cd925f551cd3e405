// `prodclass compare`: cross-validate several model kinds on the same folds; JSON report and a table.

import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { ProdclassError } from '../core/errors.js';
import type { JsonObject } from '../core/estimator.js';
import { modelKind, modelKindNames } from '../models/model-kinds.js';
import { compareModels, formatComparisonTable } from '../training/compare.js';
import { intOption, jsonObjectOption, printJson } from './options.js';
import { terminalProgress } from './progress-bar.js';
import { addCatalogOptions, loadCatalogWith, type CatalogCliOptions } from './data-options.js';

interface CompareCliOptions extends CatalogCliOptions {
  data: string;
  models: string;
  cv: number;
  seed: number;
  out?: string;
  params: Record<string, JsonObject>;
  json?: boolean;
}

/** `--params kind=JSON` or `--params kind=@file.json` (a tune output works as is); repeatable. */
function kindParams(value: string, previous: Record<string, JsonObject>): Record<string, JsonObject> {
  const eq = value.indexOf('=');
  if (eq <= 0) throw new ProdclassError('INVALID_PARAM', `--params must be KIND=JSON or KIND=@file.json, got "${value}"`);
  const kind = value.slice(0, eq);
  modelKind(kind);
  return { ...previous, [kind]: jsonObjectOption('params')(value.slice(eq + 1)) };
}

export function registerCompare(program: Command): void {
  const command = program
    .command('compare')
    .description('cross-validate model kinds on the same folds: weighted/macro F1, accuracy, fit and predict time, model size')
    .requiredOption('--data <file|dir>', 'a catalog file or a folder in the challenge layout')
    .requiredOption('--models <kinds>', `comma-separated model kinds (${modelKindNames().join(', ')})`)
    .option('--cv <k>', 'cross-validation folds', intOption('cv', 2, 20), 5)
    .option('--seed <n>', 'seed of the folds and the models', intOption('seed', 0, 2 ** 32 - 1), 42)
    .option('--out <file>', 'write the JSON report there')
    .option('--params <kind=json>', 'parameters of one kind (JSON or @file, e.g. a tune output); repeatable', kindParams, {})
    .option('--json', 'print the JSON report on stdout (the table goes to stderr)');
  addCatalogOptions(command).action(async (options: CompareCliOptions) => {
      const kinds = options.models.split(',').map((k) => k.trim()).filter(Boolean);
      if (kinds.length === 0) throw new ProdclassError('INVALID_PARAM', '--models needs at least one model kind');
      if (new Set(kinds).size !== kinds.length) throw new ProdclassError('INVALID_PARAM', `--models names a kind twice: ${options.models}`);
      for (const kind of kinds) modelKind(kind);
      const folder = await loadCatalogWith(options.data, options, { requireLabels: true });
      for (const warning of folder.warnings) process.stderr.write(`warning: ${warning}\n`);
      const report = await compareModels({
        kinds,
        data: folder.train,
        hierarchy: folder.taxonomy,
        source: folder.source,
        images: folder.images,
        cv: options.cv,
        seed: options.seed,
        params: options.params,
        progress: terminalProgress(),
      });
      if (options.out) await writeFile(options.out, `${JSON.stringify(report, null, 2)}\n`);
      const table = `${formatComparisonTable(report)}\n${options.cv}-fold cross-validation on ${report.data.n} products of ${folder.source}${options.out ? `; report in ${options.out}` : ''}\n`;
      if (options.json) {
        process.stderr.write(table);
        printJson(report);
      } else {
        process.stdout.write(table);
      }
    });
}
