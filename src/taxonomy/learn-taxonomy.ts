// A taxonomy learnt from the labels of a data file when no taxonomy file is given.

import { PATH_SEPARATOR, Taxonomy, type CategoryInit } from './taxonomy.js';

export interface LabelPathOptions {
  /** What separates the levels of a category path in the label column (default ` > `). */
  separator?: string;
  /** Keep only the first N levels of each path: exports whose deep levels repeat the title are noise past N. */
  depth?: number;
}

export const DEFAULT_LABEL_SEPARATOR = PATH_SEPARATOR;

/**
 * The category path a label cell holds: levels split on the separator and trimmed, cut to `depth`. A cell that
 * is a JSON array of strings (as some exports write a category tree) is read as its first element.
 * Returns [] for an empty cell: an unlabelled product.
 */
export function labelPath(cell: string, options: LabelPathOptions = {}): string[] {
  let text = cell.trim();
  if (text.startsWith('[') && text.endsWith(']')) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (Array.isArray(parsed)) text = parsed.find((v): v is string => typeof v === 'string' && v.trim() !== '')?.trim() ?? '';
    } catch {
      // Not JSON after all: the brackets are part of the name.
    }
  }
  if (text === '') return [];
  const separator = options.separator ?? DEFAULT_LABEL_SEPARATOR;
  const parts = (separator.trim() === '' ? [text] : text.split(separator.trim())).map((s) => s.trim()).filter((s) => s !== '');
  return options.depth === undefined ? parts : parts.slice(0, options.depth);
}

/** The id a learnt taxonomy gives the category at `path`: the path itself, levels joined with ` > `. */
export function pathId(path: readonly string[]): string {
  return path.join(PATH_SEPARATOR);
}

/**
 * The taxonomy of every path in `paths` and all their prefixes: flat when no path has more than one level.
 * Categories are sorted (numerically when every id is an integer, else by path), so the same labels give the
 * same taxonomy and the same keys whatever the row order.
 */
export function learnTaxonomy(paths: Iterable<readonly string[]>, language = 'und'): Taxonomy {
  const nodes = new Map<string, CategoryInit>();
  for (const path of paths) {
    for (let d = 1; d <= path.length; d++) {
      const id = pathId(path.slice(0, d));
      if (!nodes.has(id)) nodes.set(id, { id, names: { [language]: path[d - 1] }, parentId: d === 1 ? null : pathId(path.slice(0, d - 1)) });
    }
  }
  const list = [...nodes.values()];
  const numeric = list.every((c) => /^\d{1,9}$/.test(c.id));
  list.sort(numeric ? (a, b) => Number(a.id) - Number(b.id) : (a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return new Taxonomy(list, { name: 'learnt from labels', languages: [language] });
}

/** Fewest products per category, on average over a level, for that level to be learnt. */
export const MIN_PRODUCTS_PER_CATEGORY = 2;

/** Fewer labelled products than this say too little about a level to cut it (a sample, a test file). */
export const MIN_PRODUCTS_TO_CUT = 100;

/**
 * The depth to which label paths hold categories a model can learn: the first level (below the top) whose categories
 * hold fewer than `MIN_PRODUCTS_PER_CATEGORY` products on average, and every level under it, are cut. Exports often
 * write the title itself, or a variant of it, as the last levels of the path (one product each), which would make
 * every product a category of its own. Returns the depth and the products per category of the first level cut, or
 * null when every level can stay, or when there are fewer than `MIN_PRODUCTS_TO_CUT` paths to judge by.
 */
export function learnableDepth(paths: readonly (readonly string[])[]): { depth: number; productsPerCategory: number } | null {
  if (paths.length < MIN_PRODUCTS_TO_CUT) return null;
  const maxDepth = paths.reduce((m, p) => Math.max(m, p.length), 0);
  for (let depth = 2; depth <= maxDepth; depth++) {
    const categories = new Set<string>();
    let products = 0;
    for (const path of paths) {
      if (path.length < depth) continue;
      products++;
      categories.add(pathId(path.slice(0, depth)));
    }
    const perCategory = products / categories.size;
    if (perCategory < MIN_PRODUCTS_PER_CATEGORY) return { depth: depth - 1, productsPerCategory: perCategory };
  }
  return null;
}
