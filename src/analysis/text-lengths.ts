// Length distributions of designations and descriptions, overall and per category, on shared bins.

import type { FieldLengths, LengthDistribution } from './dataset-analysis-types.js';
import { histogram, niceEdges, summarize } from './histogram.js';

/**
 * Builds the distributions of one field. Bins are chosen once from all counted lengths (about 20 bins of a
 * round width covering up to the 99th percentile, the rest in the overflow bar) and reused per category.
 * @param characters length in characters of each product's cleaned field
 * @param words word-token count of each product's field
 * @param counted 1 where the product takes part (null: all do)
 * @param codes the categories to report, in order
 */
export function fieldLengths(
  field: FieldLengths['field'],
  characters: Int32Array,
  words: Int32Array,
  counted: Uint8Array | null,
  labels: ArrayLike<number>,
  codes: readonly number[],
): FieldLengths {
  const keep = (i: number) => counted === null || counted[i] === 1;
  const all: number[] = [];
  const allWords: number[] = [];
  const byCode = new Map<number, number[]>(codes.map((code) => [code, []]));
  for (let i = 0; i < characters.length; i++) {
    if (!keep(i)) continue;
    all.push(characters[i]);
    allWords.push(words[i]);
    byCode.get(labels[i])?.push(characters[i]);
  }
  const edges = niceEdges(all, { bins: 20, coverQuantile: 0.99, integer: true });
  const distribution = (values: number[]): LengthDistribution => ({ summary: summarize(values), histogram: histogram(values, edges) });
  return {
    field,
    unit: 'characters',
    counted: all.length,
    overall: distribution(all),
    perCategory: codes.map((code) => ({ code, ...distribution(byCode.get(code) ?? []) })),
    words: summarize(allWords),
  };
}
