// A new version of a taxonomy against the old one: which categories were renamed, moved, merged, split or removed.

import { readFile } from 'node:fs/promises';
import { ProdclassError } from '../core/errors.js';
import { parseSmallCsv } from './small-csv.js';
import { PATH_SEPARATOR, type Taxonomy } from './taxonomy.js';

export type ChangeKind = 'unchanged' | 'renamed' | 'moved' | 'merged' | 'split' | 'removed';

export interface CategoryChange {
  kind: ChangeKind;
  /** The category's key and path in the old taxonomy. */
  from: { key: number; id: string; path: string };
  /** Where it goes in the new one: one category, several (split), none (removed). */
  to: Array<{ key: number; id: string; path: string }>;
}

export interface TaxonomyDiff {
  changes: CategoryChange[];
  /** Old key -> new key for every category that maps to exactly one; split and removed ones are absent. */
  keyMap: Map<number, number>;
  counts: Record<ChangeKind, number>;
  /** Categories of the new version no old category goes to. */
  added: Array<{ key: number; id: string; path: string }>;
}

/** Old category -> new categories, as a mapping file gives them (ids or full paths of each taxonomy). */
export type TaxonomyMapping = Map<string, string[]>;

/**
 * Reads a mapping CSV with the columns `old,new` (a header row; ids or full paths; `,`, `;` or tab). Several rows
 * for one old category split it; several old categories with one new one merge them; an empty `new` removes it.
 * Categories the file does not name keep their id.
 * @param shownAs the file's name in errors, when not `file` (an upload, saved under another name).
 * @throws ProdclassError DATA_NOT_FOUND, DATA_MISSING_COLUMN, naming the file.
 */
export async function readTaxonomyMapping(file: string, shownAs = file): Promise<TaxonomyMapping> {
  const text = await readFile(file, 'utf8').catch(() => {
    throw new ProdclassError('DATA_NOT_FOUND', `cannot read the taxonomy mapping ${shownAs}`);
  });
  const rows = parseSmallCsv(text).map((r) => r.record);
  const columns = (rows[0] ?? []).map((c) => c.trim().toLowerCase());
  const oldAt = columns.indexOf('old');
  const newAt = columns.indexOf('new');
  if (oldAt < 0 || newAt < 0) {
    throw new ProdclassError('DATA_MISSING_COLUMN', `a taxonomy mapping needs the columns old,new (found ${columns.join(', ')})`, { location: { file: shownAs, line: 1 } });
  }
  const mapping: TaxonomyMapping = new Map();
  for (const row of rows.slice(1)) {
    const from = row[oldAt]?.trim() ?? '';
    const to = row[newAt]?.trim() ?? '';
    if (from === '') continue;
    const list = mapping.get(from) ?? [];
    if (to !== '') list.push(to);
    mapping.set(from, list);
  }
  return mapping;
}

/**
 * Compares `next` with `old`. A category maps where the mapping says (ids or paths resolved in each taxonomy), else to
 * the category of `next` with its id, else to the one with its path; else it was removed. Then: several targets is a
 * split; a target shared by several old categories is a merge; else a new parent path is a move, a new name a rename.
 * @throws ProdclassError DATA_UNKNOWN_CODE for a mapping entry that names no category of its taxonomy.
 */
export function diffTaxonomies(old: Taxonomy, next: Taxonomy, mapping: TaxonomyMapping = new Map()): TaxonomyDiff {
  const resolveIn = (taxonomy: Taxonomy, label: string, side: string) => {
    const key = taxonomy.byId(label)?.key ?? taxonomy.resolve(label);
    if (key === undefined) {
      throw new ProdclassError('DATA_UNKNOWN_CODE', `the mapping's ${side} category "${label}" is not in the ${side} taxonomy; closest: ${taxonomy.closest(label).join(', ')}`);
    }
    return key;
  };
  const mapped = new Map<number, number[]>();
  for (const [from, to] of mapping) mapped.set(resolveIn(old, from, 'old'), to.map((t) => resolveIn(next, t, 'new')));
  const ref = (taxonomy: Taxonomy, key: number) => ({ key, id: taxonomy.get(key).id, path: taxonomy.path(key).join(PATH_SEPARATOR) });

  const targets = old.categories().map((c) => {
    const given = mapped.get(c.key);
    if (given) return given;
    const sameId = next.byId(c.id);
    if (sameId) return [sameId.key];
    const samePath = next.resolve(old.path(c.key).join(PATH_SEPARATOR));
    return samePath === undefined ? [] : [samePath];
  });
  const sources = new Map<number, number>();
  for (const list of targets) if (list.length === 1) sources.set(list[0], (sources.get(list[0]) ?? 0) + 1);

  const counts: Record<ChangeKind, number> = { unchanged: 0, renamed: 0, moved: 0, merged: 0, split: 0, removed: 0 };
  const keyMap = new Map<number, number>();
  const changes = old.categories().map((c, i) => {
    const to = targets[i];
    let kind: ChangeKind;
    if (to.length === 0) kind = 'removed';
    else if (to.length > 1) kind = 'split';
    else {
      keyMap.set(c.key, to[0]);
      const parentPath = (t: Taxonomy, key: number) => t.path(key).slice(0, -1).join(PATH_SEPARATOR);
      if ((sources.get(to[0]) ?? 0) > 1) kind = 'merged';
      else if (parentPath(old, c.key) !== parentPath(next, to[0])) kind = 'moved';
      else if (old.nameOf(c.key) !== next.nameOf(to[0])) kind = 'renamed';
      else kind = 'unchanged';
    }
    counts[kind]++;
    return { kind, from: ref(old, c.key), to: to.map((k) => ref(next, k)) };
  });
  const reached = new Set(targets.flat());
  const added = next.categories().filter((c) => !reached.has(c.key)).map((c) => ref(next, c.key));
  return { changes, keyMap, counts, added };
}
