// Which words of a product pushed a text model towards a class: feature contributions folded back onto words.

import type { CsrMatrix } from '../../core/csr-matrix.js';
import type { ProductText } from '../../data/product.js';
import { cleanText } from '../../text/clean.js';
import type { ProductTextVectorizer } from '../../text/product-text-vectorizer.js';
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

/** x_j * w_cj for each non-zero column j of the first row. */
function* linearContributions(weights: LinearClassWeights, row: CsrMatrix): Generator<[number, number]> {
  const base = weights.classIndex * weights.nFeatures;
  for (let k = row.indptr[0]; k < row.indptr[1]; k++) yield [row.indices[k], row.data[k] * weights.coef[base + row.indices[k]]];
}

/**
 * Contribution of column j to class c's score is x_j * w_cj for a linear model (or as given, per column). A word n-gram column gives its contribution to its
 * words in equal shares; a character n-gram column to every input word containing the n-gram (or, for n-grams
 * that cross word boundaries, each of its pieces), in equal shares. Words are matched as each block reads them
 * (cleaned, accents folded, digits masked, case as the block keeps it) and reported as written, lower-cased.
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
  const written = wordTokens(`${cleanText(input.designation, { ...clean, foldAccents: false })} ${cleanText(input.description, { ...clean, foldAccents: false })}`, {
    minLength: 1,
  });
  const shown = [...new Set(written)];
  const vectorizers = vectorizer.blockVectorizers;
  // keys[b][i]: word i as block b reads it.
  const keys = vectorizers.map((v) => shown.map((w) => v.preprocess(cleanText(w, clean))));
  const padded = keys.map((ks) => ks.map((k) => ` ${k} `));
  // Which words hold a piece: substring tables built once per block, text and length (not one scan per column).
  const tables = new Map<string, Map<string, number[]>>();
  const ownersOf = (b: number, source: 'word' | 'key' | 'padded', piece: string): number[] | undefined => {
    const length = source === 'word' ? 0 : piece.length;
    const id = `${b}:${source}:${length}`;
    let table = tables.get(id);
    if (!table) {
      table = new Map();
      const texts = source === 'padded' ? padded[b] : keys[b];
      texts.forEach((text, i) => {
        const count = source === 'word' ? 1 : text.length - length + 1;
        for (let at = 0; at < count; at++) {
          const sub = source === 'word' ? text : text.slice(at, at + length);
          const list = table!.get(sub);
          if (!list) table!.set(sub, [i]);
          else if (list[list.length - 1] !== i) list.push(i);
        }
      });
      tables.set(id, table);
    }
    return table.get(piece);
  };

  const total = new Map<string, number>();
  const share = (owners: number[], v: number) => {
    for (const i of owners) {
      const word = shown[i].toLowerCase();
      total.set(word, (total.get(word) ?? 0) + v / owners.length);
    }
  };
  const offsets: number[] = [];
  let offset = 0;
  for (const v of vectorizers) {
    offsets.push(offset);
    offset += v.nFeatures;
  }
  const blocks = vectorizer.params.blocks;
  const contributions = weights instanceof Map ? weights : linearContributions(weights, row);
  for (const [column, contribution] of contributions) {
    if (contribution === 0) continue;
    let b = offsets.length - 1;
    while (offsets[b] > column) b--;
    const term = vectorizers[b].vocabulary[column - offsets[b]];
    const analyzer = blocks[b].tfidf.analyzer ?? 'word';
    const pieces = analyzer === 'char_wb' ? [term] : term.split(' ').filter((p) => p.length > 0);
    for (const piece of pieces) {
      const owners = ownersOf(b, analyzer === 'word' ? 'word' : analyzer === 'char_wb' ? 'padded' : 'key', piece);
      if (owners?.length) share(owners, contribution / pieces.length);
    }
  }
  return [...total.entries()]
    .filter(([, v]) => v > 0)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, topTerms)
    .map(([term, weight]) => ({ term, weight }));
}
