// What an explanation shares a text column among: the words of a multi-word term, found column by column as rows need them.

import type { TfidfVectorizer } from '../../text/tfidf-vectorizer.js';

/** Marks a column whose pieces are not known yet. */
const UNKNOWN = -2;
/** Marks a one-word column: its only piece is itself. */
const ITSELF = -1;

/**
 * The space-separated pieces of a block's terms (a bigram's words, or a char n-gram's parts either side of a space), as
 * columns of the block where the piece is itself a term (the usual case: it passed the same document-frequency cut),
 * else as `nFeatures + f` for the f-th piece that is no term.
 *
 * Built lazily, one column at a time, into flat arrays: a served model explains rows of a few hundred columns out of
 * hundreds of thousands, and building the whole table at the first explanation held a worker 200 ms after each model
 * switch. Flat arrays rather than an object per column keep the garbage collector's work constant as the table fills.
 */
export class ColumnPieces {
  /** Per column: UNKNOWN, ITSELF, or the offset in `pool` of its piece count followed by its pieces. */
  private readonly at: Int32Array;
  private piecePool = new Int32Array(1024);
  private used = 0;
  private readonly extraIds = new Map<string, number>();
  /** The pieces that are no term of the block, by f. */
  readonly extras: string[] = [];

  constructor(private readonly vectorizer: TfidfVectorizer) {
    this.at = new Int32Array(vectorizer.nFeatures).fill(UNKNOWN);
  }

  /**
   * Where `column`'s pieces are in `pool`: -1 when the column is its only piece, else the offset of their count, the
   * pieces following it. Read `pool` after the call: learning a column may grow it.
   */
  offset(column: number): number {
    const offset = this.at[column];
    if (offset === UNKNOWN) return this.learn(column);
    return offset;
  }

  /** The pieces of the columns learnt so far (see `offset`). */
  get pool(): Int32Array {
    return this.piecePool;
  }

  private learn(column: number): number {
    const term = this.vectorizer.terms.at(column)!;
    if (!term.includes(' ')) return (this.at[column] = ITSELF);
    const pieces: number[] = [];
    for (const piece of term.split(' ')) {
      if (piece.length === 0) continue;
      let id = this.vectorizer.column(piece);
      if (id < 0) {
        let f = this.extraIds.get(piece);
        if (f === undefined) {
          f = this.extras.push(piece) - 1;
          this.extraIds.set(piece, f);
        }
        id = this.vectorizer.nFeatures + f;
      }
      pieces.push(id);
    }
    if (this.used + pieces.length + 1 > this.piecePool.length) {
      const grown = new Int32Array(Math.max(2 * this.piecePool.length, this.used + pieces.length + 1));
      grown.set(this.piecePool.subarray(0, this.used));
      this.piecePool = grown;
    }
    const offset = this.used;
    this.piecePool[offset] = pieces.length;
    this.piecePool.set(pieces, offset + 1);
    this.used += pieces.length + 1;
    return (this.at[column] = offset);
  }
}
