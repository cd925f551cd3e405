// "Learn from feedback" (admins): starts a retraining, follows it, and shows the gate (old and new weighted F1).

import { useEffect, useState } from 'react';
import type { JobResponse } from '../../../src/serving/api-types';
import { api } from '../api';
import { useAppState } from '../app-state';
import { useI18n } from '../i18n';
import { ProgressBar } from './progress-bar';

export function RetrainPanel({ feedbackCount }: { feedbackCount: number }) {
  const { t } = useI18n();
  const { health, adminToken, setAdminToken, refreshHealth } = useAppState();
  const [job, setJob] = useState<JobResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [taxonomyFile, setTaxonomyFile] = useState<File | null>(null);
  const [mappingFile, setMappingFile] = useState<File | null>(null);

  useEffect(() => {
    if (!job || job.status === 'done' || job.status === 'failed') {
      if (job?.status === 'done') void refreshHealth();
      return;
    }
    const timer = setTimeout(() => api.job(job.id).then(setJob, () => {}), 700);
    return () => clearTimeout(timer);
  }, [job, refreshHealth]);

  const start = async () => {
    setError(null);
    if (!adminToken) return setError(t('retrain.needToken'));
    try {
      setJob(await api.retrain(adminToken, taxonomyFile ? { taxonomy: taxonomyFile, mapping: mappingFile } : undefined));
    } catch (e) {
      setError((e as Error).message);
    }
  };

  const gate = job?.gate;
  const running = job !== null && (job.status === 'queued' || job.status === 'running');
  return (
    <section className="card retrain" aria-labelledby="retrain-title">
      <h2 id="retrain-title">{t('retrain.title')}</h2>
      <p>{t('retrain.explain', { n: feedbackCount })}</p>
      {health && !health.admin ? (
        <p className="muted">{t('retrain.disabled')}</p>
      ) : (
        <form
          className="actions"
          onSubmit={(e) => {
            e.preventDefault();
            void start();
          }}
        >
          <span className="field-inline">
            <label htmlFor="admin-token">{t('retrain.token')}</label>
            <input id="admin-token" type="password" autoComplete="off" value={adminToken} onChange={(e) => setAdminToken(e.target.value)} />
          </span>
          <details className="next-taxonomy">
            <summary>{t('retrain.nextTaxonomy')}</summary>
            <p className="muted">{t('retrain.nextTaxonomyExplain')}</p>
            <label htmlFor="next-taxonomy">{t('retrain.taxonomyFile')}</label>
            <input id="next-taxonomy" type="file" accept=".json,.csv,.tsv,.txt" onChange={(e) => setTaxonomyFile(e.target.files?.[0] ?? null)} />
            <label htmlFor="next-mapping">{t('retrain.mappingFile')}</label>
            <input id="next-mapping" type="file" accept=".csv,.tsv,.txt" onChange={(e) => setMappingFile(e.target.files?.[0] ?? null)} />
          </details>
          <button type="submit" disabled={running}>
            {taxonomyFile ? t('retrain.startOnto', { name: taxonomyFile.name }) : t('retrain.start')}
          </button>
        </form>
      )}
      {running && <ProgressBar fraction={job.fraction} label={t('retrain.running', { stage: job.stage ?? job.status })} />}
      {job?.status === 'failed' && (
        <p className="error" role="alert">
          {t('common.error', { message: job.message ?? '' })}
        </p>
      )}
      {job?.taxonomyChange && (
        <p className="muted" data-testid="taxonomy-change">
          {t('retrain.taxonomyChange', {
            renamed: job.taxonomyChange.counts.renamed ?? 0,
            moved: job.taxonomyChange.counts.moved ?? 0,
            merged: job.taxonomyChange.counts.merged ?? 0,
            split: job.taxonomyChange.counts.split ?? 0,
            removed: job.taxonomyChange.counts.removed ?? 0,
          })}
          {job.taxonomyChange.unmapped && ` ${t('retrain.leftOut', { rows: job.taxonomyChange.unmapped.rows, feedback: job.taxonomyChange.unmapped.feedback })}`}
        </p>
      )}
      {gate && (
        <div className={`gate ${gate.passed ? 'ok' : 'error'}`} role="status" data-testid="gate">
          <p>
            {t('retrain.gate', {
              old: gate.baseWeightedF1.toFixed(4),
              oldId: gate.baseModelId,
              new: gate.newWeightedF1.toFixed(4),
              newId: gate.newModelId,
              rows: gate.validationRows,
            })}
          </p>
          <p>
            <strong>{gate.passed ? t('retrain.activated', { id: gate.newModelId }) : t('retrain.kept', { id: gate.baseModelId })}</strong>
          </p>
        </div>
      )}
      {error && (
        <p className="error" role="alert">
          {t('common.error', { message: error })}
        </p>
      )}
    </section>
  );
}
