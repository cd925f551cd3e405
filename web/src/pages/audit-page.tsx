// Audit: products already filed in a likely wrong category, surest first, kept or moved with one key.

import { useCallback, useEffect, useState, type KeyboardEvent } from 'react';
import type { AuditResponse, AuditSuspectItem, JobResponse } from '../../../src/serving/api-types';
import { api, CATALOG } from '../api';
import { useAppState } from '../app-state';
import { ProgressBar } from '../components/progress-bar';
import { RetrainPanel } from '../components/retrain-panel';
import { SimilarEvidence } from '../components/similar-products';
import { useFollowFocus } from '../follow-focus';
import { useI18n } from '../i18n';

// Per catalog: each catalog's audits are its own jobs.
const LAST_AUDIT = CATALOG === 'default' ? 'prodclass.audit' : `prodclass.audit.${CATALOG}`;

function SuspectCard({ item, selected, onDecide, onSelect }: { item: AuditSuspectItem; selected: boolean; onDecide(decision: 'keep' | 'move'): void; onSelect(): void }) {
  const { t, percent } = useI18n();
  const card = useFollowFocus<HTMLElement>(selected);
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'm') onDecide('move');
    else if (e.key === 'k' || e.key === 'Enter') onDecide('keep');
    else return;
    e.preventDefault();
    e.stopPropagation();
  };
  return (
    <article ref={card} tabIndex={-1} className={`review-card${selected ? ' selected' : ''}`} onKeyDown={onKeyDown} onFocus={onSelect} aria-label={item.title} data-row={item.row}>
      <div className="review-body">
        <h3>{item.title}</h3>
        <p className="muted small">
          {t('audit.product', { id: item.id, row: item.row })} · {item.reason === 'duplicate-conflict' ? t('audit.duplicate') : t('audit.model')}
          {item.sameParent ? ` · ${t('audit.sameParent')}` : ''}
        </p>
        <p>
          {t('audit.filed')}: <strong>{item.givenName}</strong> ({percent(item.givenProbability)}) → {t('audit.suggested')}: <strong>{item.suggestedName}</strong> (
          {percent(item.suggestedProbability)})
        </p>
        {item.words.length > 0 && (
          <p className="small">
            {t('audit.words')}: {item.words.join(', ')}
          </p>
        )}
        {selected && <SimilarEvidence title={item.title} description="" excludeId={item.id} />}
        {item.decision ? (
          <p role="status">{item.decision === 'move' ? t('audit.moved') : t('audit.kept')}</p>
        ) : (
          <div className="actions">
            <button type="button" onClick={() => onDecide('move')} aria-keyshortcuts="M">
              {t('audit.move')}
            </button>
            <button type="button" className="secondary" onClick={() => onDecide('keep')} aria-keyshortcuts="K">
              {t('audit.keep')}
            </button>
          </div>
        )}
      </div>
    </article>
  );
}

export function AuditPage() {
  const { t } = useI18n();
  const { adminToken } = useAppState();
  const [job, setJob] = useState<JobResponse | null>(null);
  const [audit, setAudit] = useState<AuditResponse | null>(null);
  const [selected, setSelected] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [moves, setMoves] = useState(0);

  const open = useCallback(async (id: string) => {
    try {
      const found = await api.audit(id);
      setJob(found.job);
      setAudit(found.job.status === 'done' ? found : null);
      setMoves(found.suspects.filter((s) => s.decision === 'move').length);
    } catch {
      localStorage.removeItem(LAST_AUDIT);
    }
  }, []);
  useEffect(() => {
    const last = localStorage.getItem(LAST_AUDIT);
    if (last) void open(last);
  }, [open]);
  useEffect(() => {
    if (!job || job.status === 'done' || job.status === 'failed') return;
    const timer = setTimeout(() => void open(job.id), 700);
    return () => clearTimeout(timer);
  }, [job, open]);

  const start = async (file?: File) => {
    setError(null);
    try {
      const started = await api.startAudit(adminToken, file);
      localStorage.setItem(LAST_AUDIT, started.id);
      setAudit(null);
      setJob(started);
    } catch (e) {
      setError((e as Error).message);
    }
  };

  // Decided suspects leave the list; the selection stays where it was.
  const pending = audit?.suspects.filter((s) => s.decision === null) ?? [];
  const decide = async (item: AuditSuspectItem, decision: 'keep' | 'move') => {
    try {
      await api.auditDecision(audit!.job.id, item.row, decision, adminToken);
      setAudit((a) => a && { ...a, suspects: a.suspects.map((s) => (s.row === item.row ? { ...s, decision } : s)) });
      if (decision === 'move') setMoves((n) => n + 1);
      setSelected((s) => Math.max(0, Math.min(s, pending.length - 2)));
    } catch (e) {
      setError((e as Error).message);
    }
  };

  const onListKey = (e: KeyboardEvent) => {
    if (e.key === 'j' || e.key === 'ArrowDown') setSelected((s) => Math.min(pending.length - 1, s + 1));
    else if (e.key === 'ArrowUp') setSelected((s) => Math.max(0, s - 1));
    else return;
    e.preventDefault();
  };

  const running = job !== null && (job.status === 'queued' || job.status === 'running');
  return (
    <div className="review audit">
      <div className="toolbar">
        <button type="button" onClick={() => void start()} disabled={running}>
          {t('audit.start')}
        </button>
        <label className={`button secondary${running ? ' disabled' : ''}`}>
          {t('audit.upload')}
          <input
            type="file"
            className="visually-hidden"
            accept=".csv,.tsv,.txt,.jsonl,.ndjson,.json,.parquet,.xlsx,text/csv"
            disabled={running}
            onChange={(e) => {
              const file = e.target.files?.[0];
              e.target.value = '';
              if (file) void start(file);
            }}
          />
        </label>
        {audit && <span role="status">{t('audit.count', { n: pending.length, total: audit.suspects.length })}</span>}
      </div>
      <p className="muted small">{t('audit.explain')}</p>
      <p className="muted small">{t('audit.shortcuts')}</p>
      {running && <ProgressBar fraction={job.fraction} label={t('audit.running', { stage: job.stage ?? job.status })} />}
      {job?.status === 'failed' && (
        <p className="error" role="alert">
          {t('common.error', { message: job.message ?? '' })}
        </p>
      )}
      {error && (
        <p className="error" role="alert">
          {t('common.error', { message: error })}
        </p>
      )}
      <div className="review-list" onKeyDown={onListKey} data-testid="audit-list">
        {audit && pending.length === 0 && <p className="muted">{t('audit.empty')}</p>}
        {pending.map((item, i) => (
          <SuspectCard key={item.row} item={item} selected={i === selected} onSelect={() => setSelected(i)} onDecide={(d) => void decide(item, d)} />
        ))}
      </div>
      <RetrainPanel feedbackCount={moves} />
    </div>
  );
}
