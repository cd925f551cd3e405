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
