// Memo of the n-gram term ids of each word seen, for analyzers whose n-grams never cross words (char_wb lookups).

import { TermTable } from './term-table.js';

/**
 * Padded word (code points) -> the term ids the analyzer drew from it, in order. A catalog repeats its words
 * (the Rakuten sample's descriptions: 95 % of word occurrences are words already seen), so a lookup replaces
 * the dozens of n-gram probes of a word into the large vocabulary table by one probe into this smaller one.
 * Bounded: after `maxWords` distinct words, new words are analysed every time and not kept.
 */
export class WordNgramCache {
  private readonly words = new TermTable(4096);
  private starts: Int32Array = new Int32Array(4096);
  private counts: Int32Array = new Int32Array(4096);
  private pool: Int32Array = new Int32Array(1 << 16);
  private poolSize = 0;

  constructor(readonly maxWords = 100_000) {}

  get size(): number {
    return this.words.size;
  }

  /** The id of `buf[start .. start+length)` (hash from `sequenceHash`), or -1 when not kept. */
  find(buf: Int32Array, start: number, length: number, hash: number): number {
    return this.words.find(buf, start, length, hash);
  }

  /** Copies word `id`'s term ids into `out` at `at`; returns the position after them. */
  copyInto(id: number, out: Int32Array, at: number): number {
    const from = this.starts[id];
    const n = this.counts[id];
    out.set(this.pool.subarray(from, from + n), at);
    return at + n;
  }

  /** Keeps `ids[from .. to)` as the term ids of the word, unless the cache is full. */
  store(buf: Int32Array, start: number, length: number, hash: number, ids: Int32Array, from: number, to: number): void {
    if (this.words.size >= this.maxWords) return;
    const id = this.words.intern(buf, start, length, hash);
    if (id === this.starts.length) {
      this.starts = grown(this.starts, id * 2);
      this.counts = grown(this.counts, id * 2);
    }
    const n = to - from;
    if (this.poolSize + n > this.pool.length) this.pool = grown(this.pool, Math.max(this.pool.length * 2, this.poolSize + n));
    this.pool.set(ids.subarray(from, to), this.poolSize);
    this.starts[id] = this.poolSize;
    this.counts[id] = n;
    this.poolSize += n;
  }
}

function grown(a: Int32Array, capacity: number): Int32Array {
  const b = new Int32Array(capacity);
  b.set(a);
  return b;
}
