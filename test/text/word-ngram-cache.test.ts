import { describe, expect, it } from 'vitest';
import { sequenceHash } from '../../src/text/ngram-analyzer.js';
import { WordNgramCache } from '../../src/text/word-ngram-cache.js';

const word = (s: string) => Int32Array.from(s, (c) => c.codePointAt(0)!);

describe('WordNgramCache', () => {
  it('gives back the ids kept for a word, at the position asked, and nothing for an unknown word', () => {
    const cache = new WordNgramCache();
    const a = word(' abc ');
    cache.store(a, 0, a.length, sequenceHash(a, 0, a.length), Int32Array.of(9, 4, 7, 1), 1, 3);
    const id = cache.find(a, 0, a.length, sequenceHash(a, 0, a.length));
    expect(id).toBeGreaterThanOrEqual(0);
    const out = new Int32Array(6).fill(-1);
    expect(cache.copyInto(id, out, 2)).toBe(4);
    expect(Array.from(out)).toEqual([-1, -1, 4, 7, -1, -1]);
    const b = word(' abd ');
    expect(cache.find(b, 0, b.length, sequenceHash(b, 0, b.length))).toBe(-1);
  });

  it('keeps at most maxWords words, and still keeps the first ones right after growing its arrays', () => {
    const cache = new WordNgramCache(5000);
    for (let i = 0; i < 6000; i++) {
      const w = word(` w${i} `);
      cache.store(w, 0, w.length, sequenceHash(w, 0, w.length), Int32Array.of(i, i + 1), 0, 2);
    }
    expect(cache.size).toBe(5000);
    const first = word(' w0 ');
    const last = word(' w4999 ');
    const dropped = word(' w5000 ');
    const out = new Int32Array(2);
    cache.copyInto(cache.find(last, 0, last.length, sequenceHash(last, 0, last.length)), out, 0);
    expect(Array.from(out)).toEqual([4999, 5000]);
    cache.copyInto(cache.find(first, 0, first.length, sequenceHash(first, 0, first.length)), out, 0);
    expect(Array.from(out)).toEqual([0, 1]);
    expect(cache.find(dropped, 0, dropped.length, sequenceHash(dropped, 0, dropped.length))).toBe(-1);
  });
});
