// Which catalog products have a photo on this machine: files beside the catalog, absolute paths, or downloaded URLs.

import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import type { ImageIndex, ImageKey } from './image-index.js';
import type { Product } from './product.js';

/** Where downloaded photos are kept, one file per URL (named by the URL's SHA-256). */
export const DEFAULT_IMAGE_CACHE = resolve('var', 'cache', 'images');

/** A photo reference as a catalog writes it: an http(s) URL, or a path relative to the file's folder. */
export function photoLocation(baseDir: string, cell: string): { url: string } | { path: string } | null {
  const text = cell.trim();
  if (text === '') return null;
  if (/^https?:\/\//i.test(text)) return { url: text };
  return { path: isAbsolute(text) ? text : resolve(baseDir, text) };
}

/** The cached file of a photo URL. */
export function cachedImagePath(cacheDir: string, url: string): string {
  return join(cacheDir, createHash('sha256').update(url).digest('hex'));
}

/**
 * Checks every photo cell once: a local file must exist; a URL counts when it was downloaded into `cacheDir`
 * (`fetchRemoteImages` does that, only for models that read photos). Missing photos are warnings: the product is
 * classified from its text.
 */
export async function catalogImageIndex(
  baseDir: string,
  train: readonly Product[],
  unlabelled: readonly Product[] = [],
  cacheDir = DEFAULT_IMAGE_CACHE,
): Promise<ImageIndex> {
  const found = new Map<string, string | null>();
  const urls = new Set<string>();
  for (const product of [...train, ...unlabelled]) {
    const cell = product.imageid;
    if (found.has(cell)) continue;
    const where = photoLocation(baseDir, cell);
    if (where === null) found.set(cell, null);
    else if ('url' in where) {
      urls.add(where.url);
      const cached = cachedImagePath(cacheDir, where.url);
      found.set(cell, (await isFile(cached)) ? cached : null);
    } else found.set(cell, (await isFile(where.path)) ? where.path : null);
  }
  const pathOf = (product: ImageKey) => found.get(product.imageid) ?? null;
  const count = (list: readonly Product[]) => ({ products: list.length, missing: list.filter((p) => pathOf(p) === null).length });
  const counts = { train: count([...train, ...unlabelled]), test: { products: 0, missing: 0 } };
  const withCell = [...train, ...unlabelled].filter((p) => p.imageid.trim() !== '').length;
  const warnings: string[] = [];
  if (withCell > 0 && counts.train.missing > 0) {
    const notFetched = urls.size > 0 ? ` (${urls.size} photos are URLs, downloaded only for models that read photos)` : '';
    warnings.push(`${counts.train.missing} of ${counts.train.products} products have no photo on this machine${notFetched}`);
  }
  return { root: resolve(baseDir), pathOf, counts, warnings, urls: [...urls] };
}

async function isFile(path: string): Promise<boolean> {
  return (await stat(path).catch(() => null))?.isFile() ?? false;
}
