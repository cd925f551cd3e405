// The report's chart kinds as ECharts options rendered to SVG: labelled bars, histograms, stacked shares, lines, scatter and heatmap.

import type { Histogram } from '../analysis/dataset-analysis-types.js';
import { renderChartSvg, type EChartsOption } from './echarts-svg.js';

const WIDTH = 860;
const AXIS_LABEL = { fontSize: 11, color: '#333' };
/**
 * Room left of category axes. ECharts measures text on the server with its own font estimate, narrower than a
 * browser's; a fixed margin with truncation keeps long category names from being cut at the left edge.
 */
const LABEL_SPACE = 300;
const CATEGORY_LABEL = { ...AXIS_LABEL, width: LABEL_SPACE - 24, overflow: 'truncate' as const };

/** Horizontal bars, one per label (first label drawn on top), each with its value printed by `format`. */
export function horizontalBars(title: string, labels: readonly string[], values: readonly number[], format: (v: number) => string): string {
  const height = Math.max(160, 60 + labels.length * 22);
  const option: EChartsOption = {
    title: { text: title, left: 0, textStyle: { fontSize: 14 } },
    grid: { left: LABEL_SPACE, right: 70, top: 36, bottom: 24 },
    xAxis: { type: 'value', axisLabel: AXIS_LABEL },
    yAxis: { type: 'category', data: [...labels].reverse(), axisLabel: CATEGORY_LABEL },
    series: [{ type: 'bar', data: [...values].reverse(), label: { show: true, position: 'right', fontSize: 11, formatter: (p: { value: unknown }) => format(p.value as number) } }],
  };
  return renderChartSvg(option, WIDTH, height, title);
}

/** Bin labels of a histogram: "0–9" for integer bins, "0.25–0.38" otherwise, and "≥ last" for the overflow bar. */
export function binLabels(h: Histogram): string[] {
  const integer = h.edges.every((e) => Number.isInteger(e));
  const labels = h.counts.map((_, i) => (integer ? `${h.edges[i]}–${h.edges[i + 1] - 1}` : `${trim(h.edges[i])}–${trim(h.edges[i + 1])}`));
  if (h.underflow > 0) labels.unshift(`< ${trim(h.edges[0])}`);
  labels.push(`≥ ${trim(h.edges[h.edges.length - 1])}`);
  return labels;
}

/** Vertical bars of a histogram, the overflow (and any underflow) bar included, counts printed on the bars. */
export function histogramChart(title: string, h: Histogram, xName: string): string {
  const values = [...(h.underflow > 0 ? [h.underflow] : []), ...h.counts, h.overflow];
  const option: EChartsOption = {
    title: { text: title, left: 0, textStyle: { fontSize: 14 } },
    grid: { left: 8, right: 16, top: 44, bottom: 24, containLabel: true },
    xAxis: { type: 'category', data: binLabels(h), name: xName, nameLocation: 'middle', nameGap: 46, axisLabel: { ...AXIS_LABEL, rotate: 45, interval: 0 } },
    yAxis: { type: 'value', axisLabel: AXIS_LABEL },
    series: [{ type: 'bar', data: values, barCategoryGap: '8%', label: { show: true, position: 'top', fontSize: 10 } }],
  };
  return renderChartSvg(option, WIDTH, 340, title);
}

/** Horizontal 100 % stacked bars: for each label, the share of each part (values are counts). */
export function stackedShares(title: string, labels: readonly string[], parts: readonly { name: string; counts: readonly number[] }[]): string {
  const totals = labels.map((_, i) => parts.reduce((s, p) => s + p.counts[i], 0));
  const height = Math.max(160, 80 + labels.length * 22);
  const option: EChartsOption = {
    title: { text: title, left: 0, textStyle: { fontSize: 14 } },
    legend: { top: 34, left: 0, textStyle: { fontSize: 11 } },
    grid: { left: LABEL_SPACE, right: 24, top: 66, bottom: 24 },
    xAxis: { type: 'value', max: 100, axisLabel: { ...AXIS_LABEL, formatter: '{value} %' } },
    yAxis: { type: 'category', data: [...labels].reverse(), axisLabel: CATEGORY_LABEL },
    series: parts.map((p) => ({
      type: 'bar' as const,
      name: p.name,
      stack: 'share',
      data: [...p.counts].map((c, i) => (totals[i] > 0 ? Math.round((1000 * c) / totals[i]) / 10 : 0)).reverse(),
    })),
  };
  return renderChartSvg(option, WIDTH, height, title);
}

/** Lines over a shared x axis (numbers); null values leave gaps. Optionally a second y axis for some series. */
export function lineChart(
  title: string,
  x: readonly number[],
  series: readonly { name: string; values: readonly (number | null)[]; rightAxis?: boolean }[],
  axes: { x: string; y: string; yRight?: string; xMin?: number; xMax?: number; yMin?: number; yMax?: number; xInteger?: boolean; yScale?: boolean },
): string {
  const right = series.some((s) => s.rightAxis);
  const option: EChartsOption = {
    title: { text: title, left: 0, textStyle: { fontSize: 14 } },
    legend: { top: 34, left: 0, textStyle: { fontSize: 11 } },
    grid: { left: 8, right: 16, top: 90, bottom: 8, containLabel: true },
    xAxis: { type: 'value', name: axes.x, nameLocation: 'middle', nameGap: 28, min: axes.xMin, max: axes.xMax, minInterval: axes.xInteger ? 1 : undefined, axisLabel: AXIS_LABEL },
    yAxis: [
      { type: 'value', name: axes.y, nameTextStyle: { align: 'left' }, min: axes.yMin, max: axes.yMax, scale: axes.yScale, axisLabel: AXIS_LABEL },
      ...(right ? [{ type: 'value' as const, name: axes.yRight ?? '', nameTextStyle: { align: 'right' as const }, axisLabel: AXIS_LABEL, splitLine: { show: false } }] : []),
    ],
    series: series.map((s) => ({
      type: 'line' as const,
      name: s.name,
      yAxisIndex: s.rightAxis ? 1 : 0,
      showSymbol: x.length <= 60,
      connectNulls: false,
      data: x.map((xi, i) => [xi, s.values[i]]),
    })),
  };
  return renderChartSvg(option, WIDTH, 360, title);
}

/** Labelled points; `logX` for quantities spanning orders of magnitude (training time). */
export function scatterChart(
  title: string,
  points: readonly { name: string; x: number; y: number }[],
  axes: { x: string; y: string; logX?: boolean },
): string {
  const option: EChartsOption = {
    title: { text: title, left: 0, textStyle: { fontSize: 14 } },
    grid: { left: 8, right: 40, top: 64, bottom: 8, containLabel: true },
    xAxis: { type: axes.logX ? 'log' : 'value', name: axes.x, nameLocation: 'middle', nameGap: 28, axisLabel: AXIS_LABEL, scale: true },
    yAxis: { type: 'value', name: axes.y, nameTextStyle: { align: 'left' }, axisLabel: AXIS_LABEL, scale: true },
    series: [
      {
        type: 'scatter',
        symbolSize: 12,
        data: points.map((p) => ({ name: p.name, value: [p.x, p.y] })),
        label: { show: true, position: 'right', fontSize: 11, formatter: (p: { name: string }) => p.name },
      },
    ],
  };
  return renderChartSvg(option, WIDTH, 380, title);
}

/** A confusion-matrix heatmap: rows are true classes, columns predicted, non-zero counts printed in the cells. */
export function heatmapChart(title: string, names: readonly string[], counts: readonly (readonly number[])[]): string {
  const data: [number, number, number][] = [];
  let max = 1;
  for (let i = 0; i < counts.length; i++) {
    for (let j = 0; j < counts[i].length; j++) {
      if (counts[i][j] > 0) data.push([j, counts.length - 1 - i, counts[i][j]]);
      if (i !== j) max = Math.max(max, counts[i][j]);
    }
  }
  const size = 240 + names.length * 24;
  const option: EChartsOption = {
    title: { text: title, left: 0, textStyle: { fontSize: 14 } },
    grid: { left: 230, right: 16, top: 40, bottom: 190 },
    xAxis: { type: 'category', data: [...names], name: 'predicted', nameLocation: 'middle', nameGap: 176, axisLabel: { ...AXIS_LABEL, rotate: 60, interval: 0, width: 170, overflow: 'truncate' } },
    yAxis: { type: 'category', data: [...names].reverse(), axisLabel: { ...AXIS_LABEL, interval: 0, width: 190, overflow: 'truncate' } },
    // Colours saturate at the largest off-diagonal count, so confusions stay visible beside the diagonal.
    visualMap: { min: 0, max, show: false, inRange: { color: ['#eef4fb', '#2f6fb0', '#0b2d55'] } },
    series: [{ type: 'heatmap', data, label: { show: true, fontSize: 9 } }],
  };
  return renderChartSvg(option, Math.max(WIDTH, size + 230), size + 230, title);
}

function trim(x: number): string {
  return String(Math.round(x * 1000) / 1000);
}
