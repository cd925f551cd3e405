// Products per category, with names, and the share of each category without a description or an image.

import { CATEGORY_CODES, categoryName } from '../data/taxonomy.js';
import type { CategoryCount } from './dataset-analysis-types.js';

/** The codes an analysis reports: the 27 of the taxonomy, ascending, then any other code in `labels` by first appearance. */
export function categoryCodes(labels: ArrayLike<number>): number[] {
  const codes = [...CATEGORY_CODES];
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
 * One row per code of `categoryCodes(labels)`: all 27 categories, so charts keep a stable axis even for a
 * category the data lacks, then any unknown code.
 * @param hasDescription 1 at position i when product i has a non-empty description
 * @param hasImage 1 at position i when product i has an image file; null without an image index
 */
export function categoryCounts(labels: ArrayLike<number>, hasDescription: ArrayLike<number>, hasImage: ArrayLike<number> | null): CategoryCount[] {
  const codes = categoryCodes(labels);
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
    nameEn: categoryName(code, 'en'),
    nameFr: categoryName(code, 'fr'),
    count: count[k],
    share: total > 0 ? count[k] / total : 0,
    withoutDescription: noDescription[k],
    withoutDescriptionShare: count[k] > 0 ? noDescription[k] / count[k] : 0,
    withImage: hasImage ? withImage[k] : null,
  }));
}
