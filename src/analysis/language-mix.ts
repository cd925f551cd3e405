// The language mix of a dataset, overall and per category, from one detected language per product.

import type { LanguageCount, LanguageMix } from './dataset-analysis-types.js';
import { DETECTED_LANGUAGES } from './language-detector.js';

/**
 * Tallies `languages` (positions into DETECTED_LANGUAGES, one per product) overall and by label.
 * @param codes the categories to report, in order
 */
export function languageMix(languages: Uint8Array, labels: ArrayLike<number>, codes: readonly number[]): LanguageMix {
  const overall = new Array<number>(DETECTED_LANGUAGES.length).fill(0);
  const byCode = new Map<number, number[]>(codes.map((code) => [code, new Array<number>(DETECTED_LANGUAGES.length).fill(0)]));
  for (let i = 0; i < languages.length; i++) {
    overall[languages[i]]++;
    const row = byCode.get(labels[i]);
    if (row) row[languages[i]]++;
  }
  const counts = (tally: number[]): LanguageCount[] => {
    const total = tally.reduce((s, n) => s + n, 0);
    return DETECTED_LANGUAGES.map((language, k) => ({ language, count: tally[k], share: total > 0 ? tally[k] / total : 0 }));
  };
  return { method: 'function-words', overall: counts(overall), perCategory: codes.map((code) => ({ code, counts: counts(byCode.get(code)!) })) };
}
