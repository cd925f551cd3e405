// Batch: upload a CSV (and images), follow the job, read its summary and download the result.

import { useCallback, useEffect, useState } from 'react';
import type { JobResponse } from '../../../src/serving/api-types';
import { api } from '../api';
import { useAppState } from '../app-state';
import { ProgressBar } from '../components/progress-bar';
import { useI18n } from '../i18n';

const POLL_MS = 700;

/** Polls a job until it is done or failed. */
function useJob(initial: JobResponse | null): JobResponse | null {
  const [job, setJob] = useState(initial);
  useEffect(() => setJob(initial), [initial]);
  useEffect(() => {
    if (!job || job.status === 'done' || job.status === 'failed') return;
    const timer = setTimeout(() => api.job(job.id).then(setJob, () => {}), POLL_MS);
    return () => clearTimeout(timer);
  }, [job]);
  return job;
}

function Summary({ job }: { job: JobResponse }) {
  const { t, percent } = useI18n();
  const { categoryName } = useAppState();
  const s = job.summary!;
  const top = s.counts[0]?.count ?? 1;
  return (
    <section className="summary">
      <p role="status">
        <strong>{t('batch.done', { rows: s.rows, s: s.seconds.toFixed(1) })}</strong>
      </p>
      <p>{t('batch.lowShare', { p: percent(s.lowConfidenceShare), t: percent(s.lowConfidenceThreshold) })}</p>
      {s.failed > 0 && (
        <details>
          <summary>{t('batch.badRows', { n: s.failed })}</summary>
          <ul>
            {s.errors.map((e, i) => (
              <li key={i}>{e.message}</li>
            ))}
          </ul>
        </details>
      )}
      {s.images && <p className="muted">{t('batch.imagesReport', { n: s.images.extracted, skipped: s.images.skipped })}</p>}
      {s.photos && (
        <details>
          <summary>{t('batch.photosReport', { found: s.photos.found, cells: s.photos.cells })}</summary>
          <ul>
            {s.photos.failed.map((f) => (
              <li key={f.url}>
                {f.url}: {f.reason}
              </li>
            ))}
            {s.photos.notUploaded.map((name) => (
              <li key={name}>{t('batch.photoNotUploaded', { name })}</li>
            ))}
          </ul>
        </details>
      )}
      <p>
        <a className="button" href={job.resultUrl!} download>
          {t('batch.download')}
        </a>
      </p>
      <h2>{t('batch.counts')}</h2>
      <ol className="bars" aria-label={t('batch.counts')}>
        {s.counts.map((c) => (
          <li key={c.code}>
            <span className="bar-name">
              {categoryName(c.code)} <small>({c.code})</small>
            </span>
            <span className="bar-track" aria-hidden="true">
              <span className="bar-fill" style={{ width: `${(c.count / top) * 100}%` }} />
            </span>
            <span className="bar-value">{c.count}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}

function JobView({ job }: { job: JobResponse }) {
  const { t } = useI18n();
  if (job.status === 'failed') return <p className="error" role="alert">{t('batch.failed', { message: job.message ?? '' })}</p>;
  if (job.status === 'done') return <Summary job={job} />;
  const label = job.status === 'queued' ? t('batch.queued') : t('batch.progress', { rows: job.rowsDone });
  return <ProgressBar fraction={job.fraction} label={label} />;
}

export function BatchPage() {
  const { t, percent } = useI18n();
  const [csv, setCsv] = useState<File | null>(null);
  const [images, setImages] = useState<File[]>([]);
  const [columns, setColumns] = useState('');
  const [upload, setUpload] = useState<number | null>(null);
  const [submitted, setSubmitted] = useState<JobResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [recent, setRecent] = useState<JobResponse[]>([]);
  const job = useJob(submitted);

  const loadRecent = useCallback(() => api.jobs('batch', 10).then((r) => setRecent(r.jobs), () => {}), []);
  useEffect(() => void loadRecent(), [loadRecent, job?.status]);

  const start = async () => {
    if (!csv) return;
    setError(null);
    setUpload(0);
    try {
      setSubmitted(await api.uploadBatch(csv, images, setUpload, columns.trim()));
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setUpload(null);
    }
  };

  return (
    <div className="batch">
      <form
        className="card"
        onSubmit={(e) => {
          e.preventDefault();
          void start();
        }}
      >
        <div className="field">
          <label htmlFor="batch-csv">{t('batch.csv')}</label>
          <input id="batch-csv" type="file" accept=".csv,.tsv,.txt,.jsonl,.ndjson,.json,.parquet,.xlsx,text/csv" onChange={(e) => setCsv(e.target.files?.[0] ?? null)} />
        </div>
        <div className="field">
          <label htmlFor="batch-columns">{t('batch.columns')}</label>
          <input id="batch-columns" type="text" placeholder="title=COL,description=COL+COL,id=COL" value={columns} onChange={(e) => setColumns(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="batch-images">{t('batch.images')}</label>
          <input id="batch-images" type="file" accept=".zip,image/*" multiple onChange={(e) => setImages([...(e.target.files ?? [])])} />
        </div>
        <button type="submit" disabled={!csv || upload !== null}>
          {t('batch.start')}
        </button>
        {upload !== null && <ProgressBar fraction={upload} label={t('batch.uploading', { p: percent(upload) })} />}
        {error && (
          <p className="error" role="alert">
            {t('common.error', { message: error })}
          </p>
        )}
      </form>
      {job && <JobView job={job} />}
      <section>
        <h2>{t('batch.recent')}</h2>
        {recent.length === 0 ? (
          <p className="muted">{t('batch.none')}</p>
        ) : (
          <ul className="jobs">
            {recent.map((r) => (
              <li key={r.id}>
                <span>{r.fileName ?? r.id}</span> — <span className={`status ${r.status}`}>{t(`job.${r.status}`)}</span> — <span>{t('batch.rows', { n: r.rowsDone })}</span>{' '}
                {r.status === 'done' && r.resultUrl && (
                  <a href={r.resultUrl} download>
                    CSV
                  </a>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
