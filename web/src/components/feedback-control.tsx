// "This is right" / "This is wrong" under a prediction: confirms it or sends the right category as feedback.

import { useState } from 'react';
import type { PredictResponse } from '../../../src/serving/api-types';
import { api } from '../api';
import { useAppState } from '../app-state';
import { useI18n } from '../i18n';
import { CategorySelect } from './category-select';

export function FeedbackControl({ result }: { result: PredictResponse }) {
  const { t } = useI18n();
  const { categoryName, adminToken } = useAppState();
  const [open, setOpen] = useState(false);
  const [code, setCode] = useState<number | ''>('');
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);

  const send = async (correctCode: number) => {
    try {
      await api.feedback({ predictionId: result.predictionId, correctCode }, adminToken);
      setOpen(false);
      const confirmed = correctCode === result.predictions[0].code;
      setStatus({ ok: true, text: confirmed ? t('classify.confirmed') : t('classify.thanks', { name: categoryName(correctCode) }) });
    } catch (error) {
      setStatus({ ok: false, text: t('common.error', { message: (error as Error).message }) });
    }
  };

  return (
    <section className="feedback" aria-label={t('classify.wrong')}>
      {!open && (
        <div className="actions">
          <button type="button" onClick={() => void send(result.predictions[0].code)}>
            ✓ {t('classify.right')}
          </button>
          <button type="button" className="secondary" onClick={() => setOpen(true)}>
            ✗ {t('classify.wrong')}
          </button>
        </div>
      )}
      {open && (
        <form
          className="actions"
          onSubmit={(e) => {
            e.preventDefault();
            if (code !== '') void send(code);
          }}
        >
          <CategorySelect id="correct-category" label={t('classify.correctCategory')} value={code} onChange={setCode} />
          <button type="submit" disabled={code === ''}>
            {t('classify.send')}
          </button>
          <button type="button" className="secondary" onClick={() => setOpen(false)}>
            {t('classify.cancel')}
          </button>
        </form>
      )}
      {status && (
        <p className={status.ok ? 'ok' : 'error'} role="status">
          {status.text}
        </p>
      )}
    </section>
  );
}
