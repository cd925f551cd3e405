// Taxonomy: a catalog's categories, flat or a tree, and the integer keys models learn as labels.

import { ProdclassError } from '../core/errors.js';
import { closestStrings } from './closest-strings.js';

/** A category as a taxonomy file or a label column describes it, before keys are given. */
export interface CategoryInit {
  /** Stable id: the file's id, or the full path when the taxonomy is learnt from labels. */
  id: string;
  /** Display names by language code (`en`, `fr`, ...); at least one. */
  names: Readonly<Record<string, string>>;
  /** The parent's id, or null for a top-level category. */
  parentId: string | null;
}

/** A category of a taxonomy. */
export interface Category {
  /** The integer models learn as this category's label (see `Taxonomy` for how it is chosen). */
  readonly key: number;
  readonly id: string;
  readonly names: Readonly<Record<string, string>>;
  /** The parent's key, or null at the top level. */
  readonly parent: number | null;
  /** 1 for a top-level category. */
  readonly depth: number;
}

/** How a taxonomy is saved in a model folder (`taxonomy.json`). */
export interface TaxonomyJson {
  format: 'prodclass-taxonomy';
  version: 1;
  name: string;
  languages: string[];
  categories: Array<{ id: string; names: Record<string, string>; parent: string | null }>;
}

export interface TaxonomyOptions {
  /** What the taxonomy is called in cards and pages ("rakuten", "google-product-taxonomy", "learnt from labels"). */
  name?: string;
  /** Languages that have names, the default display language first. Read from the names when left out. */
  languages?: readonly string[];
}

/** Separator of the full paths a taxonomy prints and resolves (Google's and Shopify's). */
export const PATH_SEPARATOR = ' > ';

const INT32_MAX = 2 ** 31 - 1;

/**
 * The categories of one catalog. Models never see names or ids: they learn integer keys (scikit-learn's
 * `classes_`), and this object is the one place that maps a key to its id, names, path and parent.
 *
 * Keys: when every id is a decimal integer that fits an int32 (Rakuten's product type codes, Google's ids) the
 * key is the id itself, so numeric codes stay the numbers clients know; otherwise the key is the category's
 * position in the taxonomy.
 */
export class Taxonomy {
  readonly name: string;
  readonly languages: readonly string[];
  readonly numericIds: boolean;
  readonly maxDepth: number;
  private readonly list: readonly Category[];
  private readonly byKey: ReadonlyMap<number, Category>;
  private readonly byIdMap: ReadonlyMap<string, Category>;
  private readonly childrenOf: ReadonlyMap<number | null, readonly number[]>;
  private lookup: Map<string, number[]> | null = null;

  /**
   * @throws ProdclassError INVALID_INPUT for an empty list, duplicate ids, a parent id that is not in the list,
   *   a cycle, or a category without a name.
   */
  constructor(categories: readonly CategoryInit[], options: TaxonomyOptions = {}) {
    if (categories.length === 0) throw new ProdclassError('INVALID_INPUT', 'a taxonomy needs at least one category');
    const position = new Map<string, number>();
    categories.forEach((c, i) => {
      if (position.has(c.id)) throw new ProdclassError('INVALID_INPUT', `the taxonomy lists the category id "${c.id}" twice`);
      if (Object.keys(c.names).length === 0) throw new ProdclassError('INVALID_INPUT', `the category "${c.id}" has no name`);
      position.set(c.id, i);
    });
    this.numericIds = categories.every((c) => /^(0|[1-9]\d{0,9})$/.test(c.id) && Number(c.id) <= INT32_MAX);
    const keyOf = (id: string) => (this.numericIds ? Number(id) : position.get(id)!);
    const depths = new Int32Array(categories.length);
    const depthOf = (i: number, seen: number): number => {
      if (depths[i] > 0) return depths[i];
      if (seen > categories.length) throw new ProdclassError('INVALID_INPUT', `the taxonomy has a cycle through "${categories[i].id}"`);
      const parentId = categories[i].parentId;
      if (parentId === null) return (depths[i] = 1);
      const p = position.get(parentId);
      if (p === undefined) {
        throw new ProdclassError('INVALID_INPUT', `the category "${categories[i].id}" names the parent "${parentId}", which is not in the taxonomy`);
      }
      return (depths[i] = depthOf(p, seen + 1) + 1);
    };
    const list = categories.map((c, i) => Object.freeze({
      key: keyOf(c.id),
      id: c.id,
      names: Object.freeze({ ...c.names }),
      parent: c.parentId === null ? null : keyOf(c.parentId),
      depth: depthOf(i, 0),
    }));
    this.list = Object.freeze(list);
    this.byKey = new Map(list.map((c) => [c.key, c]));
    this.byIdMap = new Map(list.map((c) => [c.id, c]));
    const children = new Map<number | null, number[]>();
    for (const c of list) {
      const siblings = children.get(c.parent) ?? [];
      siblings.push(c.key);
      children.set(c.parent, siblings);
    }
    this.childrenOf = children;
    this.maxDepth = list.reduce((m, c) => Math.max(m, c.depth), 0);
    this.name = options.name ?? 'taxonomy';
    this.languages = Object.freeze(options.languages?.length ? [...options.languages] : languagesOf(categories));
  }

  get size(): number {
    return this.list.length;
  }

  /** True when some category has a parent. */
  get isTree(): boolean {
    return this.maxDepth > 1;
  }

  /** Every category, in the taxonomy's order. */
  categories(): readonly Category[] {
    return this.list;
  }

  has(key: number): boolean {
    return this.byKey.has(key);
  }

  /** @throws ProdclassError DATA_UNKNOWN_CODE for a key outside the taxonomy. */
  get(key: number): Category {
    const found = this.byKey.get(key);
    if (!found) throw new ProdclassError('DATA_UNKNOWN_CODE', `${key} is not a category of the ${this.name} taxonomy`);
    return found;
  }

  byId(id: string): Category | undefined {
    return this.byIdMap.get(id);
  }

  /** The display name in `language`, else in the default language, else in any; "category N" for an unknown key. */
  nameOf(key: number, language?: string): string {
    const c = this.byKey.get(key);
    if (!c) return `category ${key}`;
    return (language !== undefined ? c.names[language] : undefined) ?? c.names[this.languages[0]] ?? Object.values(c.names)[0];
  }

  /** Keys from the top-level ancestor down to `key` itself. */
  ancestors(key: number): number[] {
    const out: number[] = [];
    for (let c: Category | undefined = this.byKey.get(key); c; c = c.parent === null ? undefined : this.byKey.get(c.parent)) out.push(c.key);
    return out.reverse();
  }

  /** Names from the top level down to `key`. */
  path(key: number, language?: string): string[] {
    return this.ancestors(key).map((k) => this.nameOf(k, language));
  }

  pathString(key: number, language?: string): string {
    return this.path(key, language).join(PATH_SEPARATOR);
  }

  /** The children of `key` (of the top level for null), in taxonomy order. */
  children(key: number | null): readonly number[] {
    return this.childrenOf.get(key) ?? [];
  }

  /** The parent's key, null at the top level and for keys outside the taxonomy (core's LabelHierarchy). */
  parentOf(key: number): number | null {
    return this.byKey.get(key)?.parent ?? null;
  }

  isLeaf(key: number): boolean {
    return this.children(key).length === 0;
  }

  depth(key: number): number {
    return this.get(key).depth;
  }

  /** The ancestor of `key` at `depth`, or `key` itself when it is no deeper than that. */
  atDepth(key: number, depth: number): number {
    const chain = this.ancestors(key);
    if (chain.length === 0) return key;
    return chain[Math.min(depth, chain.length) - 1];
  }

  /**
   * The category a label of a data file names: its id, its full path (`A > B > C`, in any language the
   * taxonomy has; case and spacing ignored), or its name when only one category has it.
   */
  resolve(label: string): number | undefined {
    const trimmed = label.trim();
    const direct = this.byIdMap.get(trimmed);
    if (direct) return direct.key;
    const found = this.nameLookup().get(normalizeName(trimmed));
    return found?.length === 1 ? found[0] : undefined;
  }

  /** Categories a label that does not resolve may have meant: paths whose names are closest, best first. */
  closest(label: string, n = 3): string[] {
    const leafNames = this.list.map((c) => this.nameOf(c.key));
    const picked = closestStrings(label.trim().split(PATH_SEPARATOR.trim()).at(-1)!.trim(), leafNames, n);
    return picked.map((i) => this.pathString(this.list[i].key));
  }

  /** A copy with one more category, named `name` under `parent` (a key, or null for the top level). */
  withCategory(name: string, parent: number | null): { taxonomy: Taxonomy; key: number } {
    const parentId = parent === null ? null : this.get(parent).id;
    let id: string;
    if (this.numericIds) id = String(this.list.reduce((m, c) => Math.max(m, c.key), 0) + 1);
    else id = parent === null ? name : `${this.get(parent).id}${PATH_SEPARATOR}${name}`;
    const taxonomy = new Taxonomy(
      [...this.list.map((c) => this.initOf(c)), { id, names: { [this.languages[0]]: name }, parentId }],
      { name: this.name, languages: this.languages },
    );
    return { taxonomy, key: taxonomy.byId(id)!.key };
  }

  toJSON(): TaxonomyJson {
    return {
      format: 'prodclass-taxonomy',
      version: 1,
      name: this.name,
      languages: [...this.languages],
      categories: this.list.map((c) => ({ id: c.id, names: { ...c.names }, parent: c.parent === null ? null : this.get(c.parent).id })),
    };
  }

  /** @throws ProdclassError INVALID_INPUT when `json` is not a saved taxonomy. */
  static fromJSON(json: unknown): Taxonomy {
    const t = json as Partial<TaxonomyJson> | null;
    if (!t || t.format !== 'prodclass-taxonomy' || !Array.isArray(t.categories)) {
      throw new ProdclassError('INVALID_INPUT', 'not a prodclass taxonomy (expected { format: "prodclass-taxonomy", categories: [...] })');
    }
    return new Taxonomy(
      t.categories.map((c) => ({ id: String(c.id), names: c.names, parentId: c.parent === null ? null : String(c.parent) })),
      { name: t.name, languages: t.languages },
    );
  }

  private initOf(c: Category): CategoryInit {
    return { id: c.id, names: c.names, parentId: c.parent === null ? null : this.get(c.parent).id };
  }

  private nameLookup(): Map<string, number[]> {
    if (this.lookup) return this.lookup;
    const lookup = new Map<string, number[]>();
    const add = (text: string, key: number) => {
      const k = normalizeName(text);
      const keys = lookup.get(k) ?? [];
      if (!keys.includes(key)) keys.push(key);
      lookup.set(k, keys);
    };
    for (const c of this.list) {
      for (const language of Object.keys(c.names)) {
        add(c.names[language], c.key);
        if (c.depth > 1) add(this.path(c.key, language).join(PATH_SEPARATOR), c.key);
      }
    }
    return (this.lookup = lookup);
  }
}

/** Case, spacing and the separator's spacing do not tell two names apart. */
function normalizeName(text: string): string {
  return text.normalize('NFC').toLowerCase().replace(/\s*>\s*/g, '>').replace(/\s+/g, ' ').trim();
}

function languagesOf(categories: readonly CategoryInit[]): string[] {
  const counts = new Map<string, number>();
  for (const c of categories) for (const l of Object.keys(c.names)) counts.set(l, (counts.get(l) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([l]) => l);
}

/** The languages pages, reports and the CLI are written in; a category without a name in one shows its default name. */
export type DisplayLanguage = 'en' | 'fr';
