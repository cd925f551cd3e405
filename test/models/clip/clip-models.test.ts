// clip-fusion and multimodal end to end with the tiny CLIP: train with images, card, save/load, uploads, fallbacks, relocation.

import { cpSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Rng } from '../../../src/core/rng.js';
import { buildImageIndex } from '../../../src/data/image-index.js';
import { encodeJpeg } from '../../../src/image/decode-image.js';
import { releaseSharedEncoders } from '../../../src/models/clip/encoder-registry.js';
import { onImageProblems } from '../../../src/models/clip/image-problems.js';
import type { ClipFusionModel } from '../../../src/models/clip/clip-fusion-model.js';
import type { MultimodalModel } from '../../../src/models/clip/multimodal-model.js';
import { loadModel, saveModel } from '../../../src/models/model-store.js';
import '../../../src/models/registrations.js';
import { trainModel } from '../../../src/training/train-model.js';
import { classPhoto, writeImageCatalog } from '../../helpers/image-catalog.js';
import { tempDir } from '../../helpers/tmp.js';
import { TINY_CLIP, useTinyClipOffline } from '../../helpers/tiny-clip.js';
import { RAKUTEN_TAXONOMY } from '../../../src/taxonomy/index.js';

useTinyClipOffline();
const catalog = await writeImageCatalog(tempDir(), { perClass: 60, ambiguous: 0.6, skipEvery: 7 });
const images = await buildImageIndex(catalog.dir, { train: catalog.products });
const clipParams = { clip: { model: TINY_CLIP, nJobs: 1 }, head: { learningRate: 0.01, maxEpochs: 40 } };
const train = (kind: string, params: object = clipParams) =>
  trainModel({ data: catalog, taxonomy: RAKUTEN_TAXONOMY, source: catalog.dir, demo: false, images, kind, params: params as never, seed: 7, validationFraction: 0.25 });

afterEach(() => {
  delete process.env.PRODCLASS_CLIP_MODEL;
});

describe('clip-fusion', async () => {
  const { model, card, validation } = await train('clip-fusion');
  const fusion = model as ClipFusionModel;

  it('learns from the photos, and its card holds the curves and the CLIP model', () => {
    expect(validation!.weightedF1).toBeGreaterThan(0.8);
    const training = card.extra.training as { clip: { model: string; textDim: number }; head: { history: unknown[]; bestEpoch: number } };
    expect(training.clip).toMatchObject({ model: TINY_CLIP, textDim: 32 });
    expect(training.head.history.length).toBeGreaterThan(1);
    const components = card.metrics.components as Record<string, { all: { weightedF1: number } }>;
    expect(Object.keys(components)).toEqual(['clip-fusion', 'clip-text-only', 'image-only']);
    expect(components['image-only'].all.weightedF1).toBeGreaterThan(components['clip-text-only'].all.weightedF1);
  });

  it('scores uploaded bytes like the same file, and falls back to text for a corrupt upload', async () => {
    const product = catalog.products[0];
    const path = images.pathOf(product, 'train')!;
    const { readFileSync } = await import('node:fs');
    const fromPath = await fusion.predictProba([{ ...product, image: path }]);
    const fromBytes = await fusion.predictProba([{ ...product, image: new Uint8Array(readFileSync(path)) }]);
    expect(Array.from(fromBytes.data)).toEqual(Array.from(fromPath.data));
    const seen: string[] = [];
    const stop = onImageProblems((problems) => seen.push(...problems.map((p) => p.message)));
    const corrupt = await fusion.predictProba([{ ...product, image: new TextEncoder().encode('garbage') }]);
    const textOnly = await fusion.predictProba([{ ...product, image: null }]);
    stop();
    expect(Array.from(corrupt.data)).toEqual(Array.from(textOnly.data));
    expect(seen[0]).toMatch(/uploaded image \(7 bytes\) cannot be decoded/);
  });

  it('explains by modality: a product without text is decided by its image', async () => {
    const bytes = await encodeJpeg(classPhoto(2583, new Rng(9)));
    const e = await fusion.explain({ designation: '', description: '', image: bytes }, 2583);
    expect(e.modalities).toEqual({ text: 0, image: 1 });
    const both = await fusion.explain({ designation: 'lot de 3', description: '', image: bytes }, 2583);
    expect(both.modalities!.text + both.modalities!.image).toBeCloseTo(1, 6);
  });

  it('saves and loads, and finds its CLIP model through PRODCLASS_CLIP_MODEL once moved', async () => {
    const clipDir = join(tempDir(), 'clip');
    cpSync(TINY_CLIP, clipDir, { recursive: true });
    const { model: moved, card: movedCard } = await train('clip-fusion', { ...clipParams, clip: { ...clipParams.clip, model: clipDir } });
    const dir = join(tempDir(), 'model');
    await saveModel(dir, moved, movedCard, RAKUTEN_TAXONOMY);
    const inputs = catalog.products.slice(0, 6).map((p) => ({ ...p, image: images.pathOf(p, 'train') }));
    const before = await moved.predictProba(inputs);
    const { model: loaded } = await loadModel(dir);
    expect(Array.from((await loaded.predictProba(inputs)).data)).toEqual(Array.from(before.data));
    renameSync(clipDir, `${clipDir}-elsewhere`);
    await releaseSharedEncoders(); // as in a new process
    const { model: stranded } = await loadModel(dir);
    await expect(stranded.predictProba([{ designation: 'x', description: '', image: null }])).rejects.toMatchObject({ code: 'MODEL_NOT_FOUND' });
    process.env.PRODCLASS_CLIP_MODEL = `${clipDir}-elsewhere`;
    expect(Array.from((await stranded.predictProba(inputs)).data)).toEqual(Array.from(before.data));
  });
});

describe('multimodal', async () => {
  const text = await train('text-linear', {});
  const { model, card, validation } = await train('multimodal');
  const multimodal = model as MultimodalModel;

  it('beats the text model when photos decide, with the four scores side by side on the card', () => {
    expect(validation!.weightedF1).toBeGreaterThan(text.validation!.weightedF1);
    const components = card.metrics.components as Record<string, { all: { weightedF1: number }; withImage: { weightedF1: number } }>;
    expect(Object.keys(components)).toEqual(['text-only', 'image-only', 'clip-fusion', 'late-fusion']);
    expect(components['late-fusion'].all.weightedF1).toBeCloseTo(validation!.weightedF1, 10);
    expect(components['text-only'].all.weightedF1).toBeCloseTo(text.validation!.weightedF1, 10);
    expect(multimodal.weights.both).toBeGreaterThan(0);
    expect(multimodal.weights.imageOnly).toBe(1);
  });

  it('explains with words from the text model and modality shares', async () => {
    const product = catalog.products.find((p, i) => catalog.labels[i] === 2583 && p.designation.includes('piscine'))!;
    const e = await multimodal.explain({ ...product, image: images.pathOf(product, 'train') }, 2583);
    expect(e.terms.map((t) => t.term)).toContain('piscine');
    expect(e.modalities!.text + e.modalities!.image).toBeCloseTo(1, 6);
  });

  it('saves and loads with identical predictions', async () => {
    const dir = join(tempDir(), 'mm');
    await saveModel(dir, model, card, RAKUTEN_TAXONOMY);
    const inputs = catalog.products.slice(0, 9).map((p) => ({ ...p, image: images.pathOf(p, 'train') }));
    const { model: loaded } = await loadModel(dir);
    expect(Array.from((await loaded.predictProba(inputs)).data)).toEqual(Array.from((await model.predictProba(inputs)).data));
  });
});
