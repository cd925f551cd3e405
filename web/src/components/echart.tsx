// The page's one door to ECharts: only the chart types and components the pages use (a smaller bundle), drawn as SVG, sized to its box.

import { BarChart, HeatmapChart, LineChart, ScatterChart, type BarSeriesOption, type HeatmapSeriesOption, type LineSeriesOption, type ScatterSeriesOption } from 'echarts/charts';
import {
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TooltipComponent,
  VisualMapComponent,
  type GridComponentOption,
  type LegendComponentOption,
  type MarkLineComponentOption,
  type TooltipComponentOption,
  type VisualMapComponentOption,
} from 'echarts/components';
import { init, use, type ComposeOption, type ECElementEvent, type ECharts } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

use([BarChart, HeatmapChart, LineChart, ScatterChart, GridComponent, LegendComponent, MarkLineComponent, TooltipComponent, VisualMapComponent, SVGRenderer]);

export type ChartOption = ComposeOption<
  | BarSeriesOption
  | HeatmapSeriesOption
  | LineSeriesOption
  | ScatterSeriesOption
  | GridComponentOption
  | LegendComponentOption
  | MarkLineComponentOption
  | TooltipComponentOption
  | VisualMapComponentOption
>;

export type ChartClick = ECElementEvent;

/** Colours of the series, in order (the report's palette, so the page and the report look alike). */
export const PALETTE = ['#2f6fb0', '#e07b39', '#3a9b5c', '#c23b4a', '#7b5cb8', '#8c6d3f', '#d468a8', '#6b7280', '#b8a82e', '#2aa5b8'];

export interface EChartProps {
  option: ChartOption;
  /** Pixels; the width follows the box. */
  height: number;
  /** What the chart shows, for screen readers (its numbers are in the table beside it). */
  label: string;
  onClick?: (event: ChartClick) => void;
  className?: string;
}

/**
 * One ECharts instance on a div: created once, given each new option whole (notMerge), resized with its box,
 * disposed on unmount. setOption draws synchronously, so the SVG is in the DOM when the effects have run.
 */
export function EChart({ option, height, label, onClick, className }: EChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<ECharts | null>(null);

  useEffect(() => {
    const instance = init(box.current!, null, { renderer: 'svg' });
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(box.current!);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    // No animation: charts appear at once (render-time measurements, screenshots) and move less for readers.
    chart.current?.setOption({ animation: false, color: PALETTE, textStyle: { fontFamily: 'system-ui, sans-serif' }, ...option }, { notMerge: true });
  }, [option]);

  useEffect(() => {
    const instance = chart.current;
    if (!instance || !onClick) return;
    instance.on('click', onClick);
    return () => {
      instance.off('click', onClick);
    };
  }, [onClick]);

  return <div ref={box} className={`chart${onClick ? ' clickable' : ''}${className ? ` ${className}` : ''}`} style={{ height }} role="img" aria-label={label} />;
}
