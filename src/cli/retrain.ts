// `prodclass retrain --feedback`: retrain the active model on its data plus the feedback, activate it if weighted F1 is not lower.

import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { ProdclassError } from '../core/errors.js';
import { loadModel } from '../models/model-store.js';
import { openStorage } from '../storage/storage.js';
import { retrainFromFeedback, type RetrainGate } from '../workflows/retrain.js';
import { catalogStorage } from './catalog-name-option.js';
import { databaseUrlOf } from './database-option.js';
import { printJson } from './options.js';
import { terminalProgress } from './progress-bar.js';
import { withAdditions } from '../workflows/taxonomy-additions.js';
import { servedModel } from '../workflows/served-model.js';
import { readTaxonomy, readTaxonomyMapping } from '../taxonomy/index.js';

interface RetrainCliOptions {
  feedback?: boolean;
  var: string;
  modelsDir?: string;
  data?: string;
  taxonomy?: string;
  mapping?: string;
  json?: boolean;
  database?: string;
  catalog?: string;
}

/** One line saying what the gate compared and decided. */
export function describeGate(gate: RetrainGate): string {
  const verdict = gate.passed ? `passed: ${gate.newModelId} is now active` : `not passed: ${gate.baseModelId} stays active (${gate.newModelId} is saved, not activated)`;
  return `gate: weighted F1 ${gate.baseWeightedF1.toFixed(4)} (${gate.baseModelId}) -> ${gate.newWeightedF1.toFixed(4)} (${gate.newModelId}) on the same ${gate.validationRows} validation rows: ${verdict}`;
}

export function registerRetrain(program: Command): void {
  program
    .command('retrain')
    .description('retrain the active model on its original data plus the feedback received; activate it only if its weighted F1 is not lower')
    .option('--feedback', 'add the products that received feedback (the latest label of each)')
    .option('--var <dir>', 'state folder of the application (its database holds the feedback and the model registry)', 'var')
    .option('--models-dir <dir>', 'where to write the new model folder (default: beside the active model)')
    .option('--data <dir>', 'original data (default: the folder the active model card names)')
    .option('--taxonomy <file>', 'retrain onto this new version of the taxonomy: labels and feedback are mapped to it')
    .option('--mapping <file>', 'with --taxonomy: CSV old,new saying where categories went (renamed, moved, merged, split, removed)')
    .option('--json', 'print the outcome as JSON on stdout')
    .option('--database <url>', 'PostgreSQL database of the application (default PRODCLASS_DATABASE_URL, else the SQLite file in --var)')
    .option('--catalog <name>', "the server's catalog whose active model is retrained on its own feedback (GET /api/catalogs lists them; default: the default catalog)")
    .action(async (options: RetrainCliOptions) => {
      if (!options.feedback) throw new ProdclassError('INVALID_PARAM', 'retrain learns from feedback: run "prodclass retrain --feedback"');
      const varDir = resolve(options.var);
      const opened = await openStorage(varDir, { databaseUrl: databaseUrlOf(options) });
      try {
        const storage = await catalogStorage(opened, options.catalog);
        const active = await storage.models.active();
        if (!active) {
          const where = storage.catalog === 'default' ? varDir : `catalog "${storage.catalog}"`;
          throw new ProdclassError('MODEL_NOT_FOUND', `no active model in ${where}: start the application once (npm start, or prodclass serve --model DIR --var ${options.var})`);
        }
        if (!active.dir) throw new ProdclassError('MODEL_NOT_FOUND', `the active model ${active.id} was served from memory and has no folder; serve a saved model first`);
        const loaded = await loadModel(active.dir);
        const outcome = await retrainFromFeedback({
          storage,
          varDir,
          modelsDir: resolve(options.modelsDir ?? dirname(active.dir)),
          dataDir: options.data,
          base: servedModel({ id: active.id, model: loaded.model, card: loaded.card, dir: active.dir, taxonomy: withAdditions(loaded.taxonomy, await storage.categoryAdditions.list(active.id)) }),
          activate: async (id) => {
            await storage.models.setActive(id);
          },
          progress: terminalProgress(),
          onStage: (stage) => process.stderr.write(`${stage}...\n`),
          nextTaxonomy: options.taxonomy
            ? { taxonomy: await readTaxonomy(options.taxonomy), mapping: options.mapping ? await readTaxonomyMapping(options.mapping) : undefined }
            : undefined,
        });
        if (options.json) printJson(outcome);
        process.stderr.write(`added ${outcome.feedbackRows} products from feedback; saved ${outcome.modelDir}\n${describeGate(outcome.gate)}\n`);
        if (outcome.unmapped) {
          process.stderr.write(`new taxonomy: ${outcome.unmapped.rows} original rows and ${outcome.unmapped.feedback} feedback rows left out (their category was split or removed)\n`);
        }
        if (outcome.activated) process.stderr.write('a running server switches to it within a few seconds\n');
      } finally {
        await opened.close();
      }
    });
}
