// Which products have an image file: one readdir per image folder, then constant-time lookups by product.

import { readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Product } from './product.js';

/** The two image folders of the challenge layout. */
export type ImageSplit = 'train' | 'test';

/** What names a product's image file. */
export type ImageKey = Pick<Product, 'productid' | 'imageid'>;

/** Image folder of each split, relative to the data folder. */
export const IMAGE_FOLDERS: Readonly<Record<ImageSplit, string>> = Object.freeze({
  train: join('images', 'image_train'),
  test: join('images', 'image_test'),
});

const SPLIT_WORD: Record<ImageSplit, string> = { train: 'training', test: 'test' };

/** The challenge's image file name: `image_{imageid}_product_{productid}.jpg`. */
export function imageFileName(product: ImageKey): string {
  return `image_${product.imageid}_product_${product.productid}.jpg`;
}

/** Image files of a data folder, and how many of the products it was built for lack one. */
export interface ImageIndex {
  /** Absolute path of the data folder's `images/` folder, whether or not it exists. */
  readonly root: string;
  /** Absolute path of the product's image, or null when its split's folder has no such file. */
  pathOf(product: ImageKey, split: ImageSplit): string | null;
  /** Per split: products counted, and those without an image file. */
  readonly counts: Readonly<Record<ImageSplit, { products: number; missing: number }>>;
  /** At most one line per split saying how many products lack an image (one line in all when `images/` is absent). */
  readonly warnings: readonly string[];
  /** Photo URLs of a catalog file: on this machine only once fetched (`fetchCatalogPhotos`). */
  readonly urls?: readonly string[];
}

/**
 * Lists each image folder of `dataDir` once (85k files take tens of milliseconds) and counts the given
 * products that have no image. Missing images, or a missing `images/` folder, are warnings, never errors:
 * text-only models need none.
 * @throws Error only for file-system failures other than a missing folder (permissions, I/O).
 */
export async function buildImageIndex(
  dataDir: string,
  products: { train: readonly ImageKey[]; test?: readonly ImageKey[] | null },
): Promise<ImageIndex> {
  const root = resolve(dataDir, 'images');
  const folders = { train: resolve(dataDir, IMAGE_FOLDERS.train), test: resolve(dataDir, IMAGE_FOLDERS.test) };
  const files = { train: await listFolder(folders.train), test: await listFolder(folders.test) };
  const pathOf = (product: ImageKey, split: ImageSplit): string | null => {
    const name = imageFileName(product);
    return files[split]?.has(name) ? join(folders[split], name) : null;
  };
  const count = (split: ImageSplit, list: readonly ImageKey[]) => {
    let missing = 0;
    for (const product of list) if (pathOf(product, split) === null) missing++;
    return { products: list.length, missing };
  };
  const counts = { train: count('train', products.train), test: count('test', products.test ?? []) };
  const noImagesFolder = files.train === null && files.test === null && (await listFolder(root)) === null;
  return { root, pathOf, counts, warnings: warningsFor(counts, noImagesFolder) };
}

function warningsFor(counts: ImageIndex['counts'], noImagesFolder: boolean): string[] {
  const splits = (['train', 'test'] as const).filter((split) => counts[split].products > 0);
  if (noImagesFolder) {
    if (splits.length === 0) return [];
    const who = splits.map((split) => `${counts[split].products} ${SPLIT_WORD[split]}`).join(' and ');
    return [`no images/ folder: none of the ${who} products has an image (expected ${join(IMAGE_FOLDERS.train, 'image_{imageid}_product_{productid}.jpg')})`];
  }
  return splits
    .filter((split) => counts[split].missing > 0)
    .map((split) => `${counts[split].missing} of ${counts[split].products} ${SPLIT_WORD[split]} products have no image in ${IMAGE_FOLDERS[split]}`);
}

/** File names in a folder, or null when the folder does not exist. */
async function listFolder(dir: string): Promise<Set<string> | null> {
  try {
    return new Set(await readdir(dir));
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    throw error;
  }
}
