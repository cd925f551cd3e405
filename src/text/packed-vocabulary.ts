// A fitted vocabulary saved as its lookup tables (symbols and lengths), so loading it rebuilds no strings and interns nothing.

import { ProdclassError } from '../core/errors.js';
import { NgramAnalyzer, type AnalyzerOptions } from './ngram-analyzer.js';
import type { TermSource } from './term-list.js';
import { TermTable } from './term-table.js';

/**
 * A lookup analyzer's tables as flat arrays: term j's symbols (code points for the char analyzers; for the word
 * analyzer, ids of tokens whose own code points are packed the same way) one after another, and each term's length.
 */
export interface PackedVocabulary {
  termLengths: Uint16Array;
  termSymbols: Int32Array;
  /** The terms' hash slots (TermTable.slotArray); absent in folders saved before them, then computed on load. */
  termSlots?: Int32Array;
  /** Word analyzer only. */
  tokenLengths?: Uint16Array;
  tokenSymbols?: Int32Array;
  tokenSlots?: Int32Array;
}

/**
 * The tables of a lookup analyzer (term ids are columns). For the word analyzer only the tokens its terms use are
 * kept, numbered in order of first use: the tables `NgramAnalyzer.fromVocabulary` builds from the same terms, so a
 * model reads the same whichever way it was saved.
 */
export function packVocabulary(analyzer: NgramAnalyzer): PackedVocabulary {
  const terms = analyzer.terms.packed();
  const tokens = analyzer.tokens;
  const slotsOf = (lengths: Uint16Array, symbols: Int32Array) => TermTable.fromPacked(lengths, symbols).slotArray();
  if (!tokens) return { termLengths: terms.lengths, termSymbols: terms.symbols, termSlots: slotsOf(terms.lengths, terms.symbols) };
  const renumbered = new Int32Array(tokens.size).fill(-1);
  const used: number[] = [];
  const termSymbols = terms.symbols.map((token) => {
    if (renumbered[token] < 0) renumbered[token] = used.push(token) - 1;
    return renumbered[token];
  });
  const tokenLengths = Uint16Array.from(used, (token) => tokens.length(token));
  const tokenSymbols = new Int32Array(tokenLengths.reduce((sum, n) => sum + n, 0));
  let at = 0;
  for (const token of used) {
    tokenSymbols.set(tokens.symbols(token), at);
    at += tokens.length(token);
  }
  return {
    termLengths: terms.lengths,
    termSymbols,
    termSlots: slotsOf(terms.lengths, termSymbols),
    tokenLengths,
    tokenSymbols,
    tokenSlots: slotsOf(tokenLengths, tokenSymbols),
  };
}

/**
 * The lookup analyzer of a saved vocabulary.
 * @throws ProdclassError MODEL_CORRUPT when the arrays do not fit together (lengths and symbols, a word analyzer
 *   without its tokens, a token id out of range).
 */
export function unpackVocabulary(options: AnalyzerOptions, packed: PackedVocabulary): NgramAnalyzer {
  const terms = TermTable.fromPacked(packed.termLengths, packed.termSymbols, packed.termSlots);
  if (options.analyzer !== 'word') return new NgramAnalyzer(options, { terms });
  if (!packed.tokenLengths || !packed.tokenSymbols) {
    throw new ProdclassError('MODEL_CORRUPT', 'a saved word vocabulary lacks its token table (tokenLengths, tokenSymbols)');
  }
  const tokens = TermTable.fromPacked(packed.tokenLengths, packed.tokenSymbols, packed.tokenSlots);
  for (let k = 0; k < packed.termSymbols.length; k++) {
    const token = packed.termSymbols[k];
    if (token < 0 || token >= tokens.size) throw new ProdclassError('MODEL_CORRUPT', `a saved word vocabulary names token ${token} of ${tokens.size}`);
  }
  return new NgramAnalyzer(options, { terms, tokens });
}

/** The terms of a lookup analyzer as strings, each built when asked for (a served model rarely reads more than a row's). */
export function analyzerTerms(analyzer: NgramAnalyzer): TermSource {
  return {
    length: analyzer.terms.size,
    at: (index: number) => {
      if (index < 0) index += analyzer.terms.size;
      return index < 0 || index >= analyzer.terms.size ? undefined : analyzer.termString(index);
    },
  };
}
