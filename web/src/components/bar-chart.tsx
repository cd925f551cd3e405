// Horizontal bars, one per labelled value (categories by count, F1 per class...); a click on a bar or its label selects it.

import { useCallback, useMemo, useState } from 'react';
import { fold } from '../fold';
import { useI18n } from '../i18n';
import { ChartFigure } from './chart-figure';
import { EChart, type ChartClick, type ChartOption } from './echart';

export interface Bar {
  /** Stable key handed to onSelect (a category code, a model id). */
  key: number | string;
  label: string;
  value: number;
}

export interface BarChartProps {
  title: string;
  note?: string;
  testId: string;
  bars: Bar[];
  format: (value: number) => string;
  /** Header of the label and value columns of the numbers table. */
  columns: [string, string];
  /** The axis's end (1 for shares); default: the data's. */
  max?: number;
  /** Called with the key of the bar (or axis label) clicked. */
  onSelect?: (key: number | string) => void;
  /** The key to draw highlighted. */
  selected?: number | string | null;
}

const ROW = 22;

/** Bars drawn at most: past that a chart of thousands of categories shows the first ones and a search for the rest. */
export const MAX_BARS = 40;

export function BarChart(props: BarChartProps) {
  const { t, number } = useI18n();
  const [query, setQuery] = useState('');
  const { bars: all, testId } = props;
  const shown = useMemo(() => {
    if (all.length <= MAX_BARS) return all;
    const words = fold(query).split(/\s+/).filter(Boolean);
    const kept = words.length === 0 ? all : all.filter((b) => words.every((w) => fold(b.label).includes(w)));
    return kept.slice(0, MAX_BARS);
  }, [all, query]);
  if (all.length <= MAX_BARS) return <Bars {...props} />;
  return (
    <div className="long-chart">
      <label className="field-inline">
        {t('charts.find')}
        <input type="search" value={query} onChange={(e) => setQuery(e.target.value)} data-testid={`${testId}-search`} />
      </label>
      <p className="muted small">{t('charts.firstOf', { k: number(shown.length), n: number(all.length) })}</p>
      <Bars {...props} bars={shown} />
    </div>
  );
}

function Bars({ title, note, testId, bars, format, columns, max, onSelect, selected }: BarChartProps) {
  const option = useMemo<ChartOption>(
    () => ({
      grid: { left: 8, right: 56, top: 8, bottom: 8, containLabel: true },
      tooltip: { trigger: 'item', formatter: (p: unknown) => { const item = p as { name: string; value: number }; return `${item.name}: ${format(item.value)}`; } },
      xAxis: { type: 'value', max, axisLabel: { formatter: (v: number) => format(v), hideOverlap: true } },
      yAxis: {
        type: 'category',
        inverse: true,
        data: bars.map((b) => b.label),
        // Labels are clickable too: a bigger target than a short bar.
        triggerEvent: onSelect !== undefined,
        axisLabel: { interval: 0, width: 150, overflow: 'truncate', fontSize: 11 },
      },
      series: [
        {
          type: 'bar',
          data: bars.map((b) => ({ value: b.value, itemStyle: b.key === selected ? { color: '#e07b39' } : undefined })),
          barMaxWidth: 16,
          label: { show: true, position: 'right', fontSize: 10, formatter: (p: { value: unknown }) => format(Number(p.value)) },
          cursor: onSelect ? 'pointer' : 'default',
        },
      ],
    }),
    [bars, format, max, onSelect, selected],
  );
  const onClick = useCallback(
    (event: ChartClick) => {
      const at = event.componentType === 'yAxis' ? bars.findIndex((b) => b.label === (event as unknown as { value: string }).value) : event.dataIndex;
      if (at !== undefined && at >= 0 && bars[at]) onSelect?.(bars[at].key);
    },
    [bars, onSelect],
  );
  const table = { columns, rows: bars.map((b) => [b.label, { text: format(b.value), value: b.value }]) };
  return (
    <ChartFigure title={title} note={note} table={table} testId={testId}>
      <EChart option={option} height={bars.length * ROW + 24} label={title} onClick={onSelect ? onClick : undefined} />
    </ChartFigure>
  );
}
