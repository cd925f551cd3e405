// Readable strings of interned terms, many at once from one buffer (vocabularies of millions of n-grams).

import type { NgramAnalyzer } from './ngram-analyzer.js';
import { TermList } from './term-list.js';

const SPACE = 0x20;

/**
 * `analyzer.termString(id)` for each id, packed in a TermList: every term's UTF-16 units written into one buffer
 * and decoded once, with no string per term.
 */
export function termList(analyzer: NgramAnalyzer, ids: Int32Array): TermList {
  const { terms, tokens } = analyzer;
  const unitLength = (id: number): number => {
    const symbols = terms.symbols(id);
    let length = 0;
    for (let k = 0; k < symbols.length; k++) {
      length += tokens ? analyzer.tokenString(symbols[k]).length + (k > 0 ? 1 : 0) : symbols[k] > 0xffff ? 2 : 1;
    }
    return length;
  };
  let total = 0;
  for (let i = 0; i < ids.length; i++) total += unitLength(ids[i]);
  const units = new Uint16Array(total);
  const ends = new Int32Array(ids.length);
  let pos = 0;
  for (let i = 0; i < ids.length; i++) {
    const symbols = terms.symbols(ids[i]);
    for (let k = 0; k < symbols.length; k++) {
      if (tokens) {
        if (k > 0) units[pos++] = SPACE;
        const token = analyzer.tokenString(symbols[k]);
        for (let u = 0; u < token.length; u++) units[pos++] = token.charCodeAt(u);
      } else {
        const c = symbols[k];
        if (c > 0xffff) {
          units[pos++] = 0xd800 + ((c - 0x10000) >> 10);
          units[pos++] = 0xdc00 + ((c - 0x10000) & 0x3ff);
        } else {
          units[pos++] = c;
        }
      }
    }
    ends[i] = pos;
  }
  let all = '';
  for (let u = 0; u < total; u += 8192) {
    all += String.fromCharCode.apply(null, units.subarray(u, Math.min(total, u + 8192)) as unknown as number[]);
  }
  return TermList.fromPacked(all, ends);
}
