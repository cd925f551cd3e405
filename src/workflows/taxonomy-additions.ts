// A model's taxonomy with the categories people added through feedback since it was trained.

import type { CategoryAddition } from '../storage/category-additions.js';
import type { Taxonomy } from '../taxonomy/index.js';

/**
 * `taxonomy` with each addition applied in the order it was made, so every server and the retraining child give a new
 * category the same key. An addition whose name already sits under that parent (two reviewers adding the same
 * category) or whose parent is gone is skipped.
 */
export function withAdditions(taxonomy: Taxonomy, additions: readonly CategoryAddition[]): Taxonomy {
  let out = taxonomy;
  for (const a of additions) {
    if (a.parentKey !== null && !out.has(a.parentKey)) continue;
    if (findChild(out, a.parentKey, a.name) !== undefined) continue;
    out = out.withCategory(a.name, a.parentKey).taxonomy;
  }
  return out;
}

/** The category named `name` (case and spacing ignored) directly under `parent`, if any. */
export function findChild(taxonomy: Taxonomy, parent: number | null, name: string): number | undefined {
  const wanted = name.trim().toLowerCase();
  return taxonomy.children(parent).find((key) => taxonomy.nameOf(key).trim().toLowerCase() === wanted);
}
