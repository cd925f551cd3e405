// `prodclass predict`: classify one product from the command line.

import type { Command } from 'commander';
import { loadModel } from '../models/model-store.js';
import { classifyOne } from '../models/classify-one.js';
import { topPredictions } from '../models/top-predictions.js';
import { productFiling, type DepthFiling } from '../workflows/depth-decision.js';
import { defaultReviewThreshold } from '../workflows/served-model.js';
import type { Taxonomy } from '../taxonomy/index.js';
import { ProdclassError } from '../core/errors.js';
import { overrideClipLocation, warnAboutImageProblems } from './clip-options.js';
import { intOption, numberOption, printJson } from './options.js';
import { addCatalogOptions, loadCatalogWith, type CatalogCliOptions } from './data-options.js';
import { predictFile } from './predict-file.js';

interface PredictCliOptions {
  model: string;
  title?: string;
  designation?: string;
  minConfidence?: number;
  description: string;
  image?: string;
  clipModel?: string;
  top: number;
  json?: boolean;
  /** A catalog file (or folder) to classify whole, instead of one product. */
  data?: string;
  reviewThreshold?: number;
  perCategoryThresholds?: boolean;
  out?: string;
}

export function registerPredict(program: Command): void {
  const command = program
    .command('predict')
    .description('classify one product (top categories with probabilities), or every product of a file (--data)')
    .requiredOption('--model <dir>', 'model folder')
    .option('--title <text>', 'product title')
    .option('--designation <text>', 'product title (the challenge\'s name for it; same as --title)')
    .option('--description <text>', 'product description (HTML allowed)', '')
    .option('--image <path>', 'product photo (JPEG, PNG, WebP), for models that read images')
    .option('--clip-model <id|dir>', 'where the model\'s CLIP weights are, when not where it was trained ($PRODCLASS_CLIP_MODEL)')
    .option('--top <k>', 'how many categories to show', intOption('top', 1, 100), 5)
    .option('--min-confidence <p>', 'answer the deepest category of the tree whose probability reaches p (default: the most probable category)', numberOption('min-confidence', 0, 1))
    .option('--json', 'print JSON on stdout')
    .option('--review-threshold <p>', 'confidence under which a product goes to review rather than being filed automatically (default: the 95 %-precision threshold of the model card, as serve)', numberOption('review-threshold', 0, 1))
    .option('--per-category-thresholds', "file automatically only when the product also reaches its category's own 95 %-precision threshold (as serve --per-category-thresholds)")
    .option('--data <file|dir>', 'classify every product of this catalog file instead: one CSV line each (id, title, category_id, category_path, category_name, probability, depth, decision: auto or review; for a tree model with per-depth thresholds also filed_id, filed_path, filed_depth)')
    .option('--out <file>', 'with --data: where to write the CSV (default: stdout)');
  addCatalogOptions(command, { taxonomy: false }).action(async (options: PredictCliOptions & CatalogCliOptions) => {
      overrideClipLocation(options.clipModel);
      warnAboutImageProblems();
      if (options.data !== undefined) {
        const loaded = await loadModel(options.model);
        // Labels, if the file has any, are not needed here: read without the model's taxonomy, so unknown ones do not stop it.
        const catalog = await loadCatalogWith(options.data, options, { recorded: loaded.card.data?.reading });
        const n = await predictFile(loaded, catalog, options.out ?? null, { reviewThreshold: options.reviewThreshold, perCategory: options.perCategoryThresholds, minConfidence: options.minConfidence });
        process.stderr.write(`classified ${n} products${options.out ? ` into ${options.out}` : ''}\n`);
        return;
      }
      const designation = options.title ?? options.designation;
      if (designation === undefined) throw new ProdclassError('INVALID_PARAM', 'give the product title with --title TEXT (or --designation TEXT)');
      const { model, card, taxonomy } = await loadModel(options.model);
      const input = { designation, description: options.description, image: options.image ?? null };
      if (options.image && !model.modalities?.includes('image')) process.stderr.write(`warning: a ${card.kind} model reads text only; --image is ignored\n`);
      const { proba, explanation } = await classifyOne(model, input, { explain: true });
      const predictions = topPredictions(proba, model.classes, 0, taxonomy, options.top);
      // Filed as the API files it: by default at the card's own review threshold (the server's default).
      const reviewThreshold = options.reviewThreshold ?? defaultReviewThreshold(card);
      const { decision, filing, outcome } = productFiling(taxonomy, card, model.classes, proba.row(0), {
        reviewThreshold,
        perCategory: options.perCategoryThresholds ?? false,
        minConfidence: options.minConfidence,
      });
      if (options.json) {
        const confidence = { value: predictions[0].probability, reviewThreshold, decision: outcome };
        printJson({ model: { id: card.modelId, kind: card.kind, demo: card.demo }, decision, confidence, ...(filing ? { filing: filingJson(taxonomy, filing) } : {}), predictions, explanation });
        return;
      }
      if (card.demo) process.stdout.write('(demo model trained on a synthetic catalog)\n');
      if (options.minConfidence !== undefined) {
        process.stdout.write(`filed under: ${decision.path.join(' > ')} (${(decision.probability * 100).toFixed(1)}%)\n`);
      }
      if (filing) process.stdout.write(`${filingLine(taxonomy, filing)}\n`);
      else process.stdout.write(`${outcome === 'auto' ? 'filed automatically' : 'goes to review'} (review threshold ${(reviewThreshold * 100).toFixed(1)}%)\n`);
      for (const p of predictions) {
        process.stdout.write(`${(p.probability * 100).toFixed(1).padStart(5)}%  ${p.id.padStart(4)}  ${p.path.join(' > ')}\n`);
      }
      if (explanation?.terms.length) process.stdout.write(`because of: ${explanation.terms.map((t) => t.term).join(', ')}\n`);
      if (explanation?.modalities) {
        const { text, image } = explanation.modalities;
        process.stdout.write(`decided by: text ${(text * 100).toFixed(0)}%, image ${(image * 100).toFixed(0)}%\n`);
      }
    });
}

/** A tree model's per-depth filing in `predict --json`: auto or review, the depth and the category filed at (null when reviewed). */
function filingJson(taxonomy: Taxonomy, filing: DepthFiling) {
  const filed = filing.depth > 0;
  return {
    decision: filing.decision,
    depth: filing.depth,
    category: filed ? { id: taxonomy.get(filing.key).id, name: taxonomy.nameOf(filing.key), path: taxonomy.path(filing.key), probability: filing.probability } : null,
  };
}

/** The printed line of a per-depth filing, e.g. `filed at depth 2: Home > Kitchen (97.1%), auto`. */
function filingLine(taxonomy: Taxonomy, filing: DepthFiling): string {
  if (filing.depth === 0) return 'filed at: no depth reaches its threshold, review';
  return `filed at depth ${filing.depth}: ${taxonomy.pathString(filing.key)} (${(filing.probability * 100).toFixed(1)}%), ${filing.decision}`;
}
