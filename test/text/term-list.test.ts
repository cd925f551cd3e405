import { describe, expect, it } from 'vitest';
import { TermList } from '../../src/text/term-list.js';

describe('TermList', () => {
  const terms = ['', 'a', 'console ps4', 'éte\u0301', '😀x', 'zz'];

  it('gives back every term, in order, including empty and non-BMP ones', () => {
    const list = TermList.of(terms);
    expect(list.length).toBe(terms.length);
    terms.forEach((t, i) => expect(list.at(i)).toBe(t));
    expect(list.toArray()).toEqual(terms);
  });

  it('reads negative positions from the end and nothing outside, as Array.prototype.at', () => {
    const list = TermList.of(terms);
    expect(list.at(-1)).toBe('zz');
    expect(list.at(terms.length)).toBeUndefined();
    expect(list.at(-terms.length - 1)).toBeUndefined();
    expect(TermList.of([]).toArray()).toEqual([]);
  });
});
