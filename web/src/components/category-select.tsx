// A category picker for taxonomies of any size: type-ahead over names and paths, or browse the tree.

import { forwardRef, useId, useMemo, useState, type KeyboardEvent } from 'react';
import type { Category } from '../../../src/serving/api-types';
import { useAppState } from '../app-state';
import { fold } from '../fold';
import { useI18n } from '../i18n';

interface Props {
  id: string;
  value: number | '';
  onChange(code: number | ''): void;
  label: string;
}

/** Matches listed at most: a list longer than this is read by nobody, and rendering stays instant at 5,000 categories. */
const MAX_MATCHES = 40;

interface Indexed {
  category: Category;
  name: string;
  path: string;
  haystack: string;
}

/** Categories whose name, path or id hold every typed word; names that start with the text first, then shallow ones. */
function search(index: readonly Indexed[], query: string): Category[] {
  const words = fold(query).split(/\s+/).filter(Boolean);
  if (words.length === 0) return [];
  const whole = fold(query.trim());
  const rank = (x: Indexed) => (x.name === whole ? 0 : x.name.startsWith(whole) ? 1 : x.name.includes(whole) ? 2 : 3);
  return index
    .filter((x) => words.every((w) => x.haystack.includes(w)))
    .sort((a, b) => rank(a) - rank(b) || a.category.depth - b.category.depth || a.path.localeCompare(b.path))
    .slice(0, MAX_MATCHES)
    .map((x) => x.category);
}

export const CategorySelect = forwardRef<HTMLInputElement, Props>(function CategorySelect({ id, value, onChange, label }, ref) {
  const { categories, categoryName, categoryPath } = useAppState();
  const { t } = useI18n();
  const listId = useId();
  const [query, setQuery] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const [browsing, setBrowsing] = useState(false);
  const [expanded, setExpanded] = useState<ReadonlySet<number>>(new Set());

  const index = useMemo<Indexed[]>(
    () =>
      categories.map((c) => {
        const path = categoryPath(c.code).join(' > ');
        return { category: c, name: fold(categoryName(c.code)), path: fold(path), haystack: fold(`${path} ${Object.values(c.names).join(' ')} ${c.id}`) };
      }),
    [categories, categoryName, categoryPath],
  );
  const children = useMemo(() => {
    const map = new Map<number | null, Category[]>();
    for (const c of categories) map.set(c.parent, [...(map.get(c.parent) ?? []), c]);
    for (const list of map.values()) list.sort((a, b) => categoryName(a.code).localeCompare(categoryName(b.code)));
    return map;
  }, [categories, categoryName]);
  const matches = useMemo(() => (open ? search(index, query) : []), [index, query, open]);

  const choose = (code: number) => {
    onChange(code);
    setQuery('');
    setOpen(false);
    setBrowsing(false);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown' && matches.length > 0) setActive((a) => Math.min(a + 1, matches.length - 1));
    else if (e.key === 'ArrowUp') setActive((a) => Math.max(a - 1, 0));
    else if (e.key === 'Enter' && matches[active]) choose(matches[active].code);
    else if (e.key === 'Escape') setOpen(false);
    else return;
    e.preventDefault();
    e.stopPropagation();
  };
  const toggle = (code: number) =>
    setExpanded((old) => {
      const next = new Set(old);
      if (next.has(code)) next.delete(code);
      else next.add(code);
      return next;
    });
  const branch = (parent: number | null, depth: number) => (
    <ul role={depth === 0 ? 'tree' : 'group'} aria-label={depth === 0 ? t('picker.tree') : undefined} className="category-tree">
      {(children.get(parent) ?? []).map((c) => {
        const hasChildren = children.has(c.code);
        return (
          <li key={c.code} role="treeitem" aria-expanded={hasChildren ? expanded.has(c.code) : undefined} aria-selected={value === c.code}>
            {hasChildren ? (
              <button type="button" className="tree-toggle" aria-label={t('picker.expand', { name: categoryName(c.code) })} onClick={() => toggle(c.code)}>
                {expanded.has(c.code) ? '▾' : '▸'}
              </button>
            ) : (
              <span className="tree-toggle" />
            )}
            <button type="button" className="link" onClick={() => choose(c.code)}>
              {categoryName(c.code)}
            </button>
            {hasChildren && expanded.has(c.code) ? branch(c.code, depth + 1) : null}
          </li>
        );
      })}
    </ul>
  );

  const chosen = value === '' ? null : categoryPath(value).join(' > ');
  return (
    <span className="field-inline category-picker">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        ref={ref}
        type="text"
        role="combobox"
        autoComplete="off"
        aria-autocomplete="list"
        aria-expanded={open && matches.length > 0}
        aria-controls={listId}
        placeholder={chosen ?? t('picker.placeholder')}
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setOpen(true);
          setActive(0);
        }}
        onFocus={() => setOpen(true)}
        onKeyDown={onKeyDown}
      />
      <button type="button" className="secondary" aria-pressed={browsing} onClick={() => setBrowsing((b) => !b)}>
        {t('picker.browse')}
      </button>
      {chosen ? <small className="picked">{t('picker.chosen', { path: chosen })}</small> : null}
      {open && matches.length > 0 ? (
        <ul id={listId} role="listbox" className="category-matches">
          {matches.map((c, i) => (
            <li
              key={c.code}
              role="option"
              aria-selected={i === active}
              onMouseDown={(e) => {
                e.preventDefault();
                choose(c.code);
              }}
            >
              {categoryName(c.code)} <small>{categoryPath(c.code).slice(0, -1).join(' > ')}</small>
            </li>
          ))}
        </ul>
      ) : null}
      {browsing ? branch(null, 0) : null}
    </span>
  );
});
