import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildImageIndex, imageFileName } from '../../src/data/index.js';
import { fixtureDir } from './helpers.js';

const products = Array.from({ length: 5 }, (_, i) => ({ productid: String(100 + i), imageid: String(900 + i) }));

describe('buildImageIndex', () => {
  it('maps products to absolute image paths and counts the missing ones in one warning per split', async () => {
    const dir = fixtureDir({
      'images/image_train/image_900_product_100.jpg': 'x',
      'images/image_train/image_902_product_102.jpg': 'x',
      'images/image_train/unrelated.txt': 'x',
      'images/image_test/image_904_product_104.jpg': 'x',
    });
    const index = await buildImageIndex(dir, { train: products.slice(0, 4), test: products.slice(4) });
    expect(imageFileName(products[0])).toBe('image_900_product_100.jpg');
    expect(index.pathOf(products[0], 'train')).toBe(join(dir, 'images', 'image_train', 'image_900_product_100.jpg'));
    expect(index.pathOf(products[1], 'train')).toBeNull();
    expect(index.pathOf(products[4], 'train')).toBeNull();
    expect(index.pathOf(products[4], 'test')).toBe(join(dir, 'images', 'image_test', 'image_904_product_104.jpg'));
    expect(index.counts).toEqual({ train: { products: 4, missing: 2 }, test: { products: 1, missing: 0 } });
    expect(index.warnings).toEqual(['2 of 4 training products have no image in images/image_train']);
  });

  it('treats a folder without images/ as all missing, with a single warning', async () => {
    const index = await buildImageIndex(fixtureDir(), { train: products, test: products.slice(0, 2) });
    expect(index.counts).toEqual({ train: { products: 5, missing: 5 }, test: { products: 2, missing: 2 } });
    expect(index.warnings).toHaveLength(1);
    expect(index.warnings[0]).toContain('5 training and 2 test products');
  });

  it('says nothing when every image is there', async () => {
    const dir = fixtureDir({ 'images/image_train/image_900_product_100.jpg': 'x' });
    expect((await buildImageIndex(dir, { train: products.slice(0, 1) })).warnings).toEqual([]);
  });
});
