// A model's precision–coverage: if only predictions above a confidence threshold are filed automatically, what share is, at which precision.

import { useMemo } from 'react';
import type { PrecisionCoverage } from '../../../src/serving/api-types';
import { useI18n } from '../i18n';
import { DataTable } from './chart-figure';
import { XYChart, type XYSeries } from './xy-chart';

export function PrecisionCoverageView({ coverage, reviewThreshold }: { coverage: PrecisionCoverage | null; reviewThreshold: number | null }) {
  const { t, number, percent } = useI18n();
  const series = useMemo<XYSeries[]>(
    () =>
      coverage
        ? [
            { name: t('models.pcCurve'), kind: 'line', points: coverage.curve.map((p) => ({ x: p.coverage, y: p.precision })) },
            {
              name: t('models.pcTargets'),
              kind: 'scatter',
              showLabels: true,
              points: coverage.targets.filter((p) => p.threshold !== null).map((p) => ({ x: p.coverage, y: p.precision, label: percent(p.precision) })),
            },
          ]
        : [],
    [coverage, t, percent],
  );
  if (!coverage) return <p className="muted">{t('models.noCoverage')}</p>;
  const format = (v: number) => percent(v);
  return (
    <div data-testid="precision-coverage">
      <p>{t('models.pcExplain', { n: number(coverage.n) })}</p>
      <DataTable
        testId="precision-targets"
        table={{
          columns: [t('models.targetPrecision'), t('models.threshold'), t('models.automated'), t('models.toReview')],
          rows: coverage.targets.map((p) => [
            { text: percent(p.precision), value: p.precision },
            p.threshold === null ? t('models.notReached') : { text: number(p.threshold, 3), value: p.threshold },
            { text: percent(p.threshold === null ? 0 : p.coverage), value: p.threshold === null ? 0 : p.coverage },
            { text: percent(p.threshold === null ? 1 : 1 - p.coverage), value: p.threshold === null ? 1 : 1 - p.coverage },
          ]),
        }}
      />
      {reviewThreshold !== null && <p data-testid="review-threshold">{t('models.reviewUses', { t: number(reviewThreshold, 3) })}</p>}
      <XYChart
        title={t('models.pcChart')}
        testId="precision-coverage-chart"
        series={series}
        axes={{ x: t('models.automated'), y: t('models.precision'), xMin: 0, xMax: 1, formatX: format, formatY: format }}
        table={{
          columns: [t('models.threshold'), t('models.automated'), t('models.precision')],
          rows: coverage.curve.map((p) => [{ text: number(p.threshold, 3), value: p.threshold }, { text: percent(p.coverage), value: p.coverage }, { text: percent(p.precision), value: p.precision }]),
        }}
      />
    </div>
  );
}
