// A histogram from the analysis's bins (edges, counts and an open-ended last bar for values past the last edge).

import { useMemo } from 'react';
import type { Histogram } from '../../../src/serving/api-types';
import { useI18n } from '../i18n';
import { ChartFigure } from './chart-figure';
import { EChart, type ChartOption } from './echart';

/** "0–10", "10–20", ... and "≥ 300" for the overflow bar. */
export function binLabels(h: Histogram, number: (v: number) => string): string[] {
  const labels = h.counts.map((_, i) => `${number(h.edges[i])}–${number(h.edges[i + 1])}`);
  if (h.overflow > 0) labels.push(`≥ ${number(h.edges[h.edges.length - 1])}`);
  return labels;
}

export function HistogramChart({ title, note, testId, histogram, unit }: { title: string; note?: string; testId: string; histogram: Histogram; unit: string }) {
  const { t, number } = useI18n();
  const labels = useMemo(() => binLabels(histogram, (v) => number(v, 2)), [histogram, number]);
  const counts = useMemo(() => (histogram.overflow > 0 ? [...histogram.counts, histogram.overflow] : histogram.counts), [histogram]);
  const option = useMemo<ChartOption>(
    () => ({
      grid: { left: 8, right: 8, top: 16, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis' },
      // The unit is in the caption: an axis name would collide with the slanted bin labels.
      xAxis: { type: 'category', data: labels, axisLabel: { rotate: 45, fontSize: 10, hideOverlap: true } },
      yAxis: { type: 'value', minInterval: 1 },
      series: [{ type: 'bar', data: counts, barCategoryGap: '8%' }],
    }),
    [labels, counts],
  );
  const table = { columns: [unit, t('charts.products')], rows: labels.map((label, i) => [label, { text: number(counts[i]), value: counts[i] }]) };
  return (
    <ChartFigure title={title} note={note ?? `(${unit})`} table={table} testId={testId}>
      <EChart option={option} height={260} label={title} />
    </ChartFigure>
  );
}
