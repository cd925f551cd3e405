// The CLIP commands as a user runs them: fixtures:clip, embed (resumable), train clip-fusion / multimodal, evaluate, predict --image.

import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeImageCatalog, type ImageCatalog } from '../helpers/image-catalog.js';
import { REPO_ROOT, runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/tmp.js';

const root = tempDir();
const clip = join(root, 'tiny-clip');
const env = { PRODCLASS_OFFLINE: '1', PRODCLASS_CACHE: join(root, 'cache'), PRODCLASS_CLIP_MODEL: '' };
let catalog: ImageCatalog;

beforeAll(async () => {
  // What `npm run fixtures:clip -- OUT_DIR` runs.
  const tsx = join(REPO_ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
  const copy = spawnSync(process.execPath, [tsx, join(REPO_ROOT, 'test/fixtures/clip/copy-tiny-clip.ts'), clip], { encoding: 'utf8' });
  expect(copy.status).toBe(0);
  catalog = await writeImageCatalog(join(root, 'data'), { perClass: 30, skipEvery: 5, corrupt: [4] });
}, 60_000);

describe('prodclass with CLIP', () => {
  it('fixtures:clip writes a model in the layout transformers.js loads', () => {
    for (const file of ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'preprocessor_config.json', 'onnx/text_model.onnx', 'onnx/vision_model.onnx']) {
      expect(existsSync(join(clip, file)), file).toBe(true);
    }
  });

  it('embed computes every embedding once, reports unusable images, and reuses the cache', async () => {
    const first = await runCli(['embed', '--data', catalog.dir, '--clip-model', clip, '--views', '1', '--jobs', '2', '--batch-size', '8', '--json'], { env });
    expect(first.code, first.stderr).toBe(0);
    const out = JSON.parse(first.stdout);
    expect(out.train).toMatchObject({ products: 90, withImage: 73, textComputed: 90, unusableImages: 1, imageComputed: 72 * 2 });
    expect(first.stderr).toMatch(/image_9004_product_7004\.jpg cannot be decoded/);
    const second = await runCli(['embed', '--data', catalog.dir, '--clip-model', clip, '--views', '1', '--json'], { env });
    expect(JSON.parse(second.stdout).train).toMatchObject({ textCached: 90, textComputed: 0, imageCached: 72 * 2, imageComputed: 0 });
  });

  it('trains multimodal, evaluates it and predicts with a photo', async () => {
    const model = join(root, 'mm');
    const trained = await runCli(['train', '--data', catalog.dir, '--model', 'multimodal', '--clip-model', clip, '--out', model, '--params', '{"clip":{"augmentViews":1},"head":{"learningRate":0.01}}', '--json'], { env });
    expect(trained.code, trained.stderr).toBe(0);
    const card = JSON.parse(trained.stdout);
    expect(card.params.clip).toMatchObject({ model: clip, augmentViews: 1 });
    expect(Object.keys(card.metrics.components)).toEqual(['text-only', 'image-only', 'clip-fusion', 'late-fusion']);
    expect(card.extra.training.head.history.length).toBeGreaterThan(0);
    expect(trained.stderr).toMatch(/1 image\(s\) could not be used/);

    const evaluated = await runCli(['evaluate', '--model', model, '--data', catalog.dir, '--json'], { env });
    expect(evaluated.code, evaluated.stderr).toBe(0);
    const evaluation = JSON.parse(evaluated.stdout);
    expect(evaluation.weightedF1).toBeCloseTo(card.metrics.validation.weightedF1, 10);
    expect(evaluation.components['late-fusion'].all.weightedF1).toBeCloseTo(evaluation.weightedF1, 10);

    const product = catalog.products[0];
    const photo = join(catalog.dir, 'images', 'image_train', `image_${product.imageid}_product_${product.productid}.jpg`);
    const predicted = await runCli(['predict', '--model', model, '--designation', 'lot de 3', '--image', photo, '--json'], { env });
    expect(predicted.code, predicted.stderr).toBe(0);
    const answer = JSON.parse(predicted.stdout);
    expect(answer.predictions).toHaveLength(3); // the catalog has three classes
    expect(answer.explanation.modalities.text + answer.explanation.modalities.image).toBeCloseTo(1, 6);
  });

  it('says how to fix a CLIP model that cannot be found offline', async () => {
    const r = await runCli(['train', '--data', catalog.dir, '--model', 'clip-fusion', '--out', join(root, 'x'), '--clip-model', 'Xenova/clip-vit-base-patch32'], { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\[MODEL_NOT_FOUND\].*downloads are off/);
    expect(existsSync(join(root, 'x', 'manifest.json'))).toBe(false);
    expect(readFileSync(join(clip, 'config.json'), 'utf8')).toMatch(/"model_type": "clip"/);
  });
});
