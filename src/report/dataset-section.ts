// The report's dataset part: class distribution, missing descriptions, lengths, languages, duplicates and images.

import type { DatasetAnalysis } from '../analysis/dataset-analysis.js';
import type { DetectedLanguage } from '../analysis/dataset-analysis-types.js';
import type { DisplayLanguage as Language } from '../taxonomy/index.js';
import { escapeHtml, figures, formatInt, formatNumber, formatPercent, table } from './html.js';
import { histogramChart, horizontalBars, stackedShares } from './report-charts.js';

// Keyed by every answer of the detector, so a language it learns fails to compile here until it has a name.
const LANGUAGE_NAMES: Record<DetectedLanguage, string> = {
  fr: 'French',
  en: 'English',
  de: 'German',
  es: 'Spanish',
  it: 'Italian',
  nl: 'Dutch',
  other: 'other language',
  unknown: 'too short to tell',
};

/** "Pool & spa (2583)" in the chosen language. */
export function categoryLabeller(analysis: DatasetAnalysis, lang: Language): (code: number) => string {
  const names = new Map(analysis.categories.map((c) => [c.code, lang === 'fr' ? c.nameFr : c.nameEn]));
  return (code) => `${names.get(code) ?? 'code'} (${code})`;
}

/** The dataset section's HTML. */
export function datasetSection(analysis: DatasetAnalysis, lang: Language): string {
  const label = categoryLabeller(analysis, lang);
  const present = analysis.categories.filter((c) => c.count > 0);
  const byCount = [...present].sort((a, b) => b.count - a.count || a.code - b.code);
  const byMissing = [...present].sort((a, b) => b.withoutDescriptionShare - a.withoutDescriptionShare || a.code - b.code);
  const { designation, description } = analysis.lengths;
  const largest = byCount[0];
  const smallest = byCount[byCount.length - 1];
  const parts: string[] = [];

  parts.push(
    figures([
      { label: 'labelled products', value: formatInt(analysis.data.products) },
      { label: 'categories present', value: `${analysis.data.categoriesPresent} of ${analysis.categories.length}` },
      { label: 'largest / smallest category', value: largest && smallest ? `${(largest.count / Math.max(1, smallest.count)).toFixed(1)}×` : '—' },
      { label: 'without description', value: formatPercent(analysis.description.missingShare) },
      { label: 'duplicate title groups', value: formatInt(analysis.duplicates.groups) },
      { label: 'conflicting labels', value: formatInt(analysis.duplicates.conflictingGroups) },
    ]),
  );

  parts.push('<h3 id="classes">Products per category</h3>');
  parts.push(horizontalBars('Products per category', byCount.map((c) => label(c.code)), byCount.map((c) => c.count), formatInt));

  parts.push('<h3 id="missing-description">Products without a description</h3>');
  parts.push(horizontalBars('Share without a description, per category', byMissing.map((c) => label(c.code)), byMissing.map((c) => c.withoutDescriptionShare * 100), (v) => `${v.toFixed(1)} %`));

  parts.push('<h3 id="lengths">Text lengths</h3>');
  parts.push(`<p>Characters after HTML removal and whitespace collapsing. Designation: median ${formatNumber(designation.overall.summary.median, 0)}, 90th percentile ${formatNumber(designation.overall.summary.p90, 0)}; description (the ${formatInt(description.counted)} products that have one): median ${formatNumber(description.overall.summary.median, 0)}, 90th percentile ${formatNumber(description.overall.summary.p90, 0)}.</p>`);
  parts.push(histogramChart('Designation length', designation.overall.histogram, 'characters'));
  parts.push(histogramChart('Description length (products with a description)', description.overall.histogram, 'characters'));
  const descriptionOf = new Map(description.perCategory.map((d) => [d.code, d]));
  parts.push(
    `<details><summary>Lengths per category</summary>${table(
      ['category', 'products', 'designation median', 'designation p90', 'with description', 'description median', 'description p90'],
      designation.perCategory
        .filter((d) => d.summary.count > 0)
        .map((d) => {
          const desc = descriptionOf.get(d.code)!;
          return [label(d.code), formatInt(d.summary.count), formatNumber(d.summary.median, 0), formatNumber(d.summary.p90, 0), formatInt(desc.summary.count), formatNumber(desc.summary.median, 0), formatNumber(desc.summary.p90, 0)];
        }),
    )}</details>`,
  );

  parts.push('<h3 id="languages">Languages</h3>');
  parts.push(
    `<p>Detected from function words of the designation and description (French, English, German, Spanish, Italian, Dutch, another language, or too few words to tell).</p>` +
      table(['language', 'products', 'share'], analysis.languages.overall.map((l) => [LANGUAGE_NAMES[l.language], formatInt(l.count), formatPercent(l.share)])),
  );
  const presentLanguages = analysis.languages.perCategory.filter((p) => p.counts.some((c) => c.count > 0));
  parts.push(
    stackedShares(
      'Language mix per category',
      presentLanguages.map((p) => label(p.code)),
      analysis.languages.overall.map((l, k) => ({ name: LANGUAGE_NAMES[l.language], counts: presentLanguages.map((p) => p.counts[k].count) })),
    ),
  );

  parts.push(duplicatesPart(analysis, label));
  if (analysis.images) parts.push(imagesPart(analysis));
  return parts.join('\n');
}

function duplicatesPart(analysis: DatasetAnalysis, label: (code: number) => string): string {
  const d = analysis.duplicates;
  const out = ['<h3 id="duplicates">Near-duplicate titles and conflicting labels</h3>'];
  out.push(
    `<p>Titles are compared by their set of words, ignoring case, accents, punctuation and word order. ${formatInt(d.groups)} groups hold ${formatInt(d.duplicatedProducts)} products (${formatInt(d.redundantProducts)} copies beyond the first); ${formatInt(d.conflictingGroups)} groups (${formatInt(d.conflictingProducts)} products) carry more than one label.</p>`,
  );
  if (d.conflictPairs.length > 0) {
    out.push(table(['categories in conflict', 'groups'], d.conflictPairs.slice(0, 15).map((p) => [`${label(p.codes[0])} / ${label(p.codes[1])}`, formatInt(p.groups)])));
  }
  const groupRows = (groups: typeof d.conflicts) =>
    groups.map((g) => [
      { html: g.products.slice(0, 3).map((p) => `<div>${escapeHtml(p.designation)} <span class="muted">#${p.index}</span></div>`).join('') },
      formatInt(g.size),
      g.codes.map((c) => `${label(c.code)} ×${c.count}`).join(', '),
    ]);
  if (d.conflicts.length > 0) out.push(`<details open><summary>Conflicting groups (largest ${Math.min(20, d.conflicts.length)})</summary>${table(['titles', 'products', 'labels'], groupRows(d.conflicts.slice(0, 20)))}</details>`);
  if (d.largestGroups.length > 0) out.push(`<details><summary>Largest duplicate groups</summary>${table(['titles', 'products', 'labels'], groupRows(d.largestGroups.slice(0, 20)))}</details>`);
  return out.join('\n');
}

function imagesPart(analysis: DatasetAnalysis): string {
  const im = analysis.images!;
  const out = ['<h3 id="images">Images</h3>'];
  out.push(
    figures([
      { label: 'products with an image', value: `${formatInt(im.withImage)} (${formatPercent(im.products > 0 ? im.withImage / im.products : 0)})` },
      { label: 'products without', value: formatInt(im.missing) },
      { label: im.sampled ? `files decoded (sample of ${formatInt(im.distinctFiles)})` : 'files decoded', value: formatInt(im.analysed) },
      { label: 'corrupt or unreadable', value: formatInt(im.corrupt) },
      { label: 'median brightness', value: formatNumber(im.brightness.summary.median, 2) },
      { label: 'median white border', value: im.whiteBorder.summary.median === null ? '—' : formatPercent(im.whiteBorder.summary.median, 0) },
    ]),
  );
  if (im.analysed === 0) return out.join('\n');
  out.push(
    table(
      ['width × height', 'images'],
      im.commonSizes.map((s) => [`${s.width} × ${s.height}`, formatInt(s.count)]),
    ) + table(['format', 'images'], im.formats.map((f) => [f.format, formatInt(f.count)])),
  );
  out.push(histogramChart('Brightness (mean luma, 0 black – 1 white)', im.brightness.histogram, 'brightness'));
  out.push(histogramChart('White border (share of the edge that is near white)', im.whiteBorder.histogram, 'share of border'));
  out.push(histogramChart('Aspect ratio (width / height)', im.aspect.histogram, 'aspect'));
  if (im.corruptFiles.length > 0) out.push(`<details><summary>Corrupt files</summary>${table(['file', 'reason'], im.corruptFiles.map((f) => [f.file, f.reason]))}</details>`);
  return out.join('\n');
}
