// The catalog products most like a product's text, with their categories: evidence beside a prediction, and search results.

import { useEffect, useState } from 'react';
import type { SimilarProduct } from '../../../src/serving/api-similar-types';
import { api, ApiError } from '../api';
import { useI18n } from '../i18n';

const DEBOUNCE_MS = 300;

/** Asks the server for the `k` products most like `title` (and `description`), in `category` when given. */
export function useSimilar(
  title: string,
  description: string,
  k: number,
  category?: string,
  by: 'text' | 'image' = 'text',
  photo: File | null = null,
): { items: SimilarProduct[] | null; noIndex: boolean; error: string | null } {
  const [items, setItems] = useState<SimilarProduct[] | null>(null);
  const [noIndex, setNoIndex] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!title.trim() && !photo) {
      setItems(null);
      return;
    }
    const controller = new AbortController();
    const timer = setTimeout(() => {
      // A photo with words: both together; a photo alone: the photo.
      const asked = photo ? api.similarPhoto(photo, k, category, controller.signal, title.trim() || undefined) : api.similar({ title, description, k, by, ...(category ? { category } : {}) }, controller.signal);
      asked.then(
        (r) => {
          setItems(r.neighbours);
          setNoIndex(false);
          setError(null);
        },
        (e: Error) => {
          if (controller.signal.aborted) return;
          if (e instanceof ApiError && e.code === 'NOT_FOUND') setNoIndex(true);
          else setError(e.message);
        },
      );
    }, DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [title, description, k, category, by, photo]);
  return { items, noIndex, error };
}

/** A list of catalog products, each with its category and how alike it is. */
export function SimilarList({ items, label }: { items: readonly SimilarProduct[]; label: string }) {
  const { t, percent } = useI18n();
  return (
    <ul className="similar" aria-label={label}>
      {items.map((p) => (
        <li key={p.id}>
          <span className="similar-title">{p.title}</span> <span className="muted">— {p.categoryName ?? t('similar.notFiled')}</span>{' '}
          <span className="muted small">({t('similar.similarity', { p: percent(Math.max(p.similarity, 0)) })})</span>
        </li>
      ))}
    </ul>
  );
}

/** Under a prediction: the most similar products of the catalog the page works on, and where they were filed. */
export function SimilarProducts({ title, description }: { title: string; description: string }) {
  const { t } = useI18n();
  const { items, noIndex, error } = useSimilar(title, description, 5);
  if (noIndex) return <p className="muted small">{t('similar.noIndex')}</p>;
  if (error) return <p className="error">{t('common.error', { message: error })}</p>;
  if (!items) return null;
  return (
    <section className="similar-products">
      <h2>{t('similar.title')}</h2>
      {items.length ? <SimilarList items={items} label={t('similar.title')} /> : <p className="muted">{t('similar.none')}</p>}
    </section>
  );
}

/**
 * Evidence beside a product under review: the `k` catalog products most like it and where they were filed (the product
 * itself left out when the catalog holds it, `excludeId`). Nothing when the model has no similarity index.
 */
export function SimilarEvidence({ title, description, k = 3, excludeId }: { title: string; description: string; k?: number; excludeId?: string }) {
  const { t } = useI18n();
  const { items, error } = useSimilar(title, description, excludeId === undefined ? k : k + 1);
  if (error || !items) return null;
  const shown = items.filter((p) => p.id !== excludeId).slice(0, k);
  return (
    <div className="similar-evidence small">
      <p className="muted">{t('similar.evidence')}</p>
      {shown.length ? <SimilarList items={shown} label={t('similar.evidence')} /> : <p className="muted">{t('similar.none')}</p>}
    </div>
  );
}
