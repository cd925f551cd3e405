// Benchmark: multimodal (late fusion with the tiny test CLIP) against text-linear on the same 5 stratified folds of the sample:
// late fusion must never score below the text model (it has to learn to ignore a useless modality).
// Usage: tsx bench/multimodal-cv.ts [--data DIR] [--clip-model DIR] [--folds 5]   (prints one JSON object)

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadChallengeFolder } from '../src/data/challenge-folder.js';
import { stratifiedKFold } from '../src/data/splits.js';
import { classificationMetrics } from '../src/evaluation/classification-metrics.js';
import { modelKind } from '../src/models/model-kinds.js';
import '../src/models/registrations.js';
import { pick, pickLabels, productInputs } from '../src/training/train-model.js';

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: fileURLToPath(new URL('../../shared/data/rakuten-sample', import.meta.url)) },
    'clip-model': { type: 'string', default: fileURLToPath(new URL('../test/fixtures/clip/tiny-clip', import.meta.url)) },
    folds: { type: 'string', default: '5' },
  },
});
process.env.PRODCLASS_OFFLINE = '1';
const cache = mkdtempSync(join(tmpdir(), 'prodclass-bench-cache-'));
process.env.PRODCLASS_CACHE = cache;

const folder = await loadChallengeFolder(values.data!);
const inputs = productInputs(folder.train.products, folder.images);
const labels = folder.train.labels;
const params = { clip: { model: values['clip-model']! } };
const rows: { fold: number; textLinear: number; multimodal: number; weights: unknown; textSeconds: number; multimodalSeconds: number }[] = [];
for (const [fold, split] of stratifiedKFold(labels, Number(values.folds), 0).entries()) {
  const score = async (kind: string) => {
    const started = performance.now();
    const model = await modelKind(kind).create({ seed: 0, params: kind === 'multimodal' ? params : undefined }).fit(pick(inputs, split.train), pickLabels(labels, split.train));
    const seconds = (performance.now() - started) / 1000;
    const predicted = (await model.predictProba(pick(inputs, split.validation))).argmaxRows().map((j) => model.classes[j]);
    return { f1: classificationMetrics(pickLabels(labels, split.validation), predicted).weightedF1, model, seconds };
  };
  const text = await score('text-linear');
  const multimodal = await score('multimodal');
  rows.push({
    fold,
    textLinear: text.f1,
    multimodal: multimodal.f1,
    weights: (multimodal.model as unknown as { weights: unknown }).weights,
    textSeconds: text.seconds,
    multimodalSeconds: multimodal.seconds,
  });
  process.stderr.write(`fold ${fold}: text-linear ${text.f1.toFixed(4)}, multimodal ${multimodal.f1.toFixed(4)}\n`);
}
rmSync(cache, { recursive: true, force: true });
const mean = (xs: number[]) => xs.reduce((s, v) => s + v, 0) / xs.length;
console.log(
  JSON.stringify({
    benchmark: 'multimodal-cv',
    clipModel: values['clip-model'],
    folds: rows,
    meanWeightedF1: { textLinear: mean(rows.map((r) => r.textLinear)), multimodal: mean(rows.map((r) => r.multimodal)) },
    neverBelowTextLinear: rows.every((r) => r.multimodal >= r.textLinear),
  }),
);
