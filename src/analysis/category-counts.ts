// Products per category, with names, and the share of each category without a description or an image.

import type { Taxonomy } from '../taxonomy/index.js';
import type { CategoryCount } from './dataset-analysis-types.js';

/** Up to this many categories, an analysis lists every category of the taxonomy, so charts keep a stable axis. */
const EVERY_CATEGORY_MAX = 100;

/**
 * The codes an analysis reports: for a small taxonomy every category, ascending by key (Rakuten's 27 codes), for a
 * large one those that label some product, ascending; then any code outside the taxonomy by first appearance.
 */
export function categoryCodes(labels: ArrayLike<number>, taxonomy: Taxonomy): number[] {
  const present = new Set<number>();
  for (let i = 0; i < labels.length; i++) present.add(labels[i]);
  const listed = taxonomy.categories().map((c) => c.key).filter((key) => taxonomy.size <= EVERY_CATEGORY_MAX || present.has(key));
  const codes = listed.sort((a, b) => a - b);
  const known = new Set(codes);
  for (let i = 0; i < labels.length; i++) {
    if (!known.has(labels[i])) {
      known.add(labels[i]);
      codes.push(labels[i]);
    }
  }
  return codes;
}

/**
 * One row per code of `categoryCodes(labels, taxonomy)`: every category of a small taxonomy, so charts keep a
 * stable axis even for a category the data lacks, then any unknown code.
 * @param hasDescription 1 at position i when product i has a non-empty description
 * @param hasImage 1 at position i when product i has an image file; null without an image index
 */
export function categoryCounts(
  labels: ArrayLike<number>,
  taxonomy: Taxonomy,
  hasDescription: ArrayLike<number>,
  hasImage: ArrayLike<number> | null,
): CategoryCount[] {
  const codes = categoryCodes(labels, taxonomy);
  const position = new Map<number, number>(codes.map((code, i) => [code, i]));
  const count: number[] = new Array<number>(codes.length).fill(0);
  const noDescription = [...count];
  const withImage = [...count];
  for (let i = 0; i < labels.length; i++) {
    const k = position.get(labels[i])!;
    count[k]++;
    if (!hasDescription[i]) noDescription[k]++;
    if (hasImage?.[i]) withImage[k]++;
  }
  const total = labels.length;
  return codes.map((code, k) => ({
    code,
    nameEn: taxonomy.nameOf(code, 'en'),
    nameFr: taxonomy.nameOf(code, 'fr'),
    count: count[k],
    share: total > 0 ? count[k] / total : 0,
    withoutDescription: noDescription[k],
    withoutDescriptionShare: count[k] > 0 ? noDescription[k] / count[k] : 0,
    withImage: hasImage ? withImage[k] : null,
  }));
}
