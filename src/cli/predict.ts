// `prodclass predict`: classify one product from the command line.

import type { Command } from 'commander';
import { loadModel } from '../models/model-store.js';
import { classifyOne } from '../models/classify-one.js';
import { topPredictions } from '../models/top-predictions.js';
import { overrideClipLocation, warnAboutImageProblems } from './clip-options.js';
import { intOption, printJson } from './options.js';

interface PredictCliOptions {
  model: string;
  designation: string;
  description: string;
  image?: string;
  clipModel?: string;
  top: number;
  json?: boolean;
}

export function registerPredict(program: Command): void {
  program
    .command('predict')
    .description('classify one product: top categories with probabilities')
    .requiredOption('--model <dir>', 'model folder')
    .requiredOption('--designation <text>', 'product title')
    .option('--description <text>', 'product description (HTML allowed)', '')
    .option('--image <path>', 'product photo (JPEG, PNG, WebP), for models that read images')
    .option('--clip-model <id|dir>', 'where the model\'s CLIP weights are, when not where it was trained ($PRODCLASS_CLIP_MODEL)')
    .option('--top <k>', 'how many categories to show', intOption('top', 1, 27), 5)
    .option('--json', 'print JSON on stdout')
    .action(async (options: PredictCliOptions) => {
      overrideClipLocation(options.clipModel);
      warnAboutImageProblems();
      const { model, card } = await loadModel(options.model);
      const input = { designation: options.designation, description: options.description, image: options.image ?? null };
      if (options.image && !model.modalities?.includes('image')) process.stderr.write(`warning: a ${card.kind} model reads text only; --image is ignored\n`);
      const { proba, explanation } = await classifyOne(model, input, { explain: true });
      const predictions = topPredictions(proba, model.classes, 0, options.top);
      if (options.json) {
        printJson({ model: { id: card.modelId, kind: card.kind, demo: card.demo }, predictions, explanation });
        return;
      }
      if (card.demo) process.stdout.write('(demo model trained on a synthetic catalog)\n');
      for (const p of predictions) {
        process.stdout.write(`${(p.probability * 100).toFixed(1).padStart(5)}%  ${String(p.code).padStart(4)}  ${p.name}\n`);
      }
      if (explanation?.terms.length) process.stdout.write(`because of: ${explanation.terms.map((t) => t.term).join(', ')}\n`);
      if (explanation?.modalities) {
        const { text, image } = explanation.modalities;
        process.stdout.write(`decided by: text ${(text * 100).toFixed(0)}%, image ${(image * 100).toFixed(0)}%\n`);
      }
    });
}
