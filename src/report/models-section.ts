// The report's model comparison: a table and charts across models, then each model's coverage, per-class F1, confusions, curves and tuning.

import type { ModelSummary, ModelsSummary } from '../analysis/models-summary.js';
import type { DisplayLanguage as Language } from '../taxonomy/index.js';
import { escapeHtml, figures, formatBytes, formatInt, formatNumber, formatPercent, formatSeconds, table } from './html.js';
import { heatmapChart, horizontalBars, lineChart, scatterChart } from './report-charts.js';

/** Bars a chart draws at most: one bar per category stops being readable long before thousands of categories. */
const MAX_BARS = 40;

/** The models section's HTML. */
export function modelsSection(summary: ModelsSummary, lang: Language): string {
  // Each model's card names its own categories; models of one report usually share a taxonomy.
  const names = new Map<number, string>();
  for (const m of summary.models) for (const c of m.perClass) if (!names.has(c.code)) names.set(c.code, lang === 'fr' ? c.nameFr : c.name);
  const label = (code: number) => `${names.get(code) ?? `category ${code}`} (${code})`;
  if (summary.models.length === 0) {
    return `<p class="muted">No model given (use --models DIR,DIR or --models-dir DIR).</p>${skippedNote(summary)}`;
  }
  const parts: string[] = [];
  parts.push(
    table(
      ['model', 'kind', 'weighted F1', 'macro F1', 'accuracy', 'training time', 'size', 'latency p50', 'batch speed', 'automated at 95 % precision'],
      summary.models.map((m) => [
        { html: `<a href="#model-${anchor(m.id)}">${escapeHtml(m.id)}</a>${m.demo ? ' <span class="tag">demo</span>' : ''}` },
        m.kind,
        formatNumber(m.metrics?.weightedF1, 4),
        formatNumber(m.metrics?.macroF1, 4),
        m.metrics ? formatPercent(m.metrics.accuracy) : '—',
        formatSeconds(m.trainingSeconds),
        formatBytes(m.sizeBytes),
        m.latency ? `${m.latency.singleMs.p50.toFixed(2)} ms` : '—',
        m.latency ? `${formatInt(m.latency.batchProductsPerSecond)}/s` : '—',
        coverageAt(m, 0.95),
      ]),
    ),
  );
  const scored = summary.models.filter((m) => m.metrics && m.trainingSeconds !== null);
  if (scored.length > 0) {
    parts.push(
      scatterChart(
        'Validation weighted F1 against training time',
        scored.map((m) => ({ name: m.id, x: Math.max(m.trainingSeconds!, 0.01), y: m.metrics!.weightedF1 })),
        { x: 'training time (s, log scale)', y: 'weighted F1', logX: true },
      ),
    );
  }
  parts.push(skippedNote(summary));
  for (const m of summary.models) parts.push(modelPart(m, label));
  return parts.join('\n');
}

function modelPart(m: ModelSummary, label: (code: number) => string): string {
  const out = [`<section class="model" id="model-${anchor(m.id)}"><h3>${escapeHtml(m.id)} <span class="muted">${escapeHtml(m.kind)}</span></h3>`];
  out.push(
    figures([
      { label: 'weighted F1', value: formatNumber(m.metrics?.weightedF1, 4) },
      { label: 'macro F1', value: formatNumber(m.metrics?.macroF1, 4) },
      { label: 'validation products', value: m.metrics ? formatInt(m.metrics.n) : '—' },
      { label: 'trained in', value: formatSeconds(m.trainingSeconds) },
      { label: 'size on disk', value: formatBytes(m.sizeBytes) },
      { label: `latency p50 (${m.latency?.source ?? 'not measured'})`, value: m.latency ? `${m.latency.singleMs.p50.toFixed(2)} ms` : '—' },
    ]),
  );
  if (m.sameData === false) out.push('<p class="muted">Trained on other data than this report\'s dataset: its figures come from its own validation rows.</p>');
  for (const note of m.notes) out.push(`<p class="muted">${escapeHtml(note)}</p>`);

  const pc = m.precisionCoverage;
  if (pc && pc.curve.length > 0) {
    out.push('<h4>Precision–coverage</h4>');
    out.push(
      `<p>If only predictions at or above a confidence threshold are filed automatically and the rest go to review: the share automated at each precision, estimated on ${formatInt(pc.n)} validation products.</p>` +
        table(
          ['precision wanted', 'automated share', 'confidence threshold'],
          pc.targets.map((t) => [formatPercent(t.precision, 0), t.threshold === null ? 'not reachable' : formatPercent(t.coverage), t.threshold === null ? '—' : formatNumber(t.threshold, 4)]),
        ),
    );
    const curve = [...pc.curve].sort((a, b) => a.coverage - b.coverage);
    out.push(
      lineChart('Precision against the share filed automatically', curve.map((p) => Math.round(p.coverage * 1e4) / 100), [{ name: 'precision (%)', values: curve.map((p) => Math.round(p.precision * 1e4) / 100) }], {
        x: 'share filed automatically (%)',
        y: 'precision (%)',
        xMin: 0,
        xMax: 100,
      }),
    );
  }

  if (m.perClass.length > 0) {
    // Past a readable number of bars, the largest categories (the report's tables list the rest).
    const classes = m.perClass
      .filter((c) => c.support > 0)
      .sort((a, b) => b.support - a.support || a.code - b.code)
      .slice(0, MAX_BARS)
      .sort((a, b) => b.f1 - a.f1 || a.code - b.code);
    const title = m.perClass.length > MAX_BARS ? `F1 of the ${MAX_BARS} largest categories (validation)` : 'F1 per category (validation)';
    out.push(horizontalBars(title, classes.map((c) => label(c.code)), classes.map((c) => c.f1), (v) => v.toFixed(2)));
  }

  if (m.confusion) {
    const keep = m.confusion.labels.map((_, i) => i).filter((i) => m.confusion!.counts[i].some((v) => v > 0) || m.confusion!.counts.some((row) => row[i] > 0));
    out.push(heatmapChart('Confusion matrix (rows: true category, columns: predicted)', keep.map((i) => label(m.confusion!.labels[i])), keep.map((i) => keep.map((j) => m.confusion!.counts[i][j]))));
  }
  if (m.topConfusions.length > 0) {
    const examples = (truth: number, predicted: number) =>
      m.misclassified
        .filter((x) => x.truth === truth && x.predicted === predicted)
        .slice(0, 3)
        .map((x) => `<div>${x.designation === null ? `#${x.index}` : escapeHtml(x.designation)} <span class="muted">${(x.confidence * 100).toFixed(0)} %</span></div>`)
        .join('');
    out.push(
      `<details open><summary>Most frequent confusions</summary>${table(
        ['true category', 'predicted as', 'products', 'share of the true category', 'examples (confidence)'],
        m.topConfusions.slice(0, 12).map((c) => [label(c.truth), label(c.predicted), formatInt(c.count), formatPercent(c.shareOfTruth), { html: examples(c.truth, c.predicted) }]),
      )}</details>`,
    );
  }

  if (m.curves && m.curves.series.length > 0) {
    const shown = m.curves.series.filter((s) => s.kind !== 'other');
    out.push('<h4>Training curves</h4>');
    out.push(
      lineChart(
        `Loss and scores per epoch${m.curves.bestEpoch !== null ? ` (weights kept from epoch ${m.curves.bestEpoch})` : ''}`,
        m.curves.epochs,
        shown.map((s) => ({ name: s.name, values: s.values, rightAxis: s.kind === 'metric' })),
        { x: 'epoch', y: 'loss', yRight: 'score', xInteger: true },
      ),
    );
  }

  if (m.tune && m.tune.trials.length > 0) {
    const t = m.tune;
    out.push('<h4>Hyperparameter search</h4>');
    const trials = t.trials.filter((x) => x.value !== null);
    let best = t.direction === 'maximize' ? -Infinity : Infinity;
    const running = trials.map((x) => {
      if (x.state === 'complete') best = t.direction === 'maximize' ? Math.max(best, x.value!) : Math.min(best, x.value!);
      return Number.isFinite(best) ? best : null;
    });
    out.push(
      lineChart(`${t.trials.length} trials${t.metric ? ` (${t.metric})` : ''}`, trials.map((x) => x.number), [
        { name: 'trial value (pruned: mean of the folds run)', values: trials.map((x) => x.value) },
        { name: 'best complete trial so far', values: running },
      ], { x: 'trial', y: t.metric ?? 'value', xInteger: true, yScale: true }),
    );
    if (t.best) out.push(`<p>Best trial ${t.best.number}: ${formatNumber(t.best.value, 4)} with <code>${escapeHtml(JSON.stringify(t.best.params))}</code></p>`);
  }
  out.push('</section>');
  return out.join('\n');
}

function coverageAt(m: ModelSummary, precision: number): string {
  const target = m.precisionCoverage?.targets?.find((t) => Math.abs(t.precision - precision) < 1e-9);
  if (!target) return '—';
  return target.threshold === null ? 'not reachable' : `${formatPercent(target.coverage)} (≥ ${target.threshold.toFixed(2)})`;
}

function skippedNote(summary: ModelsSummary): string {
  if (summary.skipped.length === 0) return '';
  return `<details><summary>${summary.skipped.length} folder(s) skipped</summary>${table(['folder', 'error'], summary.skipped.map((s) => [s.dir, `[${s.code}] ${s.message}`]))}</details>`;
}

function anchor(id: string): string {
  return id.replace(/[^A-Za-z0-9_-]/g, '-');
}
