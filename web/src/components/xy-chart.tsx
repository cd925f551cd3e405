// Lines and points on two value axes (training curves, precision–coverage, tuning history, quality against training time).

import { useMemo } from 'react';
import { ChartFigure, type NumbersTable } from './chart-figure';
import { EChart, type ChartOption } from './echart';

export interface XYSeries {
  name: string;
  kind: 'line' | 'scatter';
  points: { x: number; y: number | null; label?: string }[];
  /** Draw against the right-hand axis. */
  right?: boolean;
  /** Print each point's label beside it. */
  showLabels?: boolean;
  /** Step line (a running best). */
  step?: boolean;
}

export interface XYAxes {
  x: string;
  y: string;
  yRight?: string;
  logX?: boolean;
  xMin?: number;
  xMax?: number;
  yMin?: number;
  yMax?: number;
  /** Format of tick labels. */
  formatX?: (v: number) => string;
  formatY?: (v: number) => string;
  /** A vertical marker, e.g. the epoch whose weights were kept. */
  markX?: { value: number; label: string };
}

export interface XYChartProps {
  title: string;
  note?: string;
  testId: string;
  series: XYSeries[];
  axes: XYAxes;
  table: NumbersTable;
  height?: number;
}

export function XYChart({ title, note, testId, series, axes, table, height = 300 }: XYChartProps) {
  const option = useMemo<ChartOption>(() => {
    const right = series.some((s) => s.right);
    return {
      grid: { left: 8, right: 24, top: 52, bottom: 32, containLabel: true },
      // On the right, clear of the left axis's name.
      legend: { top: 0, right: 0, textStyle: { fontSize: 11 } },
      tooltip: { trigger: 'item' },
      xAxis: {
        type: axes.logX ? 'log' : 'value',
        name: axes.x,
        nameLocation: 'middle',
        nameGap: 26,
        min: axes.xMin,
        max: axes.xMax,
        scale: axes.xMin === undefined,
        axisLabel: { formatter: axes.formatX, hideOverlap: true },
      },
      yAxis: [
        { type: 'value', name: axes.y, nameTextStyle: { align: 'left' }, min: axes.yMin, max: axes.yMax, scale: axes.yMin === undefined, axisLabel: { formatter: axes.formatY } },
        ...(right ? [{ type: 'value' as const, name: axes.yRight ?? '', nameTextStyle: { align: 'right' as const }, splitLine: { show: false }, scale: true }] : []),
      ],
      series: series.map((s, k) => ({
        type: s.kind,
        name: s.name,
        yAxisIndex: s.right ? 1 : 0,
        step: s.step ? ('end' as const) : undefined,
        showSymbol: s.kind === 'scatter' || s.points.length <= 40,
        symbolSize: s.kind === 'scatter' ? 11 : 5,
        data: s.points.map((p) => ({ value: [p.x, p.y], name: p.label ?? '' })),
        label: s.showLabels ? { show: true, position: 'right' as const, fontSize: 11, formatter: (p: { name: string }) => p.name } : undefined,
        markLine:
          k === 0 && axes.markX
            ? { symbol: 'none', silent: true, data: [{ xAxis: axes.markX.value, name: axes.markX.label }], label: { formatter: axes.markX.label, fontSize: 10 }, lineStyle: { type: 'dashed' as const, color: '#6b7280' } }
            : undefined,
      })),
    } as ChartOption;
  }, [series, axes]);
  return (
    <ChartFigure title={title} note={note} table={table} testId={testId}>
      <EChart option={option} height={height} label={title} />
    </ChartFigure>
  );
}
