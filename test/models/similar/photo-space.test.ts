// Photo vectors in the similarity index (tiny CLIP): similar by photo and by both, search by a photo and by words, kept through save and load.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateDemoProducts } from '../../../src/data/demo-catalog.js';
import { SimilarIndex, type CatalogEntry } from '../../../src/models/similar/similar-index.js';
import { pngImage } from '../../helpers/images.js';
import { TINY_CLIP, useTinyClipOffline } from '../../helpers/tiny-clip.js';
import { tempDir } from '../../helpers/tmp.js';

useTinyClipOffline();
const dir = tempDir();
const data = generateDemoProducts({ seed: 4, perClass: 3 });
const colours = [
  { r: 220, g: 30, b: 30 },
  { r: 30, g: 200, b: 40 },
  { r: 20, g: 40, b: 230 },
  { r: 240, g: 240, b: 30 },
];
// Products 0-11 have photos, of four colours (3 each); the others have none.
const entries: CatalogEntry[] = [];
for (const [i, product] of data.products.entries()) {
  let image: string | null = null;
  if (i < 12) {
    image = join(dir, `photo-${i}.png`);
    writeFileSync(image, await pngImage(40 + (i % 3), 40, colours[i % 4]));
  }
  entries.push({ product, category: data.labels[i], image });
}
const index = await SimilarIndex.build(entries, { embedder: { dims: 16 }, photos: { spec: { model: TINY_CLIP, dtype: 'fp32' }, cacheRoot: null } });

describe('photo vectors', () => {
  it('embeds every readable photo and ranks products by photo: same colour first', () => {
    expect(index.photoCount).toBe(12);
    const hits = index.similarToIdBy('0', 2, 'image');
    expect(hits.map((h) => h.id)).not.toContain('0');
    // Photos 4 and 8 share photo 0's colour.
    expect(hits.map((h) => h.id).sort()).toEqual(['4', '8']);
    expect(hits[0].similarity).toBeGreaterThan(0.9);
  });

  it('ranks by both with the weight, and refuses photos for a product without one', () => {
    const both = index.similarToIdBy('0', 5, 'both', 0.5);
    expect(both).toHaveLength(5);
    for (let i = 1; i < both.length; i++) expect(both[i - 1].similarity).toBeGreaterThanOrEqual(both[i].similarity);
    const textOnly = index.similarToIdBy('0', 5, 'both', 1);
    expect(textOnly.map((h) => h.id)).toEqual(index.similarToId('0', 5).map((h) => h.id));
    expect(() => index.similarToIdBy('20', 3, 'image')).toThrow(/no photo vector/);
  });

  it('ranks a new product by its text and its photo: all text at weight 1, all photo at weight 0, both between', async () => {
    const product = { designation: data.products[0].designation, description: data.products[0].description };
    const photo = await pngImage(41, 40, colours[1]);
    const textOnly = await index.similarToProduct(product, photo, 5, 1);
    expect(textOnly.map((h) => h.id)).toEqual(index.similarToText(product, 5).map((h) => h.id));
    const photoOnly = await index.similarToProduct(product, photo, 3, 0);
    expect(photoOnly.map((h) => Number(h.id) % 4)).toEqual([1, 1, 1]);
    const both = await index.similarToProduct(product, photo, 5, 0.5);
    for (let i = 1; i < both.length; i++) expect(both[i - 1].similarity).toBeGreaterThanOrEqual(both[i].similarity);
    // Product 0 matches the text exactly (red photo) and stays near the top; the green photos match the photo, so the
    // photo's weight lifts the first of them above where the text alone ranks it.
    expect(both.slice(0, 2).map((h) => h.id)).toContain('0');
    const firstGreen = (hits: { id: string }[]) => hits.findIndex((h) => Number(h.id) < 12 && Number(h.id) % 4 === 1);
    const all = data.products.length;
    const byBoth = firstGreen(await index.similarToProduct(product, photo, all, 0.5));
    const byText = firstGreen(index.similarToText(product, all));
    expect(byBoth).toBeGreaterThanOrEqual(0);
    expect(byBoth).toBeLessThan(byText < 0 ? all : byText);
    expect(byBoth).toBeLessThan(6);
  });

  it('searches by a photo and by words, and keeps the photos through save and load', async () => {
    const byPhoto = await index.similarToPhoto({ image: await pngImage(41, 40, colours[1]) }, 3);
    expect(byPhoto.map((h) => Number(h.id) % 4)).toEqual([1, 1, 1]);
    const byWords = await index.similarToPhoto({ words: 'a green picture' }, 4);
    expect(byWords).toHaveLength(4);
    const saved = join(dir, 'index');
    await index.save(saved);
    const loaded = await SimilarIndex.load(saved);
    expect(loaded.photoCount).toBe(12);
    expect(loaded.similarToIdBy('0', 2, 'image').map((h) => h.id).sort()).toEqual(['4', '8']);
    const textOnly = await SimilarIndex.build(entries.slice(0, 20), { embedder: { dims: 8 } });
    await expect(textOnly.similarToPhoto({ words: 'x' }, 3)).rejects.toThrow(/no photo vectors/);
  });
});
