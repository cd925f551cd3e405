// Embedding products with the tiny CLIP: images as paths or bytes, missing and corrupt images, cache reuse, worker threads, views.

import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/core/rng.js';
import { buildImageIndex } from '../../../src/data/image-index.js';
import { encodePng } from '../../../src/image/decode-image.js';
import { embedProducts } from '../../../src/models/clip/embed-products.js';
import type { ProductInput } from '../../../src/models/product-model.js';
import { classPhoto, writeImageCatalog } from '../../helpers/image-catalog.js';
import { tempDir } from '../../helpers/tmp.js';
import { TINY_CLIP, useTinyClipOffline } from '../../helpers/tiny-clip.js';

useTinyClipOffline();
const spec = { model: TINY_CLIP, dtype: 'fp32' as const };
const catalog = await writeImageCatalog(tempDir(), { perClass: 8, skipEvery: 4, corrupt: [5] });
const index = await buildImageIndex(catalog.dir, { train: catalog.products });
const inputs: ProductInput[] = catalog.products.map((p) => ({ ...p, image: index.pathOf(p, 'train') }));

describe('embedProducts', () => {
  it('embeds text and image; missing and corrupt images are reported, never thrown', async () => {
    const { embeddings: e, problems } = await embedProducts(inputs, { spec, cacheRoot: null });
    expect([e.n, e.textDim, e.imageDim]).toEqual([24, 32, 32]);
    expect(Array.from(e.hasText).every((v) => v === 1)).toBe(true);
    const expected = inputs.map((p, i) => (p.image && i !== 5 ? 1 : 0));
    expect(Array.from(e.hasImage)).toEqual(expected);
    expect(problems.map((p) => p.index)).toEqual([5]);
    expect(problems[0].message).toMatch(/image_9005_product_7005\.jpg cannot be decoded/);
    const row = (i: number) => Array.from(e.image.subarray(i * 32, (i + 1) * 32));
    expect(row(3).every((v) => v === 0)).toBe(true); // no image: zeros
    expect(row(0).some((v) => v !== 0)).toBe(true);
  });

  it('gives the same embedding for a path and for the same bytes, and text-only when text is empty', async () => {
    const bytes = await encodePng(classPhoto(2583, new Rng(3)));
    const dir = tempDir();
    const { writeFileSync } = await import('node:fs');
    writeFileSync(`${dir}/p.png`, bytes);
    const { embeddings: e } = await embedProducts(
      [
        { designation: 'piscine', description: '', image: `${dir}/p.png` },
        { designation: '', description: '', image: bytes },
      ],
      { spec, cacheRoot: null },
    );
    expect(Array.from(e.image.subarray(0, 32))).toEqual(Array.from(e.image.subarray(32, 64)));
    expect(Array.from(e.hasText)).toEqual([1, 0]);
  });

  it('reads what it computed from the cache the second time, identically', async () => {
    const cacheRoot = tempDir();
    const first = await embedProducts(inputs, { spec, cacheRoot, views: 2 });
    const second = await embedProducts(inputs, { spec, cacheRoot, views: 2 });
    const withImage = first.embeddings.hasImage.reduce((s, v) => s + v, 0);
    expect(first.counts).toMatchObject({ textCached: 0, textComputed: 24, imageCached: 0, imageComputed: withImage * 3 });
    expect(second.counts).toMatchObject({ textCached: 24, textComputed: 0, imageCached: withImage * 3, imageComputed: 0 });
    expect(Array.from(second.embeddings.text)).toEqual(Array.from(first.embeddings.text));
    expect(Array.from(second.embeddings.image)).toEqual(Array.from(first.embeddings.image));
    expect(Array.from(second.embeddings.views[1])).toEqual(Array.from(first.embeddings.views[1]));
    expect(Array.from(second.embeddings.hasImage)).toEqual(Array.from(first.embeddings.hasImage));
  });

  it('stops at an interrupt keeping the batches done, and resumes from them', async () => {
    const cacheRoot = tempDir();
    const controller = new AbortController();
    let ticks = 0;
    const progress = { task: () => ({ tick: () => (++ticks === 3 ? controller.abort(new Error('interrupted')) : undefined), done: () => {} }) };
    const stopped = await embedProducts(inputs, { spec, cacheRoot, batchSize: 4, progress, signal: controller.signal }).catch((e: unknown) => e);
    expect(String(stopped)).toMatch(/interrupted/);
    const resumed = await embedProducts(inputs, { spec, cacheRoot, batchSize: 4 });
    expect(resumed.counts.textCached).toBeGreaterThanOrEqual(4);
    expect(resumed.counts.textCached + resumed.counts.textComputed).toBe(24);
    const fresh = await embedProducts(inputs, { spec, cacheRoot: null });
    expect(Array.from(resumed.embeddings.text)).toEqual(Array.from(fresh.embeddings.text));
  });

  it('makes seeded augmented views that differ from the photo and from each other', async () => {
    const a = (await embedProducts(inputs.slice(0, 3), { spec, cacheRoot: null, views: 2, augmentSeed: 7 })).embeddings;
    const b = (await embedProducts(inputs.slice(0, 3), { spec, cacheRoot: null, views: 2, augmentSeed: 7 })).embeddings;
    const c = (await embedProducts(inputs.slice(0, 3), { spec, cacheRoot: null, views: 2, augmentSeed: 8 })).embeddings;
    expect(Array.from(b.views[0])).toEqual(Array.from(a.views[0]));
    expect(Array.from(a.views[0])).not.toEqual(Array.from(a.image));
    expect(Array.from(a.views[0])).not.toEqual(Array.from(a.views[1]));
    expect(Array.from(c.views[0])).not.toEqual(Array.from(a.views[0]));
  });

  it('gives the same embeddings on worker threads as in this thread', async () => {
    const here = await embedProducts(inputs, { spec, cacheRoot: null, nJobs: 1, batchSize: 4 });
    const pool = await embedProducts(inputs, { spec, cacheRoot: null, nJobs: 2, batchSize: 4 });
    const close = (a: Float32Array, b: Float32Array) => a.forEach((v, i) => expect(Math.abs(v - b[i])).toBeLessThan(1e-5));
    close(pool.embeddings.text, here.embeddings.text);
    close(pool.embeddings.image, here.embeddings.image);
    expect(pool.problems.map((p) => p.index)).toEqual(here.problems.map((p) => p.index));
  });
});
