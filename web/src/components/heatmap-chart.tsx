// The confusion matrix as a heatmap (rows: true category, columns: predicted) whose cells open the products behind them.

import { useCallback, useMemo } from 'react';
import { useI18n } from '../i18n';
import { ChartFigure } from './chart-figure';
import { EChart, type ChartClick, type ChartOption } from './echart';

export interface HeatmapChartProps {
  title: string;
  note?: string;
  testId: string;
  /** Names of rows and columns, in matrix order. */
  names: string[];
  counts: number[][];
  /** Header of the row, column and count columns of the numbers table. */
  columns: [string, string, string];
  onSelect?: (row: number, column: number) => void;
}

/** Plot area margins in pixels: fixed (no containLabel), so a cell's place can be computed from them (data-grid). */
const GRID = { left: 180, right: 12, top: 8, bottom: 150 };
const CELL = 22;

export function HeatmapChart({ title, note, testId, names, counts, columns, onSelect }: HeatmapChartProps) {
  const { number } = useI18n();
  const n = names.length;
  const option = useMemo<ChartOption>(() => {
    const data: [number, number, number][] = [];
    let max = 1;
    counts.forEach((row, i) =>
      row.forEach((count, j) => {
        if (count > 0) data.push([j, i, count]);
        if (i !== j) max = Math.max(max, count);
      }),
    );
    return {
      grid: GRID,
      tooltip: { position: 'top', formatter: (p: unknown) => { const [j, i, c] = (p as { value: [number, number, number] }).value; return `${names[i]} → ${names[j]}: ${c}`; } },
      xAxis: { type: 'category', data: names, position: 'bottom', axisLabel: { rotate: 60, interval: 0, width: 140, overflow: 'truncate', fontSize: 10 }, splitArea: { show: true } },
      yAxis: { type: 'category', data: names, inverse: true, axisLabel: { interval: 0, width: 170, overflow: 'truncate', fontSize: 10 }, splitArea: { show: true } },
      // Colours saturate at the largest off-diagonal count, so confusions stay visible beside the diagonal.
      visualMap: { min: 0, max, show: false, inRange: { color: ['#eef4fb', '#2f6fb0', '#0b2d55'] } },
      series: [{ type: 'heatmap', data, label: { show: true, fontSize: 9 }, cursor: onSelect ? 'pointer' : 'default' }],
    };
  }, [names, counts, onSelect]);
  const onClick = useCallback(
    (event: ChartClick) => {
      const value = event.value as [number, number, number] | undefined;
      if (Array.isArray(value)) onSelect?.(value[1], value[0]);
    },
    [onSelect],
  );
  const table = {
    columns,
    rows: counts.flatMap((row, i) => row.flatMap((count, j) => (count > 0 ? [[names[i], names[j], { text: number(count), value: count }]] : []))),
  };
  const width = GRID.left + GRID.right + n * CELL;
  const height = GRID.top + GRID.bottom + n * CELL;
  return (
    <ChartFigure title={title} note={note} table={table} testId={testId}>
      {/* Wider than a phone: it scrolls inside its own box, the page does not. */}
      <div className="chart-scroll">
        <div style={{ minWidth: width }} data-grid={`${GRID.left},${GRID.top},${GRID.right},${GRID.bottom}`} data-cells={n}>
          <EChart option={option} height={height} label={title} onClick={onSelect ? onClick : undefined} />
        </div>
      </div>
    </ChartFigure>
  );
}
