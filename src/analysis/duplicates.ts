// Near-duplicate titles (the same words, whatever the case, accents, punctuation or order) and the groups whose copies carry different labels.

import { duplicateKey } from '../text/duplicate-key.js';
import type { ConflictPair, DuplicateAnalysis, DuplicateGroup } from './dataset-analysis-types.js';

export interface DuplicateOptions {
  /** Groups listed in `largestGroups` and in `conflicts` (default 50 each). */
  groupsListed?: number;
  /** Products listed per group (default 10). */
  productsPerGroup?: number;
}

/** Collects products by title key, then reports groups and conflicts. */
export class DuplicateFinder {
  private readonly groupsByKey = new Map<string, number[]>();
  private readonly rows: { index: number; designation: string; code: number }[] = [];

  /** Adds one product; `cleanTitle` is its designation after `cleanText`. */
  add(product: { index: number; designation: string }, code: number, cleanTitle: string): void {
    const position = this.rows.length;
    this.rows.push({ index: product.index, designation: product.designation, code });
    const key = duplicateKey(cleanTitle);
    if (key === '') return;
    const group = this.groupsByKey.get(key);
    if (group) group.push(position);
    else this.groupsByKey.set(key, [position]);
  }

  result(options: DuplicateOptions = {}): DuplicateAnalysis {
    const listed = options.groupsListed ?? 50;
    const perGroup = options.productsPerGroup ?? 10;
    const groups: DuplicateGroup[] = [];
    const pairs = new Map<string, ConflictPair>();
    let duplicatedProducts = 0;
    let conflictingProducts = 0;
    for (const [key, positions] of this.groupsByKey) {
      if (positions.length < 2) continue;
      const tally = new Map<number, number>();
      for (const p of positions) tally.set(this.rows[p].code, (tally.get(this.rows[p].code) ?? 0) + 1);
      const codes = [...tally].map(([code, count]) => ({ code, count })).sort((a, b) => b.count - a.count || a.code - b.code);
      const conflicting = codes.length > 1;
      groups.push({ key, size: positions.length, codes, conflicting, products: positions.slice(0, perGroup).map((p) => ({ ...this.rows[p] })) });
      duplicatedProducts += positions.length;
      if (!conflicting) continue;
      conflictingProducts += positions.length;
      const sorted = codes.map((c) => c.code).sort((a, b) => a - b);
      for (let i = 0; i < sorted.length; i++) {
        for (let j = i + 1; j < sorted.length; j++) {
          const id = `${sorted[i]}:${sorted[j]}`;
          const pair = pairs.get(id) ?? { codes: [sorted[i], sorted[j]] as [number, number], groups: 0 };
          pair.groups++;
          pairs.set(id, pair);
        }
      }
    }
    const bySize = (a: DuplicateGroup, b: DuplicateGroup) => b.size - a.size || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
    groups.sort(bySize);
    const conflicts = groups.filter((g) => g.conflicting);
    return {
      method: 'same-word-set',
      groups: groups.length,
      duplicatedProducts,
      redundantProducts: duplicatedProducts - groups.length,
      conflictingGroups: conflicts.length,
      conflictingProducts,
      conflictPairs: [...pairs.values()].sort((a, b) => b.groups - a.groups || a.codes[0] - b.codes[0] || a.codes[1] - b.codes[1]),
      largestGroups: groups.slice(0, listed),
      conflicts: conflicts.slice(0, listed),
    };
  }
}
