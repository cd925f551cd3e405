// `prodclass embed`: compute and cache the CLIP text and image embeddings of a challenge folder once, for training and evaluation.

import type { Command } from 'commander';
import { ProdclassError } from '../core/errors.js';
import { loadChallengeFolder } from '../data/challenge-folder.js';
import type { ClipTextFields } from '../models/clip/clip-text.js';
import { CLIP_FUSION_DEFAULTS } from '../models/clip/clip-fusion-model.js';
import { defaultClipModel, embeddingCacheRoot, normalizeClipModel, type ClipDtype } from '../models/clip/clip-spec.js';
import { embedProducts, type ImageProblem } from '../models/clip/embed-products.js';
import type { ProductInput } from '../models/product-model.js';
import { productInputs } from '../training/train-model.js';
import { CLIP_MODEL_HELP, clipDtypeOption } from './clip-options.js';
import { intOption, printJson } from './options.js';
import { terminalProgress } from './progress-bar.js';

interface EmbedCliOptions {
  data: string;
  clipModel?: string;
  clipDtype: ClipDtype;
  views: number;
  seed: number;
  jobs: number;
  batchSize: number;
  text: ClipTextFields;
  json?: boolean;
}

function textFieldsOption(value: string): ClipTextFields {
  if (value !== 'title' && value !== 'title-description') throw new ProdclassError('INVALID_PARAM', `--text must be title or title-description, got "${value}"`);
  return value;
}

export function registerEmbed(program: Command): void {
  program
    .command('embed')
    .description('compute the CLIP embeddings of every product (text, image, augmented views) into the cache ($PRODCLASS_CACHE, else ~/.cache/prodclass), resumably')
    .requiredOption('--data <dir>', 'folder in the challenge layout')
    .option('--clip-model <id|dir>', CLIP_MODEL_HELP)
    .option('--clip-dtype <dtype>', 'fp32 or q8 (the quantised export, where the model has one)', clipDtypeOption, 'fp32')
    .option('--views <k>', 'augmented views per training image (as train uses: params clip.augmentViews)', intOption('views', 0, 16), CLIP_FUSION_DEFAULTS.augmentViews)
    .option('--seed <n>', 'augmentation seed: the --seed you will train with', intOption('seed', 0, 2 ** 32 - 1), 42)
    .option('--jobs <n>', 'worker threads (-1: one per core)', intOption('jobs', -1, 256), -1)
    .option('--batch-size <n>', 'texts or image views per run of a tower', intOption('batch-size', 1, 4096), CLIP_FUSION_DEFAULTS.batchSize)
    .option('--text <fields>', 'what the text tower reads: title or title-description (as train uses: params clip.text)', textFieldsOption, CLIP_FUSION_DEFAULTS.text)
    .option('--json', 'print a JSON summary on stdout')
    .action(async (options: EmbedCliOptions) => {
      const folder = await loadChallengeFolder(options.data, { requireLabels: false });
      for (const warning of folder.warnings) process.stderr.write(`warning: ${warning}\n`);
      const spec = { model: normalizeClipModel(defaultClipModel(options.clipModel)), dtype: options.clipDtype };
      const cacheRoot = embeddingCacheRoot();
      const controller = new AbortController();
      const onSignal = () => {
        process.stderr.write('\ninterrupted: what was embedded is kept; run the same command again to resume\n');
        controller.abort(new Error('interrupted'));
      };
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      const progress = terminalProgress();
      const common = {
        spec,
        cacheRoot,
        augment: { rotate90: true, flip: true, noiseStd: CLIP_FUSION_DEFAULTS.noiseStd, brightnessStd: CLIP_FUSION_DEFAULTS.brightnessStd },
        augmentSeed: options.seed,
        nJobs: options.jobs,
        batchSize: options.batchSize,
        textFields: options.text,
        progress,
        signal: controller.signal,
      };
      const started = performance.now();
      const parts: { name: string; inputs: ProductInput[]; views: number }[] = [
        { name: 'train', inputs: productInputs([...folder.train.products, ...folder.unlabelled], folder.images), views: options.views },
      ];
      if (folder.test) parts.push({ name: 'test', inputs: folder.test.map((p) => ({ ...p, image: folder.images.pathOf(p, 'test') })), views: 0 });
      const summary: Record<string, unknown> = {};
      const problems: ImageProblem[] = [];
      try {
        for (const part of parts) {
          const result = await embedProducts(part.inputs, { ...common, views: part.views });
          problems.push(...result.problems);
          summary[part.name] = { products: part.inputs.length, withImage: part.inputs.filter((p) => p.image).length, ...result.counts, unusableImages: result.problems.length };
        }
      } catch (error) {
        if (controller.signal.aborted) {
          process.exitCode = 130;
          return;
        }
        throw error;
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
      const seconds = (performance.now() - started) / 1000;
      for (const p of problems.slice(0, 5)) process.stderr.write(`warning: ${p.message}\n`);
      if (problems.length > 5) process.stderr.write(`warning: ... and ${problems.length - 5} more unusable images (those products use their text)\n`);
      const output = { clipModel: spec, cache: cacheRoot, views: options.views, seed: options.seed, seconds, ...summary };
      if (options.json) printJson(output);
      else process.stderr.write(`embeddings of ${parts.map((p) => `${p.inputs.length} ${p.name}`).join(' and ')} products are in ${cacheRoot} (${seconds.toFixed(1)} s)\n`);
    });
}
