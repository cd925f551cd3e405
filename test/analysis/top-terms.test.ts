import { describe, expect, it } from 'vitest';
import { TermCounter } from '../../src/analysis/top-terms.js';

function count(rows: [number, string[][]][], codes: number[]) {
  const counter = new TermCounter(codes);
  for (const [code, fields] of rows) counter.add(code, fields.map((tokens) => tokens.map((t) => counter.intern(t))));
  return counter;
}

describe('TermCounter', () => {
  it('ranks words by share × ln(lift), counting each product once', () => {
    const counter = count(
      [
        [2583, [['piscine', 'piscine', 'pompe'], ['la', 'piscine']]],
        [2583, [['piscine', 'bache'], []]],
        [2583, [['pompe', 'filtre'], []]],
        [10, [['livre', 'poche'], []]],
        [10, [['livre', 'pompe'], []]],
      ],
      [10, 2583],
    );
    const [books, pool] = counter.top({ minProducts: 2 });
    expect(pool.products).toBe(3);
    // piscine: 2 of 3 pool products, 2 of 5 overall -> share 2/3, lift (2/3)/(2/5) = 5/3
    const piscine = pool.words.find((w) => w.term === 'piscine')!;
    expect(piscine.products).toBe(2);
    expect(piscine.share).toBeCloseTo(2 / 3, 12);
    expect(piscine.lift).toBeCloseTo(5 / 3, 12);
    expect(piscine.score).toBeCloseTo((2 / 3) * Math.log(5 / 3), 12);
    // pompe: 2 of 3 pool products, 3 of 5 overall -> lift 10/9, a lower score
    expect(pool.words.map((w) => w.term)).toEqual(['piscine', 'pompe']);
    // "la" is a stop word; "livre" marks the books, "pompe" is under-represented there (negative score: left out)
    expect(books.words.map((w) => w.term)).toEqual(['livre']);
    expect(pool.words.some((w) => w.term === 'la')).toBe(false);
  });

  it('counts bigrams within a field, across removed stop words and numbers, once per product', () => {
    const counter = count(
      [
        [2583, [['piscine', 'de', 'jardin', 'piscine', 'de', 'jardin'], ['jardin', 'pompe']]],
        [2583, [['piscine', '3', 'jardin'], ['pompe']]],
        [10, [['livre'], []]],
      ],
      [10, 2583],
    );
    const pool = counter.top({ minProducts: 1 })[1];
    const bigram = (term: string) => pool.bigrams.find((b) => b.term === term);
    expect(bigram('piscine jardin')?.products).toBe(2);
    expect(bigram('jardin piscine')?.products).toBe(1);
    expect(bigram('jardin pompe')?.products).toBe(1);
    expect(pool.bigrams.some((b) => b.term.includes('3') || b.term.includes(' de'))).toBe(false);
  });

  it('ranks by frequency when the data has a single category', () => {
    const counter = count([[10, [['roman', 'poche']]], [10, [['roman']]]], [10, 60]);
    expect(counter.top({ minProducts: 1 })[0].words.map((w) => w.term)).toEqual(['roman', 'poche']);
  });
});
