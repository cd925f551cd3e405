// Length distributions of designations and descriptions, overall and per category, on shared bins.

import { histogram, niceEdges, summarize, type DistributionSummary, type Histogram } from './histogram.js';

/** Summary and histogram of one set of lengths. */
export interface LengthDistribution {
  summary: DistributionSummary;
  histogram: Histogram;
}

/** Lengths of one text field. Characters are counted after `cleanText` (HTML removed, whitespace collapsed). */
export interface FieldLengths {
  field: 'designation' | 'description';
  unit: 'characters';
  /** Products counted: all of them for the designation, those with a non-empty description for the description. */
  counted: number;
  overall: LengthDistribution;
  /** Same bin edges as `overall`, so categories compare bar for bar; one entry per code of `categories`. */
  perCategory: ({ code: number } & LengthDistribution)[];
  /** Word tokens per product (letters and digits runs of two or more), over the same products. */
  words: DistributionSummary;
}

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
