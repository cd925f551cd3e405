// The key under which two titles count as the same product text: their words, whatever the case, accents, punctuation or order.

import { foldAccents } from './fold.js';

const WORD = /[\p{L}\p{N}]+/gu;

/**
 * The comparison key of a title already passed through `cleanText` (lower-cased): its words (runs of letters
 * and digits, single characters included so "tome 1" and "tome 2" differ), accent-folded, deduplicated and
 * sorted. Titles that differ only in case, accents, punctuation, spacing, word order or repeated words share
 * a key. A title without any word has the key "".
 */
export function duplicateKey(cleanTitle: string): string {
  const words = foldAccents(cleanTitle).match(WORD);
  if (!words) return '';
  return [...new Set(words)].sort().join(' ');
}
