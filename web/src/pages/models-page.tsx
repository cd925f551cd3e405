// Models: every saved model side by side (quality against training time, size, latency), and any one in detail.

import { useEffect, useMemo, useState } from 'react';
import type { ModelsPageResponse } from '../../../src/serving/api-types';
import { api } from '../api';
import { DataTable } from '../components/chart-figure';
import { ModelDetail } from '../components/model-detail';
import { XYChart, type XYSeries } from '../components/xy-chart';
import { formatBytes, formatSeconds } from '../format';
import { useI18n } from '../i18n';
import { markData, useRenderTiming } from '../render-timing';

export function ModelsPage() {
  const { t, lang, number, percent } = useI18n();
  const [summary, setSummary] = useState<ModelsPageResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  useRenderTiming('models', summary !== null);

  useEffect(() => {
    let current = true;
    api.modelsSummary().then(
      (s) => {
        if (!current) return;
        markData('models');
        setSummary(s);
      },
      (e: Error) => current && setError(e.message),
    );
    return () => {
      current = false;
    };
  }, []);

  const comparison = useMemo<XYSeries[]>(() => {
    const rows = (summary?.comparison ?? []).filter((r) => r.trainingSeconds !== null && r.weightedF1 !== null);
    return [
      { name: t('models.weightedF1'), kind: 'scatter', showLabels: true, points: rows.map((r) => ({ x: Math.max(r.trainingSeconds!, 0.01), y: r.weightedF1, label: r.kind })) },
      { name: t('models.macroF1'), kind: 'scatter', points: rows.map((r) => ({ x: Math.max(r.trainingSeconds!, 0.01), y: r.macroF1, label: r.kind })) },
    ];
  }, [summary, t]);

  if (error) return <p className="error" role="alert">{t('common.error', { message: error })}</p>;
  if (!summary) return <p role="status">{t('models.measuring')}</p>;
  if (summary.models.length === 0) return <p>{t('models.none')}</p>;

  const current = summary.models.find((m) => m.id === selected) ?? summary.models.find((m) => m.active) ?? summary.models[0];
  const byId = new Map(summary.models.map((m) => [m.id, m]));
  return (
    <div className="models">
      <div className="page-head">
        <div>
          <p data-testid="review-policy">{t('models.reviewPolicy', { t: number(summary.reviewThreshold, 3), p: percent(summary.reviewPrecision) })}</p>
          {summary.perCategoryThresholds && <p data-testid="per-category-policy">{t('models.perCategoryPolicy')}</p>}
          <LiveChecks summary={summary} />
        </div>
        <a className="button secondary" href={api.reportUrl(lang)} download>
          {t('report.download')}
        </a>
      </div>
      {summary.notes.map((n) => (
        <p key={n} className="muted small">
          {n}
        </p>
      ))}
      <section aria-labelledby="comparison">
        <h2 id="comparison">{t('models.comparison')}</h2>
        <DataTable
          testId="models-table"
          caption={t('models.comparison')}
          table={{
            columns: [t('models.model'), t('models.kind'), t('models.weightedF1'), t('models.macroF1'), t('models.accuracy'), t('models.trainingTime'), t('models.size'), t('models.latencyP50'), t('models.automatedAt95')],
            rows: summary.comparison.map((r) => [
              `${r.id}${byId.get(r.id)?.active ? ` (${t('models.active')})` : ''}`,
              r.kind,
              r.weightedF1 === null ? '—' : { text: number(r.weightedF1, 4), value: r.weightedF1 },
              r.macroF1 === null ? '—' : { text: number(r.macroF1, 4), value: r.macroF1 },
              r.accuracy === null ? '—' : { text: percent(r.accuracy), value: r.accuracy },
              r.trainingSeconds === null ? '—' : { text: formatSeconds(r.trainingSeconds, number), value: r.trainingSeconds },
              { text: formatBytes(r.sizeBytes, number), value: r.sizeBytes },
              r.latencyP50Ms === null ? '—' : { text: `${number(r.latencyP50Ms, 2)} ms`, value: r.latencyP50Ms },
              r.automatedAt95 === null ? '—' : { text: percent(r.automatedAt95), value: r.automatedAt95 },
            ]),
          }}
        />
        <XYChart
          title={t('models.qualityVsTime')}
          note={t('models.qualityVsTimeNote')}
          testId="comparison-chart"
          series={comparison}
          axes={{ x: t('models.trainingSeconds'), y: t('models.f1'), logX: true, formatY: (v) => number(v, 2) }}
          table={{
            columns: [t('models.model'), t('models.trainingSeconds'), t('models.weightedF1'), t('models.macroF1')],
            rows: summary.comparison.map((r) => [
              r.id,
              r.trainingSeconds === null ? '—' : { text: number(r.trainingSeconds, 1), value: r.trainingSeconds },
              r.weightedF1 === null ? '—' : { text: number(r.weightedF1, 4), value: r.weightedF1 },
              r.macroF1 === null ? '—' : { text: number(r.macroF1, 4), value: r.macroF1 },
            ]),
          }}
        />
      </section>
      <div className="toolbar">
        <label htmlFor="model-pick">{t('models.pick')}</label>
        <select id="model-pick" value={current.id} onChange={(e) => setSelected(e.target.value)}>
          {summary.models.map((m) => (
            <option key={m.id} value={m.id}>
              {m.id} ({m.kind}){m.active ? ` — ${t('models.active')}` : ''}
            </option>
          ))}
        </select>
      </div>
      <ModelDetail key={current.id} model={current} reviewThreshold={summary.reviewThreshold} />
      {summary.skipped.length > 0 && (
        <details>
          <summary>{t('models.skipped', { n: summary.skipped.length })}</summary>
          <ul>
            {summary.skipped.map((s) => (
              <li key={s.id}>
                <code>{s.id}</code>: {s.message}
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}

/** What the active model's spot checks measure in production, beside the precision it promised. */
function LiveChecks({ summary }: { summary: ModelsPageResponse }) {
  const { t, percent } = useI18n();
  const { share, live } = summary.spotChecks;
  const active = live.find((l) => l.modelId === summary.activeId);
  if (active?.precision != null && active.interval) {
    const [lo, hi] = active.interval;
    const text = t('models.livePrecision', { p: percent(active.precision), lo: percent(lo), hi: percent(hi), reviewed: active.reviewed, checks: active.checks, promised: percent(active.promised) });
    return <p data-testid="live-precision">{text}</p>;
  }
  if (share === 0) return <p data-testid="live-precision">{t('models.livePrecisionOff')}</p>;
  return (
    <p data-testid="live-precision" className="muted">
      {t('models.livePrecisionPending', { share: percent(share), checks: active?.checks ?? 0, promised: percent(summary.reviewPrecision) })}
    </p>
  );
}
