// The language mix of a dataset, overall and per category, from one detected language per product.

import { DETECTED_LANGUAGES, type DetectedLanguage as TextDetectedLanguage } from '../text/language-detector.js';
import type { DetectedLanguage, LanguageCount, LanguageMix } from './dataset-analysis-types.js';

// The analysis types spell the detector's answers out for the page's compile; a language added to or missing from
// either list fails to compile here.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const LANGUAGES_AGREE: Same<DetectedLanguage, TextDetectedLanguage> = true;
void LANGUAGES_AGREE;

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
