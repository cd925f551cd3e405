// One saved model on the Models page: its headline numbers, precision–coverage, per-class F1, confusions, training curves and tuning.

import { useCallback, useMemo } from 'react';
import type { ModelDetails } from '../../../src/serving/api-types';
import { formatBytes, formatSeconds } from '../format';
import { useI18n } from '../i18n';
import { BarChart, MAX_BARS, type Bar } from './bar-chart';
import { ConfusionExplorer } from './confusion-explorer';
import { DepthThresholdsView } from './depth-thresholds';
import { PrecisionCoverageView } from './precision-coverage';
import { CurvesChart, TuneChart } from './training-charts';

export function ModelDetail({ model, reviewThreshold }: { model: ModelDetails; reviewThreshold: number }) {
  const { t, lang, number, percent } = useI18n();
  const f1Bars = useMemo<Bar[]>(
    () =>
      [...model.perClass]
        // A long list opens on the largest categories (the chart searches the rest); a short one ranks by F1.
        .sort(model.perClass.length > MAX_BARS ? (a, b) => b.support - a.support || a.code - b.code : (a, b) => b.f1 - a.f1 || a.code - b.code)
        .map((c) => ({ key: c.code, label: lang === 'fr' ? c.nameFr : c.name, value: c.f1 })),
    [model, lang],
  );
  const formatF1 = useCallback((v: number) => number(v, 2), [number]);
  const m = model.metrics;
  const figures = [
    { label: t('models.weightedF1'), value: m ? number(m.weightedF1, 4) : '—' },
    { label: t('models.macroF1'), value: m ? number(m.macroF1, 4) : '—' },
    { label: t('models.accuracy'), value: m ? percent(m.accuracy) : '—' },
    { label: t('models.validationRows'), value: m ? number(m.n) : '—' },
    { label: t('models.trainingTime'), value: model.trainingSeconds === null ? '—' : formatSeconds(model.trainingSeconds, number) },
    { label: t('models.size'), value: formatBytes(model.sizeBytes, number) },
    { label: t('models.latency'), value: model.latency ? t('models.latencyValue', { p50: number(model.latency.singleMs.p50, 2), p95: number(model.latency.singleMs.p95, 2) }) : '—' },
    { label: t('models.throughput'), value: model.latency ? t('models.perSecond', { n: number(model.latency.batchProductsPerSecond) }) : '—' },
  ];
  return (
    <section className="card model-detail" aria-labelledby="model-title" data-testid="model-detail">
      <h2 id="model-title">
        {model.id} <small className="muted">{model.kind}</small> {model.active && <span className="tag">{t('models.active')}</span>}
      </h2>
      <p className="muted small">
        {t('models.trainedOn', { dir: model.data?.source ?? '—', n: model.data ? number(model.data.nTrain) : '—' })}
        {model.sameData === false && ` ${t('models.otherData')}`}
      </p>
      <dl className="figures" data-testid="model-figures">
        {figures.map((f) => (
          <div key={f.label}>
            <dt>{f.label}</dt>
            <dd>{f.value}</dd>
          </div>
        ))}
      </dl>
      {model.notes.length > 0 && (
        <ul className="muted small">
          {model.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      )}

      <h3>{t('models.pc')}</h3>
      {model.data?.validation && (
        <p className="muted small" data-testid="validation-method">
          {t('models.validationMethod', { how: model.data.validation })}
        </p>
      )}
      <PrecisionCoverageView coverage={model.precisionCoverage} reviewThreshold={model.active ? reviewThreshold : null} />
      {model.depthThresholds && <DepthThresholdsView record={model.depthThresholds} />}
      {model.alwaysReviewed.length > 0 && (
        <p data-testid="always-reviewed">
          {t('models.alwaysReviewed', { list: model.alwaysReviewed.map((c) => (lang === 'fr' ? c.nameFr : c.name)).join(', ') })}
        </p>
      )}

      {f1Bars.length > 0 && (
        <BarChart title={t('models.perClass')} testId="per-class-f1" bars={f1Bars} format={formatF1} max={1} columns={[t('charts.category'), t('models.f1')]} />
      )}
      {model.confusion || model.topConfusions.length > 0 ? <ConfusionExplorer model={model} /> : <p className="muted">{t('models.noConfusion')}</p>}
      {model.curves && <CurvesChart curves={model.curves} />}
      {model.tune && <TuneChart tune={model.tune} />}
    </section>
  );
}
