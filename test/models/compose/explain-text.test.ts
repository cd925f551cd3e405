import { describe, expect, it } from 'vitest';
import { explainTextContributions } from '../../../src/models/compose/explain-text.js';
import { ProductTextVectorizer, type TextBlock } from '../../../src/text/product-text-vectorizer.js';

const products = [
  { designation: 'Piscine tubulaire', description: 'piscinette gonflable pour enfants' },
  { designation: 'Console portable', description: 'piscinette offerte' },
];

/** Every non-zero column of the product's row pushing with weight 1: what each word is owed by its blocks alone. */
async function wordsOf(blocks: TextBlock[], product: { designation: string; description: string }) {
  const v = new ProductTextVectorizer({ blocks });
  await v.fit(products);
  const row = v.transform([product]);
  const all = new Map(Array.from(row.indices, (j) => [j, 1]));
  return explainTextContributions(v, all, row, product, 20).map((t) => t.term);
}

describe('explainTextContributions', () => {
  it('gives a title block\'s n-grams to title words only, and a text block\'s to words of both fields', async () => {
    const product = products[0];
    for (const analyzer of ['char', 'char_wb'] as const) {
      const title = await wordsOf([{ name: 'title:char', field: 'title', weight: 1, tfidf: { analyzer, ngramRange: [2, 4] } }], product);
      expect(title.sort()).toEqual(['piscine', 'tubulaire']);
      const text = await wordsOf([{ name: 'text:char', field: 'text', weight: 1, tfidf: { analyzer, ngramRange: [2, 4] } }], product);
      expect(text).toContain('piscinette');
      expect(text).toContain('piscine');
    }
  });

  it('reads an empty description as the title, as the vectorizer does', async () => {
    const words = await wordsOf([{ name: 'desc:word', field: 'description', weight: 1, tfidf: { ngramRange: [1, 1] } }], { designation: 'Piscinette gonflable', description: '' });
    expect(words.sort()).toEqual(['gonflable', 'piscinette']);
  });

  it('owes no word for the missing-description column after the blocks', async () => {
    const v = new ProductTextVectorizer({ blocks: [{ name: 'title:word', field: 'title', weight: 1, tfidf: { ngramRange: [1, 1] } }] });
    await v.fit([...products, { designation: 'Jouet en bois', description: '' }]);
    const product = { designation: 'Piscine portable', description: '' };
    const row = v.transform([product]);
    const blockColumns = v.blockVectorizers[0].nFeatures;
    expect(Array.from(row.indices).filter((j) => j >= blockColumns).map((j) => v.featureNames()[j])).toEqual(['missing:description']);
    const terms = explainTextContributions(v, new Map(Array.from(row.indices, (j) => [j, 1])), row, product, 20);
    expect(terms).toEqual([
      { term: 'piscine', weight: 1 },
      { term: 'portable', weight: 1 },
    ]);
  });

  it('shares a bigram between its two words when the block has no unigram columns to name them', async () => {
    const v = new ProductTextVectorizer({ blocks: [{ name: 'title:bigram', field: 'title', weight: 1, tfidf: { ngramRange: [2, 2] } }] });
    await v.fit(products);
    const product = products[0];
    const row = v.transform([product]);
    expect(v.blockVectorizers[0].vocabulary).not.toContain('piscine');
    const terms = explainTextContributions(v, new Map([[row.indices[0], 1]]), row, product, 5);
    expect(terms.map((t) => t.term).sort()).toEqual(['piscine', 'tubulaire']);
    expect(terms[0].weight).toBeCloseTo(0.5, 12);
    expect(terms[1].weight).toBeCloseTo(0.5, 12);
  });

  it('shares every bigram of a long title when none of its words is a term, on the first explanation', async () => {
    // 300 distinct words: each bigram's two pieces are no term, far more than the explanation's scratch had room for.
    const words = Array.from({ length: 300 }, (_, i) => `mot${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))}`);
    const product = { designation: words.join(' '), description: '' };
    const v = new ProductTextVectorizer({ blocks: [{ name: 'title:bigram', field: 'title', weight: 1, tfidf: { ngramRange: [2, 2] } }], missingDescriptionWeight: 0 });
    await v.fit([product, ...products]);
    const row = v.transform([product]);
    expect(row.indices.length).toBe(299);
    const terms = explainTextContributions(v, new Map(Array.from(row.indices, (j) => [j, 1])), row, product, 300);
    const weight = Object.fromEntries(terms.map((t) => [t.term, t.weight]));
    expect(Object.keys(weight).sort()).toEqual([...words].sort());
    // A word inside the title holds two bigrams, half of each; the first and the last hold one.
    expect(weight[words[0]]).toBeCloseTo(0.5, 12);
    expect(weight[words[150]]).toBeCloseTo(1, 12);
    expect(weight[words[299]]).toBeCloseTo(0.5, 12);
  });

  it('splits a char n-gram across a space among the words holding each piece', async () => {
    // "e t" (char 3-grams of the title) has pieces "e" (in piscine and tubulaire) and "t" (in tubulaire).
    const v = new ProductTextVectorizer({ blocks: [{ name: 'title:char', field: 'title', weight: 1, tfidf: { analyzer: 'char', ngramRange: [3, 3] } }] });
    await v.fit(products);
    const product = products[0];
    const row = v.transform([product]);
    const column = v.blockVectorizers[0].vocabulary.indexOf('e t');
    expect(column).toBeGreaterThanOrEqual(0);
    const terms = explainTextContributions(v, new Map([[column, 1]]), row, product, 5);
    expect(Object.fromEntries(terms.map((t) => [t.term, t.weight]))).toEqual({ tubulaire: 0.25 + 0.5, piscine: 0.25 });
  });
});
