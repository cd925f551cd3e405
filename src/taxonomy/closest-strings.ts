// The candidates closest to a string that matched nothing, for "did you mean" messages.

import { distance } from 'fastest-levenshtein';

/** Positions of the `n` candidates nearest to `text` (edit distance over lower-cased text), best first. */
export function closestStrings(text: string, candidates: readonly string[], n: number): number[] {
  const needle = text.toLowerCase();
  const scored = candidates.map((c, i) => {
    const hay = c.toLowerCase();
    // A candidate that contains the text (or is contained in it) beats one that is merely a few edits away.
    const contains = hay.includes(needle) || needle.includes(hay) ? 0 : 1;
    return { i, contains, d: distance(needle, hay) };
  });
  scored.sort((a, b) => a.contains - b.contains || a.d - b.d || a.i - b.i);
  return scored.slice(0, n).map((s) => s.i);
}
