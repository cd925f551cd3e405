// Review: the uncertain predictions, least confident first, accepted or corrected in one click or one key.

import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { FeedbackListResponse, ReviewItem, ReviewResponse } from '../../../src/serving/api-types';
import { api } from '../api';
import { useAppState } from '../app-state';
import { CategorySelect } from '../components/category-select';
import { plainText } from '../components/highlighted-text';
import { RetrainPanel } from '../components/retrain-panel';
import { SimilarEvidence } from '../components/similar-products';
import { useFollowFocus } from '../follow-focus';
import { useI18n } from '../i18n';

function ReviewCard({ item, selected, onSend, onSelect }: { item: ReviewItem; selected: boolean; onSend(code: number): void; onSelect(): void }) {
  const { t, percent } = useI18n();
  const { categoryName } = useAppState();
  const [code, setCode] = useState<number | ''>('');
  const select = useRef<HTMLInputElement>(null);
  // Follow the selection with the focus only while the reviewer works in the list (not while typing a threshold).
  const card = useFollowFocus<HTMLElement>(selected);
  const best = item.top[0];
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.target instanceof HTMLSelectElement || e.target instanceof HTMLInputElement) return;
    const digit = Number(e.key);
    if (e.key === 'a' || e.key === 'Enter') onSend(best.code);
    else if (digit >= 1 && digit <= item.top.length) onSend(item.top[digit - 1].code);
    else if (e.key === 'c') select.current?.focus();
    else return;
    e.preventDefault();
  };
  return (
    <article ref={card} tabIndex={-1} className={`review-card${selected ? ' selected' : ''}`} onKeyDown={onKeyDown} onFocus={onSelect} aria-label={item.designation}>
      {item.imageUrl ? <img src={item.imageUrl} alt="" loading="lazy" /> : <div className="no-image">{t('review.noImage')}</div>}
      <div className="review-body">
        <h3>
          {item.designation}
          {item.held && (
            <>
              {' '}
              <span className="tag" data-testid="held" title={t('review.heldNote')}>
                {t('review.held')}
              </span>
            </>
          )}
          {item.filedAt && (
            <>
              {' '}
              <span className="tag" data-testid="filed-at" title={t('review.filedAtNote')}>
                {t('review.filedAt')}: {item.filedAt.path.join(' > ')}
              </span>
            </>
          )}
          {item.spotCheck && (
            <>
              {' '}
              <span className="tag" data-testid="spot-check" title={t('review.spotCheckNote')}>
                {t('review.spotCheck')}
              </span>
            </>
          )}
        </h3>
        {item.description && <p className="muted small">{plainText(item.description, 240)}</p>}
        <p>
          {t('review.predicted')}: <strong>{categoryName(best.code)}</strong> ({percent(item.confidence)})
        </p>
        {selected && <SimilarEvidence title={item.designation} description={item.description} />}
        <div className="actions">
          <button type="button" onClick={() => onSend(best.code)} aria-keyshortcuts="A">
            {t('review.accept')}
          </button>
          {item.top.slice(1).map((p, i) => (
            <button key={p.code} type="button" className="secondary" onClick={() => onSend(p.code)} aria-keyshortcuts={String(i + 2)}>
              {i + 2}. {categoryName(p.code)} ({percent(p.probability)})
            </button>
          ))}
        </div>
        <form
          className="actions"
          onSubmit={(e) => {
            e.preventDefault();
            if (code !== '') onSend(code);
          }}
        >
          <CategorySelect ref={select} id={`correct-${item.predictionId}`} label={t('review.correct')} value={code} onChange={setCode} />
          <button type="submit" disabled={code === ''}>
            {t('review.correct')}
          </button>
        </form>
      </div>
    </article>
  );
}

export function ReviewPage() {
  const { t } = useI18n();
  const { categoryName, adminToken } = useAppState();
  const [threshold, setThreshold] = useState<number | null>(null);
  const [queue, setQueue] = useState<ReviewResponse | null>(null);
  const [feedback, setFeedback] = useState<FeedbackListResponse | null>(null);
  const [selected, setSelected] = useState(0);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      const [q, f] = await Promise.all([api.review(threshold), api.feedbackList(10)]);
      setQueue(q);
      setFeedback(f);
      if (threshold === null) setThreshold(Number(q.threshold.toFixed(2)));
    } catch (e) {
      setError((e as Error).message);
    }
  }, [threshold]);
  useEffect(() => void load(), [load]);

  const send = async (item: ReviewItem, code: number) => {
    try {
      await api.feedback({ predictionId: item.predictionId, correctCode: code }, adminToken);
      const left = (queue?.items ?? []).filter((i) => i.predictionId !== item.predictionId);
      setQueue((q) => q && { ...q, total: q.total - 1, items: left });
      setSelected((s) => Math.max(0, Math.min(s, left.length - 1)));
      setFeedback(await api.feedbackList(10));
    } catch (e) {
      setError((e as Error).message);
    }
  };

  const onListKey = (e: KeyboardEvent) => {
    // Letters typed into the category picker are a search, not shortcuts.
    if (e.target instanceof HTMLInputElement || e.target instanceof HTMLSelectElement) return;
    const count = queue?.items.length ?? 0;
    if (e.key === 'j' || e.key === 'ArrowDown') setSelected((s) => Math.min(count - 1, s + 1));
    else if (e.key === 'k' || e.key === 'ArrowUp') setSelected((s) => Math.max(0, s - 1));
    else return;
    e.preventDefault();
  };

  return (
    <div className="review">
      <div className="toolbar">
        <label htmlFor="threshold">{t('review.threshold')}</label>
        <input id="threshold" type="number" min={0} max={1} step={0.05} value={threshold ?? ''} onChange={(e) => setThreshold(e.target.value === '' ? null : Number(e.target.value))} />
        {queue && <span role="status">{t('review.count', { n: queue.total })}</span>}
      </div>
      <p className="muted small">{t('review.shortcuts')}</p>
      {error && (
        <p className="error" role="alert">
          {t('common.error', { message: error })}
        </p>
      )}
      <div className="review-list" onKeyDown={onListKey}>
        {queue?.items.length === 0 && <p className="muted">{t('review.empty')}</p>}
        {queue?.items.map((item, i) => (
          <ReviewCard key={item.predictionId} item={item} selected={i === selected} onSelect={() => setSelected(i)} onSend={(code) => void send(item, code)} />
        ))}
      </div>
      <section aria-labelledby="recent-feedback">
        <h2 id="recent-feedback">{t('review.recent')}</h2>
        {!feedback?.items.length ? (
          <p className="muted">{t('review.noFeedback')}</p>
        ) : (
          <ul className="feedback-list" data-testid="recent-feedback">
            {feedback.items.map((f) => (
              <li key={f.id}>
                <span>{f.designation}</span> — {f.accepted ? t('review.accepted') : t('review.corrected')} <strong>{categoryName(f.correctCode)}</strong>
              </li>
            ))}
          </ul>
        )}
      </section>
      <RetrainPanel feedbackCount={feedback?.total ?? 0} />
    </div>
  );
}
