import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CsrMatrix } from '../../src/core/csr-matrix.js';
import { numpyArgsort } from '../../src/text/numpy-argsort.js';
import { stopWordList } from '../../src/text/stop-words.js';
import { TfidfVectorizer, type TfidfParams } from '../../src/text/tfidf-vectorizer.js';

interface Csr {
  indptr: number[];
  indices: number[];
  data: number[];
}

/** Written by test/fixtures/text/make-tfidf-fixture.py (Debian's scikit-learn). */
const fixture = JSON.parse(readFileSync(new URL('../fixtures/text/tfidf-sklearn.json', import.meta.url), 'utf8')) as {
  train: string[];
  test: string[];
  stopWords: { count: number; sha256: string };
  configs: { name: string; params: Partial<TfidfParams>; vocabulary: string[]; idf: number[] | null; fitTransform: Csr; transform: Csr }[];
  argsort: { values: number[]; quicksort: number[]; heapsort: number[] }[];
};

function expectSameMatrix(ours: CsrMatrix, theirs: Csr, nCols: number): void {
  expect(ours.nCols).toBe(nCols);
  expect(Array.from(ours.indptr)).toEqual(theirs.indptr);
  expect(Array.from(ours.indices)).toEqual(theirs.indices);
  for (let k = 0; k < theirs.data.length; k++) expect(Math.abs(ours.data[k] - theirs.data[k])).toBeLessThan(1e-5);
}

describe('TfidfVectorizer matches scikit-learn', () => {
  it.each(fixture.configs.map((c) => [c.name, c] as const))('%s', async (_name, config) => {
    const vectorizer = new TfidfVectorizer(config.params);
    const fitted = await vectorizer.fitTransform(fixture.train);
    expect(vectorizer.vocabulary).toEqual(config.vocabulary);
    if (config.idf) config.idf.forEach((v, j) => expect(vectorizer.idf[j]).toBeCloseTo(v, 8));
    expectSameMatrix(fitted, config.fitTransform, config.vocabulary.length);
    expectSameMatrix(vectorizer.transform(fixture.test), config.transform, config.vocabulary.length);
    // fit then transform gives what fitTransform gave.
    const again = await new TfidfVectorizer(config.params).fit(fixture.train);
    expectSameMatrix(again.transform(fixture.train), config.fitTransform, config.vocabulary.length);
  });

  it('uses the stop word list the fixture gave scikit-learn', () => {
    const list = stopWordList(['fr', 'en', 'de'], 'both');
    expect(list.length).toBe(fixture.stopWords.count);
    expect(createHash('sha256').update(list.join('\n')).digest('hex')).toBe(fixture.stopWords.sha256);
  });

  it('breaks max_features ties with numpy argsort', () => {
    for (const c of fixture.argsort) {
      expect(Array.from(numpyArgsort(c.values))).toEqual(c.quicksort);
      expect(Array.from(numpyArgsort(c.values, 'heapsort'))).toEqual(c.heapsort);
    }
  });
});
