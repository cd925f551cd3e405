// `prodclass train`: fit a model kind on a catalog (a catalog file or the challenge folder) and save the model folder.

import type { Command } from 'commander';
import type { JsonObject } from '../core/estimator.js';
import { STACKING_MAX_CLASSES } from '../models/compose/stacking.js';
import { modelKind, modelKindNames } from '../models/model-kinds.js';
import { defaultModelKind } from '../models/text-model-kinds.js';
import { fetchCatalogPhotos } from '../data/remote-images.js';
import { saveModel } from '../models/model-store.js';
import { DEFAULT_VALIDATION_FRACTION, trainModel, type TrainResult } from '../training/train-model.js';
import { DEFAULT_FOLDS } from '../training/out-of-fold.js';
import { normalizeClipModel, type ClipDtype } from '../models/clip/clip-spec.js';
import { CLIP_MODEL_HELP, clipDtypeOption, warnAboutImageProblems } from './clip-options.js';
import { buildIndexFolder } from './index-catalog.js';
import { TEXT_EMBEDDER_DEFAULTS } from '../models/similar/text-embedder.js';
import { addCatalogOptions, loadCatalogWith, type CatalogCliOptions } from './data-options.js';
import { intOption, jsonObjectOption, numberOption, printJson } from './options.js';
import { terminalProgress } from './progress-bar.js';
import { printMetricsSummary } from './summary.js';
import { suspectsToExclude } from '../workflows/audit/exclude-suspects.js';

export interface TrainCliOptions extends CatalogCliOptions {
  data: string;
  /** The kind to fit; the catalog's default (`defaultModelKind`) when not given. */
  model?: string;
  out: string;
  seed: number;
  params?: JsonObject;
  /** Hold out this share of rows instead of validating out-of-fold (`--validation-fraction`). */
  validationFraction?: number;
  /** Out-of-fold validation over this many folds (default 5) when no validation fraction is given. */
  folds?: number;
  /** CLIP model for the kinds that read images (recorded in params.clip). */
  clipModel?: string;
  clipDtype?: ClipDtype;
  /** Fetch photo URLs that resolve to loopback or private addresses too (an intranet image server). */
  allowPrivatePhotos?: boolean;
  /** Languages of the text features (`--language fr,en` or auto), recorded in params.features.language. */
  language?: string[] | 'auto';
  /** Also build the similarity index of the catalog inside the model folder. */
  similar?: boolean;
  json?: boolean;
  /** Leave out of training as many top audit suspects as confident learning estimates are misfiled. */
  excludeSuspects?: boolean;
}

/** Loads, trains, saves; shared by `train` and `start`. */
export async function trainToFolder(options: Omit<TrainCliOptions, 'json'>): Promise<TrainResult> {
  const progress = terminalProgress();
  const task = progress.task('load data', 1);
  let folder = await loadCatalogWith(options.data, options, { requireLabels: true });
  task.tick();
  task.done();
  const kind = options.model ?? defaultModelKind(folder.train);
  const readsImages = modelKind(kind).modalities.includes('image');
  if (readsImages && (folder.images.urls?.length ?? 0) > 0) {
    // Photo URLs are fetched once, into the cache, only for the kinds that read photos.
    const fetching = progress.task('fetch photos', folder.images.urls!.length);
    const fetched = await fetchCatalogPhotos(folder, { allowPrivate: options.allowPrivatePhotos, onProgress: () => fetching.tick() });
    fetching.done();
    folder = fetched.catalog;
  }
  for (const warning of folder.warnings) process.stderr.write(`warning: ${warning}\n`);
  const { taxonomy } = folder;
  process.stderr.write(
    `${folder.train.products.length} labelled products in ${new Set(folder.train.labels).size} categories ` +
      `(taxonomy: ${taxonomy.name}, ${taxonomy.size} categories${taxonomy.isTree ? `, ${taxonomy.maxDepth} levels` : ''})\n`,
  );
  const result = await trainModel({
    data: folder.train,
    taxonomy: folder.taxonomy,
    reading: folder.reading,
    source: folder.source,
    demo: folder.demo,
    images: folder.images,
    kind,
    params: withLanguage(withClipOptions(options), options.language),
    seed: options.seed,
    // A plain split when asked for; otherwise every row is validated out-of-fold and the model fitted on all of them.
    // Kinds that read photos keep the split unless --folds asks: each of their fits embeds and trains a network,
    // and their card's per-part scores come from the held-out rows.
    validationFraction: options.validationFraction ?? (readsImages && options.folds === undefined ? DEFAULT_VALIDATION_FRACTION : 0),
    folds: options.validationFraction === undefined && !(readsImages && options.folds === undefined) ? (options.folds ?? DEFAULT_FOLDS) : undefined,
    excludeFromTraining: options.excludeSuspects
      ? await suspectsToExclude({ products: folder.train.products, labels: folder.train.labels, taxonomy, seed: options.seed, progress })
      : undefined,
    progress,
  });
  await saveModel(options.out, result.model, result.card, result.taxonomy);
  return result;
}

/** `--language` folded into the text features' parameters (kinds without TF-IDF features have none to take it). */
function withLanguage(params: JsonObject | undefined, language: string[] | 'auto' | undefined): JsonObject | undefined {
  if (language === undefined) return params;
  const features = { ...((params?.features as JsonObject | undefined) ?? {}), language };
  return { ...(params ?? {}), features };
}

/** `--clip-model` / `--clip-dtype` folded into the params of the CLIP kinds (`params.clip`). */
function withClipOptions(options: Omit<TrainCliOptions, 'json'>): JsonObject | undefined {
  if (!options.clipModel && !options.clipDtype) return options.params;
  const params = options.params ?? {};
  const clip = { ...((params.clip as JsonObject | undefined) ?? {}) };
  if (options.clipModel) clip.model = normalizeClipModel(options.clipModel);
  if (options.clipDtype) clip.dtype = options.clipDtype;
  return { ...params, clip };
}

export function registerTrain(program: Command): void {
  const command = program
    .command('train')
    .description('train a model on a catalog and save it')
    .requiredOption('--data <file|dir>', 'a catalog file (CSV, TSV, JSON Lines, Parquet, xlsx) or a folder in the Rakuten challenge layout')
    .option('--model <kind>', `model kind (${modelKindNames().join(', ')}; default: text-ensemble up to ${STACKING_MAX_CLASSES} categories, text-linear beyond)`)
    .requiredOption('--out <dir>', 'model folder to write (replaced if it exists)')
    .option('--seed <n>', 'seed for every random step', intOption('seed', 0, 2 ** 32 - 1), 42)
    .option('--params <json>', 'hyperparameters by step, e.g. \'{"classifier":{"C":1}}\' or @best-params.json', jsonObjectOption('params'))
    .option(
      '--folds <k>',
      `validate out-of-fold over k folds, then fit the saved model on every row (default ${DEFAULT_FOLDS}; kinds that read photos hold out ${DEFAULT_VALIDATION_FRACTION} unless given)`,
      intOption('folds', 2, 20),
    )
    .option(
      '--validation-fraction <f>',
      `hold out this share of rows instead (a plain split, e.g. ${DEFAULT_VALIDATION_FRACTION}; the saved model never sees them; 0: no validation)`,
      numberOption('validation-fraction', 0, 0.5),
    )
    .option('--clip-model <id|dir>', `${CLIP_MODEL_HELP}; for clip-fusion and multimodal`)
    .option('--clip-dtype <dtype>', 'fp32 or q8 CLIP weights', clipDtypeOption)
    .option('--language <codes>', 'languages of the catalog for stop words and cleaning, e.g. fr,en (default: auto, detected from the titles)', languageList)
    .option('--exclude-suspects', 'audit the catalog first and train without the products it finds misfiled (as many as confident learning estimates)')
    .option('--allow-private-photos', 'fetch photo URLs on loopback or private addresses too (refused by default)')
    .option('--similar', 'also build the similarity index of the catalog in the model folder (as "prodclass index --model")')
    .option('--json', 'print the model card as JSON on stdout');
  addCatalogOptions(command).action(async (options: TrainCliOptions) => {
      warnAboutImageProblems();
      const { card, validation } = await trainToFolder(options);
      if (options.similar) {
        const index = await buildIndexFolder({ ...options, model: options.out, dims: TEXT_EMBEDDER_DEFAULTS.dims });
        process.stderr.write(`indexed ${index.products} products for similar-product search (${index.seconds.toFixed(1)} s)\n`);
      }
      if (options.json) printJson(card);
      else {
        process.stderr.write(`saved ${card.kind} model ${card.modelId} to ${options.out} (${card.trainingSeconds?.toFixed(1)} s)\n`);
        if (validation) printMetricsSummary(validation, `validation (${validation.n} products)`);
      }
    });
}

/** `--language fr,en` or `--language auto`. */
function languageList(value: string): string[] | 'auto' {
  if (value.trim() === 'auto') return 'auto';
  return value.split(',').map((code) => code.trim().toLowerCase()).filter(Boolean);
}
