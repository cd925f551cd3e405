// One category of the Explore page: its numbers, the word cloud of the words that mark it, its bigrams, sample titles and a grid of sample photos.

import { useEffect, useRef, useState } from 'react';
import type { ExploreCategoryResponse } from '../../../src/serving/api-types';
import { api } from '../api';
import { useI18n } from '../i18n';
import { WordCloud } from './word-cloud';

export function CategoryDetail({ code, name }: { code: number; name: string }) {
  const { t, number, percent } = useI18n();
  const [detail, setDetail] = useState<ExploreCategoryResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    let current = true;
    setDetail(null);
    setError(null);
    api.exploreCategory(code).then(
      (d) => current && setDetail(d),
      (e: Error) => current && setError(e.message),
    );
    // Where a click on a chart lands the reader: on this section, announced by its heading.
    heading.current?.focus({ preventScroll: false });
    return () => {
      current = false;
    };
  }, [code]);

  return (
    <section className="card category-detail" aria-labelledby="category-title" data-testid="category-detail">
      <h2 id="category-title" ref={heading} tabIndex={-1}>
        {name} <small className="muted">({code})</small>
      </h2>
      {error && <p className="error" role="alert">{t('common.error', { message: error })}</p>}
      {!detail && !error && <p className="muted">{t('common.loading')}</p>}
      {detail && (
        <>
          <p data-testid="category-summary">
            {t('explore.categorySummary', {
              n: number(detail.category.count),
              share: percent(detail.category.share),
              missing: percent(detail.category.withoutDescriptionShare),
              median: detail.lengths.designation.median === null ? '—' : number(detail.lengths.designation.median),
            })}
          </p>
          <div className="two-columns">
            <WordCloud title={t('explore.cloudTitle', { name })} words={detail.words} testId="word-cloud" />
            <div>
              <h3>{t('explore.bigrams')}</h3>
              {detail.bigrams.length === 0 ? (
                <p className="muted">{t('explore.noWords')}</p>
              ) : (
                <ul className="terms" aria-label={t('explore.bigrams')}>
                  {detail.bigrams.slice(0, 15).map((b) => (
                    <li key={b.term}>{b.term}</li>
                  ))}
                </ul>
              )}
              <h3>{t('explore.sampleTitles')}</h3>
              <ul className="sample-titles" data-testid="sample-titles">
                {detail.titles.map((p) => (
                  <li key={p.index}>{p.designation}</li>
                ))}
              </ul>
            </div>
          </div>
          <h3>{t('explore.samplePhotos')}</h3>
          {detail.images.length === 0 ? (
            <p className="muted">{t('explore.noPhotos')}</p>
          ) : (
            <ul className="photo-grid" data-testid="sample-images">
              {detail.images.map((p) => (
                <li key={p.index}>
                  <img src={p.imageUrl!} alt={p.designation} title={p.designation} loading="lazy" width={120} height={120} />
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
