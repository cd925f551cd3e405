// Which words of a product pushed a text model towards a class: feature contributions folded back onto words.

import type { CsrMatrix } from '../../core/csr-matrix.js';
import type { ProductText } from '../../data/product.js';
import { cleanText } from '../../text/clean.js';
import type { ProductField, ProductTextVectorizer } from '../../text/product-text-vectorizer.js';
import type { TfidfVectorizer } from '../../text/tfidf-vectorizer.js';
import { wordTokens } from '../../text/tokenize.js';
import type { TermContribution } from '../product-model.js';
import { ColumnPieces } from './column-pieces.js';

/** The weights of one class of a linear model, feature-major (`featureMajor[j * nClasses + classIndex]`). */
export interface LinearClassWeights {
  featureMajor: Float32Array;
  nClasses: number;
  classIndex: number;
}

/** Contributions to a class already computed per column (tree path contributions, mapped back through reducers). */
export type ColumnContributions = Map<number, number>;

/** Per-piece scratch of a block, left zeroed after each use. */
interface BlockScratch {
  /** Contribution owed to each piece. */
  share: Float64Array;
  /** Words holding each piece. */
  owners: Int32Array;
  /** The last word that counted (m + 1) or was paid (-(m + 1)) for a piece: a word holds a piece once. */
  mark: Int32Array;
  /** The pieces of each word, one after another. */
  held: Int32Array;
}

const piecesCache = new WeakMap<TfidfVectorizer, ColumnPieces>();
const scratchCache = new WeakMap<TfidfVectorizer, BlockScratch>();

function columnPieces(v: TfidfVectorizer): ColumnPieces {
  let pieces = piecesCache.get(v);
  if (!pieces) piecesCache.set(v, (pieces = new ColumnPieces(v)));
  return pieces;
}

/** Scratch for at least `size` pieces (a block's columns, then the pieces that are no term, met as rows need them). */
function blockScratch(v: TfidfVectorizer, size: number): BlockScratch {
  let s = scratchCache.get(v);
  if (!s || s.share.length < size) {
    const room = s ? Math.max(size, v.nFeatures + 2 * (s.share.length - v.nFeatures) + 64) : size + 64;
    s = { share: new Float64Array(room), owners: new Int32Array(room), mark: new Int32Array(room), held: s?.held ?? new Int32Array(1024) };
    scratchCache.set(v, s);
  }
  return s;
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
  const vectorizers = vectorizer.blockVectorizers;
  // members[b]: the words block b reads (positions in shown); keys[b][m]: member m as block b reads it.
  const members = vectorizer.blocksInUse.map(({ block }) => fieldWords[block.field]);
  const cleaned: string[] = [];
  const cleanedWord = (i: number) => (cleaned[i] ??= cleanText(shown[i], clean));
  const keys = vectorizers.map((v, b) => members[b].map((i) => v.preprocess(cleanedWord(i))));

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

  const offsets: number[] = [];
  let offset = 0;
  for (const v of vectorizers) {
    offsets.push(offset);
    offset += v.nFeatures;
  }
  const { columns, values } = contributionsOf(weights, row);
  // Each block's non-zero contributions side by side, in their order (block b's at ends[b] .. ends[b + 1]), as
  // columns of the block.
  const blockOf = new Int32Array(columns.length);
  const ends = new Int32Array(vectorizers.length + 1);
  for (let c = 0; c < columns.length; c++) {
    let b = -1;
    // The missing-description column after the blocks' belongs to no word.
    if (values[c] !== 0 && columns[c] < offset) {
      b = offsets.length - 1;
      while (offsets[b] > columns[c]) b--;
      ends[b + 1]++;
    }
    blockOf[c] = b;
  }
  for (let b = 0; b < vectorizers.length; b++) ends[b + 1] += ends[b];
  const local = new Int32Array(ends[vectorizers.length]);
  const contribution = new Float64Array(local.length);
  const next = ends.slice(0, vectorizers.length);
  for (let c = 0; c < columns.length; c++) {
    const b = blockOf[c];
    if (b < 0) continue;
    local[next[b]] = columns[c] - offsets[b];
    contribution[next[b]++] = values[c];
  }
  vectorizers.forEach((v, b) => {
    if (ends[b + 1] === ends[b]) return;
    shareAmongWords(v, members[b], keys[b], local.subarray(ends[b], ends[b + 1]), contribution.subarray(ends[b], ends[b + 1]), slots, total);
  });
  return reported
    .map((term, slot): [string, number] => [term, total[slot]])
    .filter(([, v]) => v > 0)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, topTerms)
    .map(([term, weight]) => ({ term, weight }));
}

/** The non-zero columns of the first row and each one's contribution (x_j * w_cj, or as given). */
function contributionsOf(weights: LinearClassWeights | ColumnContributions, row: CsrMatrix): { columns: ArrayLike<number>; values: ArrayLike<number> } {
  if (weights instanceof Map) return { columns: [...weights.keys()], values: [...weights.values()] };
  const { featureMajor, nClasses, classIndex } = weights;
  const start = row.indptr[0];
  const columns = row.indices.subarray(start, row.indptr[1]);
  const values = new Float64Array(columns.length);
  // Feature-major: the weight sits in the cache lines that scoring this row has just read.
  for (let k = 0; k < columns.length; k++) values[k] = row.data[start + k] * featureMajor[columns[k] * nClasses + classIndex];
  return { columns, values };
}

/**
 * A column's contribution is split among its pieces, each piece's share among the words that hold it. A word
 * holds the pieces the block's analyzer draws from it alone: a word block's word itself, a char block's
 * n-grams inside the word; a char_wb column (whose n-grams never cross words) is its own single piece. Counted in
 * per-piece scratch arrays rather than maps of lists.
 */
function shareAmongWords(
  v: TfidfVectorizer,
  members: readonly number[],
  keys: readonly string[],
  columns: Int32Array,
  contribution: Float64Array,
  slots: readonly number[],
  total: Float64Array,
): void {
  // A char_wb column (whose n-grams never cross words) is its own single piece.
  const table = v.params.analyzer === 'char_wb' ? null : columnPieces(v);
  const nFeatures = v.nFeatures;
  // Learnt first: a column met for the first time may add pieces that are no term, which the scratch must hold.
  const piecesAt = new Int32Array(columns.length).fill(-1);
  if (table) for (let c = 0; c < columns.length; c++) piecesAt[c] = table.offset(columns[c]);
  const s = blockScratch(v, nFeatures + (table?.extras.length ?? 0));
  const { share, owners, mark } = s;
  const owed: number[] = [];
  // Pieces that are no term, by their text: a word block's word is one (looked up), a char block's piece is
  // searched for inside each word.
  const owedExtras = new Map<string, number>();
  const pool = table?.pool;
  for (let c = 0; c < columns.length; c++) {
    const at = piecesAt[c];
    if (at < 0) {
      owed.push(columns[c]);
      share[columns[c]] += contribution[c];
      continue;
    }
    const count = pool![at];
    for (let p = at + 1; p <= at + count; p++) {
      const piece = pool![p];
      owed.push(piece);
      share[piece] += contribution[c] / count;
      if (piece >= nFeatures) owedExtras.set(table!.extras[piece - nFeatures], piece);
    }
  }
  const wordBlock = v.params.analyzer === 'word';
  const nWords = keys.length;
  // Word m holds held[start[m] .. start[m + 1]).
  const start = new Int32Array(nWords + 1);
  let held = s.held;
  let used = 0;
  for (let m = 0; m < nWords; m++) {
    const key = keys[m];
    const own = v.termColumns(key);
    // A piece that is no term is held by the word it is (word block), or by the words it is part of (char block).
    let extra = -1;
    let extras: number[] | null = null;
    if (owedExtras.size > 0) {
      if (wordBlock) extra = owedExtras.get(key) ?? -1;
      else for (const [text, piece] of owedExtras) if (key.includes(text)) (extras ??= []).push(piece);
    }
    const need = used + own.length + 1 + (extras?.length ?? 0);
    if (need > held.length) {
      const grown = new Int32Array(Math.max(2 * held.length, need));
      grown.set(held.subarray(0, used));
      s.held = held = grown;
    }
    const first = used;
    for (let t = 0; t < own.length; t++) held[used++] = own[t];
    if (extra >= 0) held[used++] = extra;
    if (extras) for (const piece of extras) held[used++] = piece;
    // A word holds a piece once, however often the piece occurs in it.
    for (let p = first; p < used; p++) {
      const piece = held[p];
      if (mark[piece] === m + 1) continue;
      mark[piece] = m + 1;
      owners[piece]++;
    }
    start[m + 1] = used;
  }
  for (let m = 0; m < nWords; m++) {
    const slot = slots[members[m]];
    for (let p = start[m]; p < start[m + 1]; p++) {
      const piece = held[p];
      if (mark[piece] === -(m + 1)) continue;
      mark[piece] = -(m + 1);
      if (share[piece] !== 0) total[slot] += share[piece] / owners[piece];
    }
  }
  for (let p = 0; p < used; p++) {
    owners[held[p]] = 0;
    mark[held[p]] = 0;
  }
  for (const piece of owed) share[piece] = 0;
}
