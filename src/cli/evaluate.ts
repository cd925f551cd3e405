// `prodclass evaluate`: score a saved model on labelled data (a catalog file or the challenge folder).

import type { Command } from 'commander';
import { ProdclassError } from '../core/errors.js';
import { dataFingerprint } from '../data/fingerprint.js';
import { evaluationReport, type EvaluationReport } from '../evaluation/evaluation-report.js';
import { automationAt, type AutomationPoint } from '../evaluation/automation.js';
import { depthAutomation, type DepthThresholdSet } from '../evaluation/depth-thresholds.js';
import { depthThresholdTargets } from '../workflows/depth-decision.js';
import { precisionThresholds } from '../workflows/served-model.js';
import { hierarchicalCoverage, type HierarchicalCoverage } from '../evaluation/hierarchical-coverage.js';
import { loadModel } from '../models/model-store.js';
import type { JsonObject } from '../core/estimator.js';
import { componentMetrics } from '../training/component-metrics.js';
import { pick, pickLabels, productInputs, validationSplit } from '../training/train-model.js';
import { overrideClipLocation, warnAboutImageProblems } from './clip-options.js';
import { addCatalogOptions, loadCatalogWith, type CatalogCliOptions } from './data-options.js';
import { printJson } from './options.js';
import { terminalProgress } from './progress-bar.js';
import { printMetricsSummary } from './summary.js';

type SplitChoice = 'auto' | 'validation' | 'all';

interface EvaluateCliOptions extends CatalogCliOptions {
  model: string;
  data: string;
  split: SplitChoice;
  clipModel?: string;
  json?: boolean;
}

export interface EvaluateOutput extends EvaluationReport {
  model: { id: string; kind: string; dir: string };
  data: string;
  /** Which rows were scored: the model's own held-out validation rows, or every labelled row. */
  split: 'validation' | 'all';
  predictSeconds: number;
  /** Scores of each part of a multi-part model (multimodal), on the same rows. */
  components?: JsonObject;
  /**
   * The model's own thresholds (chosen on its validation predictions for 90/95/98 % precision) applied to these
   * rows: how many are filed automatically, and how right they are.
   */
  automation: AutomationPoint[];
  /** For a tree taxonomy: how many products are filed at least at each depth when backing off at 90/95/98 % confidence. */
  filedByDepth?: HierarchicalCoverage[];
  /**
   * For a tree model with per-depth thresholds: those thresholds (per 90/95/98 % target) applied to these rows: the share
   * filed at each depth and its precision (right when the true category lies under the one filed), the share filed in
   * all and the share reviewed.
   */
  automationByDepth?: DepthThresholdSet[];
}

export function registerEvaluate(program: Command): void {
  const command = program
    .command('evaluate')
    .description('score a saved model on labelled data (weighted F1, macro F1, per class, confusion; per depth for a tree)')
    .requiredOption('--model <dir>', 'model folder')
    .requiredOption('--data <file|dir>', 'a catalog file or a folder in the challenge layout (labels read as the model read its own)')
    .option(
      '--split <which>',
      'auto: the model\'s held-out validation rows when the data is what it was trained on, else all rows; validation; all',
      'auto',
    )
    .option('--clip-model <id|dir>', 'where the model\'s CLIP weights are, when not where it was trained ($PRODCLASS_CLIP_MODEL)')
    .option('--json', 'print one JSON object on stdout');
  addCatalogOptions(command, { taxonomy: false }).action(async (options: EvaluateCliOptions) => {
      overrideClipLocation(options.clipModel);
      warnAboutImageProblems();
      if (!['auto', 'validation', 'all'].includes(options.split)) {
        throw new ProdclassError('INVALID_PARAM', `--split must be auto, validation or all, got "${options.split}"`);
      }
      const progress = terminalProgress();
      const { model, card, dir, taxonomy } = await loadModel(options.model);
      const folder = await loadCatalogWith(options.data, options, { requireLabels: true, taxonomy, recorded: card.data?.reading });
      const { products, labels } = folder.train;
      const sameData = card.data?.fingerprint === dataFingerprint(products, labels);
      if (options.split === 'validation' && !sameData) {
        throw new ProdclassError(
          'INVALID_INPUT',
          `--split validation needs the data the model was trained on (${card.data?.source ?? 'unknown'}); ${options.data} differs. Use --split all`,
        );
      }
      const outOfFold = card.data?.split.folds !== undefined;
      if (options.split === 'validation' && outOfFold) {
        throw new ProdclassError(
          'INVALID_INPUT',
          `${card.modelId} was fitted on every row, validated out-of-fold (${card.data!.split.folds} folds): its held-out figures are in its card (metrics.validation); use --split all on new data`,
        );
      }
      const useValidation = options.split === 'validation' || (options.split === 'auto' && sameData && !outOfFold && (card.data?.nValidation ?? 0) > 0);
      const rows = useValidation
        ? validationSplit(labels, card.data!.split.validationFraction, card.data!.split.seed).validation
        : Int32Array.from(labels.keys());
      if (useValidation) process.stderr.write(`scoring the ${rows.length} validation rows held out when ${card.modelId} was trained\n`);
      else if (sameData) {
        process.stderr.write(
          `warning: scoring rows the model was trained on; these figures are optimistic${outOfFold ? ' (its out-of-fold figures are in its card: metrics.validation)' : ''}\n`,
        );
      }

      const task = progress.task('predict', rows.length);
      const started = performance.now();
      const inputs = pick(productInputs(products, folder.images), rows);
      const proba = await model.predictProba(inputs);
      const predictSeconds = (performance.now() - started) / 1000;
      task.tick(rows.length);
      task.done();
      const predicted = proba.argmaxRows().map((j) => model.classes[j]);
      const report = evaluationReport(pickLabels(labels, rows), predicted, { proba, classes: model.classes, taxonomy });
      const filedByDepth = taxonomy.isTree ? hierarchicalCoverage(taxonomy, model.classes, proba, pickLabels(labels, rows)) : undefined;
      // Multi-part models (multimodal): text-only, image-only, CLIP fusion and late fusion on the same rows.
      const components = await componentMetrics(model, inputs, pickLabels(labels, rows));
      const column = new Map(Array.from(model.classes, (c, j) => [c, j]));
      const automation = automationAt(proba, pickLabels(labels, rows).map((c) => column.get(c) ?? -1), precisionThresholds(card));
      const depthTargets = taxonomy.isTree ? depthThresholdTargets(card) : [];
      const automationByDepth = depthTargets.length > 0 ? depthAutomation(taxonomy, model.classes, proba, pickLabels(labels, rows), depthTargets) : undefined;
      const output: EvaluateOutput = {
        ...report,
        automation,
        ...(automationByDepth ? { automationByDepth } : {}),
        ...(components ? { components } : {}),
        ...(filedByDepth ? { filedByDepth } : {}),
        model: { id: card.modelId, kind: card.kind, dir },
        data: folder.source,
        split: useValidation ? 'validation' : 'all',
        predictSeconds,
      };
      if (options.json) printJson(output);
      else printMetricsSummary(report, `${output.split} rows (${report.n} products)`, process.stdout);
    });
}
