// Which words of a product pushed a text model towards a class: feature contributions folded back onto words.

import type { CsrMatrix } from '../../core/csr-matrix.js';
import type { ProductText } from '../../data/product.js';
import { cleanText } from '../../text/clean.js';
import type { ProductField, ProductTextVectorizer } from '../../text/product-text-vectorizer.js';
import { wordTokens } from '../../text/tokenize.js';
import type { TermContribution } from '../product-model.js';

/** The weights of one class of a linear model over the vectorizer's columns. */
export interface LinearClassWeights {
  coef: Float32Array;
  nFeatures: number;
  classIndex: number;
}

/** Contributions to a class already computed per column (tree path contributions, mapped back through reducers). */
export type ColumnContributions = Map<number, number>;

/** The non-zero columns j of the first row, and x_j * w_cj for each. */
function linearContributions(weights: LinearClassWeights, row: CsrMatrix): [ArrayLike<number>, Float64Array] {
  const base = weights.classIndex * weights.nFeatures;
  const start = row.indptr[0];
  const columns = row.indices.subarray(start, row.indptr[1]);
  const values = new Float64Array(columns.length);
  for (let k = 0; k < columns.length; k++) values[k] = row.data[start + k] * weights.coef[base + columns[k]];
  return [columns, values];
}

/**
 * Contribution of column j to class c's score is x_j * w_cj for a linear model (or as given, per column). A word
 * n-gram column gives its contribution to its words in equal shares; a character n-gram column to every word of
 * the block's field (title, description or both) containing the n-gram (or, for n-grams that cross word
 * boundaries, each of its pieces), in equal shares. Words are matched as each block reads them (cleaned, accents
 * folded, digits masked, case as the block keeps it) and reported as written, lower-cased.
 * Returns the words with positive total contribution, strongest first.
 */
export function explainTextContributions(
  vectorizer: ProductTextVectorizer,
  weights: LinearClassWeights | ColumnContributions,
  row: CsrMatrix,
  input: ProductText,
  topTerms: number,
): TermContribution[] {
  const clean = vectorizer.cleanOptions;
  const writtenWords = (text: string) => wordTokens(cleanText(text, { ...clean, foldAccents: false }), { minLength: 1 });
  const titleWords = writtenWords(input.designation);
  const descriptionWords = input.description ? writtenWords(input.description) : [];
  const shown = [...new Set([...titleWords, ...descriptionWords])];
  const position = new Map(shown.map((w, i) => [w, i]));
  const positions = (words: string[]) => [...new Set(words.map((w) => position.get(w)!))].sort((a, b) => a - b);
  // A block's columns go to the words of the field it reads: a title n-gram to title words only, not to a
  // description word that happens to contain it (the description falls back to the title, as in the vectorizer).
  const fieldWords: Record<ProductField, number[]> = {
    title: positions(titleWords),
    description: positions(descriptionWords.length > 0 ? descriptionWords : titleWords),
    text: shown.map((_, i) => i),
  };
  const blocks = vectorizer.params.blocks;
  const vectorizers = vectorizer.blockVectorizers;
  // members[b]: the words block b reads (positions in shown); keys[b][m]: member m as block b reads it.
  const members = blocks.map((block) => fieldWords[block.field]);
  const keys = vectorizers.map((v, b) => members[b].map((i) => v.preprocess(cleanText(shown[i], clean))));
  // Which words hold a piece: substring tables built once per block, text and length (not one scan per column).
  // tables[b][length]: piece -> owners (length 0: whole words, for word blocks).
  const tables: Map<string, number[]>[][] = blocks.map(() => []);
  const ownersOf = (b: number, source: 'word' | 'key', piece: string): number[] | undefined => {
    const length = source === 'word' ? 0 : piece.length;
    let table = tables[b][length];
    if (!table) {
      table = new Map();
      keys[b].forEach((text, m) => {
        const i = members[b][m];
        const count = source === 'word' ? 1 : text.length - length + 1;
        for (let at = 0; at < count; at++) {
          const sub = source === 'word' ? text : text.slice(at, at + length);
          const list = table!.get(sub);
          if (!list) table!.set(sub, [i]);
          else if (list[list.length - 1] !== i) list.push(i);
        }
      });
      tables[b][length] = table;
    }
    return table.get(piece);
  };

  // A char_wb block's n-grams never cross words, so a word owns exactly the columns the block's analyzer draws from
  // it: the analyzer run on each word gives every column's owners, with no substring tables.
  const charWbTables = new Map<number, Map<number, number[]>>();
  const charWbOwners = (b: number, column: number): number[] | undefined => {
    let table = charWbTables.get(b);
    if (!table) {
      table = new Map();
      for (let m = 0; m < keys[b].length; m++) {
        const i = members[b][m];
        for (const column of vectorizers[b].termColumns(keys[b][m])) {
          const list = table.get(column);
          if (!list) table.set(column, [i]);
          else if (list[list.length - 1] !== i) list.push(i);
        }
      }
      charWbTables.set(b, table);
    }
    return table.get(column);
  };

  // Words are reported lower-cased: words differing only in case add up in one slot.
  const reported: string[] = [];
  const slotOf = new Map<string, number>();
  const slots = shown.map((w) => {
    const word = w.toLowerCase();
    let slot = slotOf.get(word);
    if (slot === undefined) {
      slot = reported.push(word) - 1;
      slotOf.set(word, slot);
    }
    return slot;
  });
  const total = new Float64Array(reported.length);
  const share = (owners: number[], v: number) => {
    for (const i of owners) total[slots[i]] += v / owners.length;
  };
  const offsets: number[] = [];
  let offset = 0;
  for (const v of vectorizers) {
    offsets.push(offset);
    offset += v.nFeatures;
  }
  const analyzers = blocks.map((block) => block.tfidf.analyzer ?? 'word');
  const vocabularies = vectorizers.map((v) => v.vocabulary);
  const [columns, values] = weights instanceof Map ? [[...weights.keys()], [...weights.values()]] : linearContributions(weights, row);
  for (let c = 0; c < columns.length; c++) {
    const column = columns[c];
    const contribution = values[c];
    if (contribution === 0) continue;
    let b = offsets.length - 1;
    while (offsets[b] > column) b--;
    const analyzer = analyzers[b];
    if (analyzer === 'char_wb') {
      const owners = charWbOwners(b, column - offsets[b]);
      if (owners?.length) share(owners, contribution);
      continue;
    }
    const term = vocabularies[b][column - offsets[b]];
    const source = analyzer === 'word' ? 'word' : 'key';
    if (!term.includes(' ')) {
      const owners = ownersOf(b, source, term);
      if (owners?.length) share(owners, contribution);
      continue;
    }
    const pieces = term.split(' ').filter((p) => p.length > 0);
    for (const piece of pieces) {
      const owners = ownersOf(b, source, piece);
      if (owners?.length) share(owners, contribution / pieces.length);
    }
  }
  return reported
    .map((term, slot): [string, number] => [term, total[slot]])
    .filter(([, v]) => v > 0)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, topTerms)
    .map(([term, weight]) => ({ term, weight }));
}
