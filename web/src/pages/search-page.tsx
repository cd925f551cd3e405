// Search: words over the catalog, ranked by text similarity, optionally within one category.

import { useState } from 'react';
import { useAppState } from '../app-state';
import { ImageDrop } from '../components/image-drop';
import { SimilarList, useSimilar } from '../components/similar-products';
import { useI18n } from '../i18n';

export function SearchPage() {
  const { t } = useI18n();
  const { categories } = useAppState();
  const [query, setQuery] = useState('');
  const [category, setCategory] = useState('');
  const [by, setBy] = useState<'text' | 'image'>('text');
  const [photo, setPhoto] = useState<File | null>(null);
  const { items, noIndex, error } = useSimilar(query, '', 20, category || undefined, by, photo);
  const asked = query.trim() || photo;
  return (
    <div className="search">
      <form className="product" onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor="search-query">{t('search.query')}</label>
          <input id="search-query" type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder={t('search.placeholder')} autoComplete="off" autoFocus />
        </div>
        <div className="field">
          <label htmlFor="search-by">{t('search.by')}</label>
          <select id="search-by" value={by} onChange={(e) => setBy(e.target.value as 'text' | 'image')}>
            <option value="text">{t('search.byText')}</option>
            <option value="image">{t('search.byImage')}</option>
          </select>
        </div>
        <ImageDrop image={photo} onChange={setPhoto} />
        <div className="field">
          <label htmlFor="search-category">{t('search.category')}</label>
          <select id="search-category" value={category} onChange={(e) => setCategory(e.target.value)}>
            <option value="">{t('search.anyCategory')}</option>
            {categories.map((c) => (
              <option key={c.code} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </div>
      </form>
      <div className="answer">
        {!asked && <p className="muted">{t('search.typeToStart')}</p>}
        {noIndex && <p className="muted">{t('similar.noIndex')}</p>}
        {error && (
          <p className="error" role="alert">
            {t('common.error', { message: error })}
          </p>
        )}
        {asked && items && (items.length ? <SimilarList items={items} label={t('search.results')} /> : <p className="muted">{t('similar.none')}</p>)}
      </div>
    </div>
  );
}
