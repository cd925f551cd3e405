// Open-addressing hash table from integer sequences (code points or token ids) to dense term ids, without strings.

import { ProdclassError } from '../core/errors.js';

/** FNV-1a offset basis: the hash of the empty sequence. */
export const HASH_SEED = 0x811c9dc5 | 0;

/** Extends the hash of a sequence by one symbol (FNV-1a over 32-bit symbols). */
export function hashStep(hash: number, symbol: number): number {
  return Math.imul(hash ^ symbol, 0x01000193);
}

/** Final avalanche (MurmurHash3 fmix32) so that the low bits used for slots depend on every symbol. */
function slotOf(hash: number, mask: number): number {
  let h = hash;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h & mask;
}

/**
 * Interns sequences of non-negative integers: `intern` gives each distinct sequence the next id (0, 1, 2, ...),
 * `find` looks one up without adding it. Sequences are read from a caller's buffer (start, length), so counting
 * n-grams allocates nothing per n-gram; their symbols are copied once, into one pool, when first seen.
 * Memory: 26 to 42 bytes per term (load factor between 1/4 and 1/2) plus 4 bytes per symbol.
 */
export class TermTable {
  /** Pairs (hash, id) per slot, id -1 when empty: a probe that fails on the hash touches no other array. */
  private slots: Int32Array;
  private mask: number;
  /** Each term's hash; empty while borrowed (the slots hold them), until the first `intern` needs them. */
  private hashes: Int32Array;
  private starts: Int32Array;
  private lengths: Uint16Array;
  private symbolPool: Int32Array;
  private poolSize = 0;
  private count = 0;
  /** The slots and symbols are a caller's arrays (a model's weights), copied before the first `intern` changes them. */
  private borrowed = false;

  constructor(expectedTerms = 1024) {
    let capacity = 16;
    while (capacity < expectedTerms * 2) capacity *= 2;
    this.slots = new Int32Array(capacity * 2).fill(-1);
    this.mask = capacity - 1;
    const terms = Math.max(16, expectedTerms);
    this.hashes = new Int32Array(terms);
    this.starts = new Int32Array(terms);
    this.lengths = new Uint16Array(terms);
    this.symbolPool = new Int32Array(terms * 4);
  }

  /**
   * The table of terms `0 .. lengths.length)`, term `id` being the next `lengths[id]` symbols of `symbols` (what
   * `packed` gives), with `slots` when saved (`slotArray`): then nothing is hashed or placed, and a vocabulary of
   * 500,000 terms loads in a few milliseconds instead of about 100. Without them, terms are placed by their hash without
   * being compared (they must be distinct, as a table's terms always are). `symbols` and `slots` are read where they
   * are, and copied only if the table ever grows; so are the hashes that the slots hold (a served model never grows its
   * tables, and reading a million slots is most of the load's time).
   * @throws ProdclassError MODEL_CORRUPT when the lengths do not add up to the symbols, or `slots` is not a table of
   *   this size.
   */
  static fromPacked(lengths: Uint16Array, symbols: Int32Array, slots?: Int32Array): TermTable {
    const n = lengths.length;
    let total = 0;
    for (let id = 0; id < n; id++) total += lengths[id];
    if (total !== symbols.length) {
      throw new ProdclassError('MODEL_CORRUPT', `a saved term table's lengths add up to ${total} symbols, but it holds ${symbols.length}`);
    }
    let capacity = 16;
    while (capacity < n * 2) capacity *= 2;
    if (slots && slots.length !== capacity * 2) {
      throw new ProdclassError('MODEL_CORRUPT', `a saved term table of ${n} terms has ${slots.length} slot values, expected ${capacity * 2}`);
    }
    const mask = capacity - 1;
    const size = Math.max(16, n);
    const starts = new Int32Array(size);
    const ownLengths = new Uint16Array(size);
    ownLengths.set(lengths);
    for (let id = 0, at = 0; id < n; id++) {
      starts[id] = at;
      at += lengths[id];
    }
    let table: Int32Array;
    let hashes: Int32Array;
    if (slots) {
      table = slots;
      hashes = new Int32Array(0);
    } else {
      table = new Int32Array(capacity * 2).fill(-1);
      hashes = new Int32Array(size);
      for (let id = 0; id < n; id++) {
        let hash = HASH_SEED;
        for (let k = starts[id]; k < starts[id] + lengths[id]; k++) hash = hashStep(hash, symbols[k]);
        hashes[id] = hash;
        let slot = slotOf(hash, mask);
        while (table[2 * slot + 1] >= 0) slot = (slot + 1) & mask;
        table[2 * slot] = hash;
        table[2 * slot + 1] = id;
      }
    }
    const built = new TermTable(0);
    built.borrowed = true;
    built.slots = table;
    built.mask = mask;
    built.hashes = hashes;
    built.starts = starts;
    built.lengths = ownLengths;
    built.symbolPool = symbols;
    built.poolSize = total;
    built.count = n;
    return built;
  }

  /** The hash slots of a table `fromPacked` built (pairs of hash and id, -1 where empty): what it takes to skip placing the terms. */
  slotArray(): Int32Array {
    return this.slots.slice(0, 2 * (this.mask + 1));
  }

  /** Every term's length and its symbols one after another, in id order: what `fromPacked` takes. */
  packed(): { lengths: Uint16Array; symbols: Int32Array } {
    const lengths = this.lengths.slice(0, this.count);
    let total = 0;
    for (let id = 0; id < this.count; id++) total += lengths[id];
    const symbols = new Int32Array(total);
    for (let id = 0, at = 0; id < this.count; at += lengths[id], id++) symbols.set(this.symbols(id), at);
    return { lengths, symbols };
  }

  /** Number of distinct sequences interned. */
  get size(): number {
    return this.count;
  }

  /** Id of `buf[start .. start+length)` whose hash is `hash` (from `hashStep`), or -1. */
  find(buf: Int32Array, start: number, length: number, hash: number): number {
    const slots = this.slots;
    const mask = this.mask;
    let slot = slotOf(hash, mask);
    for (;;) {
      const id = slots[2 * slot + 1];
      if (id < 0) return -1;
      if (slots[2 * slot] === hash && this.equals(id, buf, start, length)) return id;
      slot = (slot + 1) & mask;
    }
  }

  /** Id of the sequence, adding it when new. `length` must be below 65,536. */
  intern(buf: Int32Array, start: number, length: number, hash: number): number {
    if (this.borrowed) this.ownArrays();
    const slots = this.slots;
    const mask = this.mask;
    let slot = slotOf(hash, mask);
    for (;;) {
      const id = slots[2 * slot + 1];
      if (id < 0) break;
      if (slots[2 * slot] === hash && this.equals(id, buf, start, length)) return id;
      slot = (slot + 1) & mask;
    }
    const id = this.count;
    if (id === this.starts.length) this.growTerms();
    if (this.poolSize + length > this.symbolPool.length) this.growPool(length);
    this.symbolPool.set(buf.subarray(start, start + length), this.poolSize);
    this.hashes[id] = hash;
    this.starts[id] = this.poolSize;
    this.lengths[id] = length;
    this.poolSize += length;
    slots[2 * slot] = hash;
    slots[2 * slot + 1] = id;
    this.count++;
    if (this.count * 2 > this.mask + 1) this.rehash();
    return id;
  }

  /** The symbols of term `id` (a view into the pool, valid until the next `intern`). */
  symbols(id: number): Int32Array {
    return this.symbolPool.subarray(this.starts[id], this.starts[id] + this.lengths[id]);
  }

  /** All symbols: term `id` is `pool[start(id) .. start(id) + length(id))` (valid until the next `intern`). */
  get pool(): Int32Array {
    return this.symbolPool;
  }

  start(id: number): number {
    return this.starts[id];
  }

  length(id: number): number {
    return this.lengths[id];
  }

  hashOf(id: number): number {
    if (this.hashes.length > id) return this.hashes[id];
    let hash = HASH_SEED;
    for (let k = this.starts[id]; k < this.starts[id] + this.lengths[id]; k++) hash = hashStep(hash, this.symbolPool[k]);
    return hash;
  }

  /** Bytes held by the table's arrays (for memory reports). */
  get byteLength(): number {
    return this.slots.byteLength + this.hashes.byteLength + this.starts.byteLength + this.lengths.byteLength + this.symbolPool.byteLength;
  }

  private equals(id: number, buf: Int32Array, start: number, length: number): boolean {
    if (this.lengths[id] !== length) return false;
    const pool = this.symbolPool;
    const offset = this.starts[id];
    for (let k = 0; k < length; k++) if (pool[offset + k] !== buf[start + k]) return false;
    return true;
  }

  /**
   * Copies the borrowed slots and symbols before a change, and takes the hashes from the slots.
   * @throws ProdclassError MODEL_CORRUPT when a slot names a term the table does not hold.
   */
  private ownArrays(): void {
    const hashes = new Int32Array(this.starts.length);
    for (let slot = 0; slot <= this.mask; slot++) {
      const id = this.slots[2 * slot + 1];
      if (id >= this.count) throw new ProdclassError('MODEL_CORRUPT', `a saved term table names term ${id} of ${this.count}`);
      if (id >= 0) hashes[id] = this.slots[2 * slot];
    }
    this.hashes = hashes;
    this.slots = this.slots.slice();
    this.symbolPool = grow(this.symbolPool, new Int32Array(Math.max(16, this.symbolPool.length)));
    this.borrowed = false;
  }

  private growTerms(): void {
    const n = this.starts.length * 2;
    this.hashes = grow(this.hashes, new Int32Array(n));
    this.starts = grow(this.starts, new Int32Array(n));
    this.lengths = grow(this.lengths, new Uint16Array(n));
  }

  private growPool(needed: number): void {
    let n = this.symbolPool.length * 2;
    while (n < this.poolSize + needed) n *= 2;
    this.symbolPool = grow(this.symbolPool, new Int32Array(n));
  }

  private rehash(): void {
    const capacity = (this.mask + 1) * 2;
    const slots = new Int32Array(capacity * 2).fill(-1);
    const mask = capacity - 1;
    for (let id = 0; id < this.count; id++) {
      const hash = this.hashes[id];
      let slot = slotOf(hash, mask);
      while (slots[2 * slot + 1] >= 0) slot = (slot + 1) & mask;
      slots[2 * slot] = hash;
      slots[2 * slot + 1] = id;
    }
    this.slots = slots;
    this.mask = mask;
  }
}

function grow<T extends Int32Array | Uint16Array>(from: T, to: T): T {
  to.set(from);
  return to;
}
