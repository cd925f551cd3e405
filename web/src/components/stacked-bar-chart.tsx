// Horizontal bars split into shares (the language mix of each category): each bar sums to 100 %, the table keeps the counts.

import { useMemo } from 'react';
import { useI18n } from '../i18n';
import { ChartFigure } from './chart-figure';
import { EChart, type ChartOption } from './echart';

export interface StackedRow {
  label: string;
  /** One count per part, in the order of `parts`. */
  counts: number[];
}

export function StackedBarChart({ title, note, testId, parts, rows }: { title: string; note?: string; testId: string; parts: string[]; rows: StackedRow[] }) {
  const { number, percent } = useI18n();
  const option = useMemo<ChartOption>(() => {
    const totals = rows.map((r) => r.counts.reduce((a, b) => a + b, 0) || 1);
    return {
      grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
      legend: { top: 0, left: 0, textStyle: { fontSize: 11 } },
      tooltip: { trigger: 'item', formatter: (p: unknown) => { const item = p as { seriesName: string; name: string; value: number }; return `${item.name} — ${item.seriesName}: ${percent(item.value)}`; } },
      xAxis: { type: 'value', max: 1, axisLabel: { formatter: (v: number) => percent(v) } },
      yAxis: { type: 'category', inverse: true, data: rows.map((r) => r.label), axisLabel: { interval: 0, width: 150, overflow: 'truncate', fontSize: 11 } },
      series: parts.map((name, k) => ({ type: 'bar' as const, name, stack: 'share', barMaxWidth: 16, data: rows.map((r, i) => r.counts[k] / totals[i]) })),
    };
  }, [parts, rows, percent]);
  const table = { columns: ['', ...parts], rows: rows.map((r) => [r.label, ...r.counts.map((c) => ({ text: number(c), value: c }))]) };
  return (
    <ChartFigure title={title} note={note} table={table} testId={testId}>
      <EChart option={option} height={rows.length * 22 + 60} label={title} />
    </ChartFigure>
  );
}
