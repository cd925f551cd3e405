// Classify: type a product (and drop a photo); the categories, the confidence and the deciding words appear as you type.

import { useEffect, useState } from 'react';
import type { PredictResponse } from '../../../src/serving/api-types';
import { api } from '../api';
import { FeedbackControl } from '../components/feedback-control';
import { HighlightedText, plainText } from '../components/highlighted-text';
import { ImageDrop } from '../components/image-drop';
import { PredictionBars } from '../components/prediction-bars';
import { SimilarProducts } from '../components/similar-products';
import { useAppState } from '../app-state';
import { useI18n } from '../i18n';

const DEBOUNCE_MS = 300;

function Result({ result }: { result: PredictResponse }) {
  const { t, percent } = useI18n();
  const readsImages = useAppState().health?.modalities.includes('image') ?? false;
  const best = result.predictions[0];
  const terms = result.explanation?.terms ?? [];
  const read = result.modalities.map((m) => (m === 'text' ? t('classify.text') : t('classify.imageModality'))).join(' + ');
  const shares = result.explanation?.modalities;
  return (
    <section className="result" aria-live="polite" aria-label={t('classify.results')}>
      <p className={`confidence ${result.confidence.level}`} data-testid="confidence">
        <strong>{t(`classify.confidence.${result.confidence.level}`)}</strong>{' '}
        <span>{t('classify.confidenceDetail', { p: percent(best.probability), t: percent(result.confidence.reviewThreshold) })}</span>
      </p>
      <h2>{t('classify.results')}</h2>
      <PredictionBars predictions={result.predictions} label={t('classify.results')} />
      <h2>{t('classify.why')}</h2>
      {terms.length ? (
        <ul className="terms">
          {terms.map((term) => (
            <li key={term.term}>{term.term}</li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t('classify.noWords')}</p>
      )}
      <p className="muted" data-testid="modalities">
        {t('classify.modalities', { m: read })}
        {result.imageGiven && !result.modalities.includes('image') && ` — ${t(readsImages ? 'classify.imageUnused' : 'classify.imageIgnored')}`}
      </p>
      {shares && <p className="muted">{t('classify.share', { text: percent(shares.text), image: percent(shares.image) })}</p>}
      <p className="muted small">{t('classify.latency', { ms: result.latencyMs.toFixed(1), model: result.model.id })}</p>
      <FeedbackControl key={result.predictionId} result={result} />
    </section>
  );
}

export function ClassifyPage() {
  const { t } = useI18n();
  const [designation, setDesignation] = useState('');
  const [description, setDescription] = useState('');
  const [image, setImage] = useState<File | null>(null);
  const [result, setResult] = useState<PredictResponse | null>(null);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!designation.trim()) {
      setResult(null);
      setPending(false);
      return;
    }
    const controller = new AbortController();
    setPending(true);
    const timer = setTimeout(() => {
      api.predict({ designation, description, image }, controller.signal).then(
        (r) => {
          setResult(r);
          setError(null);
          setPending(false);
        },
        (e: Error) => {
          if (controller.signal.aborted) return;
          setError(e.message);
          setPending(false);
        },
      );
    }, DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [designation, description, image]);

  const terms = result?.explanation?.terms ?? [];
  return (
    <div className="classify">
      <form className="product" onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor="designation">{t('classify.title')}</label>
          <input id="designation" value={designation} onChange={(e) => setDesignation(e.target.value)} placeholder={t('classify.titlePlaceholder')} autoComplete="off" autoFocus />
        </div>
        <div className="field">
          <label htmlFor="description">{t('classify.description')}</label>
          <textarea id="description" rows={4} value={description} onChange={(e) => setDescription(e.target.value)} />
        </div>
        <ImageDrop image={image} onChange={setImage} />
        {result && terms.length > 0 && (
          <p className="echo" data-testid="highlighted">
            <HighlightedText text={designation} terms={terms} />
            {description && (
              <>
                <br />
                <HighlightedText text={plainText(description)} terms={terms} />
              </>
            )}
          </p>
        )}
      </form>
      <div className="answer">
        {!designation.trim() && <p className="muted">{t('classify.typeToStart')}</p>}
        {pending && <p className="muted" role="status">{t('classify.thinking')}</p>}
        {error && (
          <p className="error" role="alert">
            {t('common.error', { message: error })}
          </p>
        )}
        {result && designation.trim() && <Result result={result} />}
        {result && designation.trim() && <SimilarProducts title={designation} description={description} />}
      </div>
    </div>
  );
}
