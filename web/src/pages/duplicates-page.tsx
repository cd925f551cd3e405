// Duplicates: the catalog's offers that are one product, groups filed under different categories first and flagged.

import { useEffect, useState } from 'react';
import type { DuplicatesResponse } from '../../../src/serving/api-similar-types';
import { api, ApiError } from '../api';
import { useI18n } from '../i18n';

export function DuplicatesPage() {
  const { t } = useI18n();
  const [answer, setAnswer] = useState<DuplicatesResponse | null>(null);
  const [noIndex, setNoIndex] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api.duplicates().then(setAnswer, (e: Error) => (e instanceof ApiError && e.code === 'NOT_FOUND' ? setNoIndex(true) : setError(e.message)));
  }, []);
  return (
    <div className="duplicates">
      <h2>{t('duplicates.heading')}</h2>
      {noIndex && <p className="muted">{t('similar.noIndex')}</p>}
      {error && (
        <p className="error" role="alert">
          {t('common.error', { message: error })}
        </p>
      )}
      {answer && <p className="muted">{t('duplicates.summary', { groups: answer.groups.length, offers: answer.offers })}</p>}
      {answer && answer.groups.length === 0 && <p className="muted">{t('duplicates.none')}</p>}
      {answer?.groups.map((g) => (
        <section key={g.products.map((p) => p.id).join(',')} className={`duplicate-group${g.conflicting ? ' conflicting' : ''}`} data-testid="duplicate-group">
          {g.conflicting && <p className="error small">{t('duplicates.conflicting')}</p>}
          <ul>
            {g.products.map((p) => (
              <li key={p.id}>
                <span className="muted small">{p.id}</span> {p.title} <span className="muted">— {p.categoryName ?? t('similar.notFiled')}</span>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}
