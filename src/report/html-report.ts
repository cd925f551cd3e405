// The shareable report: one self-contained HTML file (inline CSS and SVG charts, no script, no network) with the dataset analysis and the model comparison.

import type { DatasetAnalysis } from '../analysis/dataset-analysis.js';
import type { ModelsSummary } from '../analysis/models-summary.js';
import { packageVersion } from '../core/version.js';
import type { DisplayLanguage as Language } from '../taxonomy/index.js';
import { datasetSection } from './dataset-section.js';
import { escapeHtml, formatInt } from './html.js';
import { modelsSection } from './models-section.js';
import { termsSection } from './terms-section.js';

export interface ReportInput {
  analysis: DatasetAnalysis;
  /** Null to leave the models part out. */
  models: ModelsSummary | null;
  /** Language of the category names (default en). */
  lang?: Language;
  title?: string;
  /** Sample photos as `data:` URIs, by path relative to the data folder (see terms-section). */
  thumbnails?: ReadonlyMap<string, string>;
}

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2328;margin:0;background:#f6f7f9}
main{max-width:960px;margin:0 auto;padding:24px;background:#fff}
h1{font-size:24px;margin:0 0 4px}h2{font-size:20px;border-bottom:2px solid #2f6fb0;padding-bottom:4px;margin-top:40px}
h3{font-size:16px;margin-top:28px}h4{font-size:14px;margin:12px 0 6px}
.muted{color:#6b7280;font-weight:normal;font-size:12px}.tag{background:#fde68a;border-radius:3px;padding:0 4px;font-size:11px}
nav ul{columns:3;padding-left:18px}
table{border-collapse:collapse;margin:8px 0;font-size:12.5px;min-width:50%}th,td{border-bottom:1px solid #e5e7eb;padding:4px 6px;text-align:left;vertical-align:top}
th{background:#f3f4f6}td.num,th.num{text-align:right;white-space:nowrap}
.figures{display:flex;flex-wrap:wrap;gap:8px;margin:12px 0}.figure{flex:1 1 130px;border:1px solid #e5e7eb;border-radius:6px;padding:8px}
.figure .value{font-size:18px;font-weight:600}.figure .label{font-size:11.5px;color:#6b7280}
svg{max-width:100%;height:auto;display:block;margin:8px 0}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(400px,1fr));gap:12px}
.card{border:1px solid #e5e7eb;border-radius:6px;padding:8px}.card h4{margin:0}.bigrams{font-size:12px}
.photos{display:flex;flex-wrap:wrap;gap:4px}.photos img{border:1px solid #e5e7eb;object-fit:contain;background:#fff}
details summary{cursor:pointer;font-weight:600;margin:6px 0}code{font-size:12px;word-break:break-all}
@media print{body{background:#fff}main{max-width:none}details{display:block}}
`;

/**
 * Renders the report. Every text from data (titles, file names, model ids) is escaped; charts are inline SVG
 * drawn by ECharts on the server; photos, when given, are inline `data:` URIs. The analysis and the models
 * summary are also embedded as JSON (`<script type="application/json" id="prodclass-data">`, inert: no code
 * runs), so the numbers can be read back from the file.
 */
export function renderReport(input: ReportInput): string {
  const { analysis, models } = input;
  const lang = input.lang ?? 'en';
  const title = input.title ?? `prodclass report: ${analysis.data.source}`;
  const sections: { id: string; title: string; html: string }[] = [
    { id: 'dataset', title: 'Dataset', html: datasetSection(analysis, lang) },
    { id: 'terms', title: 'Words and samples per category', html: termsSection(analysis, lang, input.thumbnails ?? new Map()) },
  ];
  if (models) sections.push({ id: 'models', title: 'Models', html: modelsSection(models, lang) });
  const data = JSON.stringify({ analysis, models }).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
  return [
    '<!doctype html>',
    `<html lang="${lang}">`,
    '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${STYLE}</style></head>`,
    '<body><main>',
    `<header><h1>${escapeHtml(title)}</h1><p class="muted">${formatInt(analysis.data.products)} labelled products${analysis.data.demo ? ' (demo catalog)' : ''} · data fingerprint ${escapeHtml(analysis.data.fingerprint.slice(0, 12))} · generated ${escapeHtml(new Date().toISOString())} by prodclass ${escapeHtml(packageVersion())}</p></header>`,
    `<nav><ul>${sections.map((s) => `<li><a href="#${s.id}">${escapeHtml(s.title)}</a></li>`).join('')}</ul></nav>`,
    ...sections.map((s) => `<section id="${s.id}"><h2>${escapeHtml(s.title)}</h2>\n${s.html}\n</section>`),
    `<script type="application/json" id="prodclass-data">${data}</script>`,
    '</main></body></html>',
    '',
  ].join('\n');
}
