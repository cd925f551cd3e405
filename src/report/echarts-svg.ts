// Renders an ECharts option to an inline SVG string on the server (the report's only ECharts user).

import * as echarts from 'echarts';
import type { EChartsOption } from 'echarts';

export type { EChartsOption };

/** Colours of the report's charts, in series order. */
export const PALETTE = ['#2f6fb0', '#e07b39', '#3a9b5c', '#c23b4a', '#7b5cb8', '#8c6d3f', '#d468a8', '#6b7280', '#b8a82e', '#2aa5b8'];

/**
 * Draws `option` with ECharts' server-side SVG renderer (no animation) and returns the `<svg>` markup, ready to
 * inline in HTML. The XML namespace declarations are removed (HTML parses inline SVG without them), so the
 * report holds no `http://` address at all. ECharts escapes every text it draws (axis labels, titles).
 * The chart is always disposed: an undisposed server-side chart keeps a timer that holds the process open.
 */
export function renderChartSvg(option: EChartsOption, width: number, height: number, label: string): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({ animation: false, color: PALETTE, textStyle: { fontFamily: 'system-ui, sans-serif' }, ...option });
    const svg = chart.renderToSVGString();
    return svg
      .replace(/ xmlns(:xlink)?="[^"]*"/g, '')
      .replace('<svg ', `<svg role="img" aria-label="${label.replace(/[&"<>]/g, (c) => `&#${c.charCodeAt(0)};`)}" `);
  } finally {
    chart.dispose();
  }
}
