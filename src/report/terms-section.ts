// The report's per-category cards: a word cloud of the marking words, the top bigrams, sample titles and sample photos.

import type { DatasetAnalysis } from '../analysis/dataset-analysis.js';
import type { DisplayLanguage as Language } from '../taxonomy/index.js';
import { categoryLabeller } from './dataset-section.js';
import { escapeHtml, formatInt } from './html.js';
import { wordCloudSvg } from './word-cloud.js';

/**
 * One card per category with products. `thumbnails` maps an image path relative to the data folder to a
 * `data:` URI; sample photos without one are left out (the report never links to files).
 */
export function termsSection(analysis: DatasetAnalysis, lang: Language, thumbnails: ReadonlyMap<string, string>): string {
  const label = categoryLabeller(analysis, lang);
  const samples = new Map(analysis.samples.map((s) => [s.code, s]));
  const cards = analysis.terms
    .filter((t) => t.products > 0)
    .map((t) => {
      const cloud = wordCloudSvg(
        t.words.map((w) => ({ text: w.term, weight: w.score })),
        { width: 380, height: 200, label: `Words marking ${label(t.code)}` },
      );
      const bigrams = t.bigrams.slice(0, 10).map((b) => escapeHtml(b.term)).join(' · ');
      const sample = samples.get(t.code);
      const titles = (sample?.titles ?? []).map((p) => `<li>${escapeHtml(p.designation)}</li>`).join('');
      const photos = (sample?.images ?? [])
        .filter((p) => p.image !== null && thumbnails.has(p.image))
        .slice(0, 8)
        .map((p) => `<img src="${thumbnails.get(p.image!)!}" alt="${escapeHtml(p.designation)}" title="${escapeHtml(p.designation)}" width="80" height="80">`)
        .join('');
      return (
        `<article class="card" id="category-${t.code}"><h4>${escapeHtml(label(t.code))} <span class="muted">${formatInt(t.products)} products</span></h4>` +
        `${t.words.length > 0 ? cloud : '<p class="muted">Too few products for marking words.</p>'}` +
        `${bigrams ? `<p class="bigrams"><strong>Bigrams:</strong> ${bigrams}</p>` : ''}` +
        `${photos ? `<div class="photos">${photos}</div>` : ''}` +
        `${titles ? `<details><summary>Sample titles</summary><ul>${titles}</ul></details>` : ''}</article>`
      );
    });
  return (
    '<p>Words are ranked by share of the category\'s products using them × log(lift over the whole catalog), after HTML removal, lower-casing and removal of French, English and German stop words and numbers; word size follows that score.</p>' +
    `<div class="cards">${cards.join('\n')}</div>`
  );
}
