import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isProdclassError } from '../../src/core/errors.js';
import { newModelCard } from '../../src/core/model-card.js';
import { readModelFolder, writeModelFolder } from '../../src/core/model-folder.js';
import { estimatorFromState } from '../../src/core/registry.js';
import type { ProductText } from '../../src/data/product.js';
import { ProductTextVectorizer, type ProductTextParams, type TextBlock } from '../../src/text/product-text-vectorizer.js';
import { tempDir } from '../helpers/tmp.js';

const EN: ProductText[] = [
  { designation: 'Wireless mouse for the laptop', description: 'The mouse is made of plastic and it comes with a USB receiver.' },
  { designation: 'Wine glasses in a gift box', description: 'A set of six glasses for the table, with a box that is easy to wrap.' },
  { designation: 'Cotton bed sheet', description: 'This sheet is soft and it fits the double bed with two pillow covers.' },
];
const FR: ProductText[] = [
  { designation: "Eau de toilette pour l'homme", description: "Une eau fraîche pour l'été, dans un flacon de verre." },
  { designation: 'Lampe de chevet', description: 'Une lampe avec un abat-jour en lin et une ampoule pour la chambre.' },
  { designation: 'Sac à dos pour les enfants', description: 'Un sac avec des poches et des bretelles pour les sorties.' },
];

const textWord = (stopWords: boolean): TextBlock => ({ name: 'text:word', field: 'text', weight: 1, tfidf: { ngramRange: [1, 2] }, stopWords });
const words = (v: ProductTextVectorizer) => new Set(v.featureNames().map((n) => n.slice('text:word:'.length)));

describe('ProductTextVectorizer: languages', () => {
  it("removes the stop words of language ['en'] from a block that asks for them, and only from it", async () => {
    const withStops = await new ProductTextVectorizer({ blocks: [textWord(true)], language: ['en'] }).fit(EN);
    const without = await new ProductTextVectorizer({ blocks: [textWord(false)], language: ['en'] }).fit(EN);
    for (const stop of ['the', 'is', 'and', 'it', 'with', 'for']) {
      expect(words(without).has(stop)).toBe(true);
      expect(words(withStops).has(stop)).toBe(false);
    }
    expect(words(withStops).has('mouse')).toBe(true);
    // Bigrams span the removed words: "sheet is soft" -> "sheet soft".
    expect(words(withStops).has('sheet soft')).toBe(true);
    expect(words(without).has('sheet soft')).toBe(false);
    expect(withStops.blockVectorizers[0].params.stopWords).toEqual(['en']);
    expect(without.blockVectorizers[0].params.stopWords).toBeNull();
  });

  it("detects the catalog's languages at fit when language is auto, and follows them", async () => {
    const v = await new ProductTextVectorizer({ blocks: [textWord(true)] }).fit([...FR, ...FR, ...EN]);
    expect(v.params.language).toBe('auto');
    expect(v.languages).toEqual(['fr', 'en']);
    expect(words(v).has('pour')).toBe(false);
    expect(words(v).has('the')).toBe(false);
    const french = await new ProductTextVectorizer({ blocks: [textWord(true)] }).fit(FR);
    expect(french.languages).toEqual(['fr']);
    expect(words(french).has('pour')).toBe(false);
    // An explicit list wins over detection: French stop words stay in an English-only vectorizer.
    const forced = await new ProductTextVectorizer({ blocks: [textWord(true)], language: ['en'] }).fit(FR);
    expect(forced.languages).toEqual(['en']);
    expect(words(forced).has('pour')).toBe(true);
  });

  it('removes stop words from the default text:word block but not the title blocks', async () => {
    const v = await new ProductTextVectorizer().fit([...EN, ...EN]);
    expect(v.languages).toEqual(['en']);
    const [titleWord, , textWordBlock] = v.blockVectorizers;
    expect(textWordBlock.params.stopWords).toEqual(['en']);
    expect(titleWord.params.stopWords).toBeNull();
    expect(v.featureNames()).toContain('title:word:for');
    expect(v.featureNames()).not.toContain('text:word:for');
  });

  it('splits elisions for French when languageCleaning is on', async () => {
    const on = await new ProductTextVectorizer({ language: ['fr'], languageCleaning: true }).fit([...FR, ...FR]);
    const off = await new ProductTextVectorizer({ language: ['fr'] }).fit([...FR, ...FR]);
    expect(on.fieldText(FR[0], 'title')).toBe("Eau de toilette pour l' homme");
    expect(off.fieldText(FR[0], 'title')).toBe("Eau de toilette pour l'homme");
    // Character n-grams within words now see "homme" start a word.
    expect(on.featureNames()).toContain('text:char: homm');
    expect(off.featureNames()).not.toContain('text:char: homm');
  });

  it('keeps the detected languages through save and load', async () => {
    const v = await new ProductTextVectorizer({ languageCleaning: true }).fit([...FR, ...FR, ...EN]);
    const dir = join(tempDir('prodclass-languages-'), 'model');
    await writeModelFolder(dir, v.getState(), newModelCard({ kind: 'product-tfidf' }));
    const { state } = await readModelFolder(dir);
    expect(state.fitted.languages).toEqual(['fr', 'en']);
    const loaded = estimatorFromState<ProductTextVectorizer>(state);
    expect(loaded.languages).toEqual(['fr', 'en']);
    // Transforming other products must not detect again: an English-only batch keeps the French cleaning.
    expect(loaded.transform(EN)).toEqual(v.transform(EN));
    expect(loaded.transform(FR)).toEqual(v.transform(FR));
    expect(loaded.fieldText(FR[0], 'title')).toBe("Eau de toilette pour l' homme");
  });

  it('loads a model saved before languages existed and transforms exactly as it did', async () => {
    const fixture = new URL('../fixtures/text/legacy-product-tfidf/', import.meta.url).pathname;
    const { state } = await readModelFolder(join(fixture, 'model'));
    expect(state.fitted.languages).toBeUndefined();
    const loaded = estimatorFromState<ProductTextVectorizer>(state);
    expect(loaded.languages).toBeNull();
    const products = JSON.parse(readFileSync(join(fixture, 'products.json'), 'utf8')) as ProductText[];
    const expected = JSON.parse(readFileSync(join(fixture, 'transform.json'), 'utf8')) as { nCols: number; indptr: number[]; indices: number[]; data: number[] };
    const x = loaded.transform(products.slice(0, 3));
    expect(x.nCols).toBe(expected.nCols);
    expect(Array.from(x.indptr)).toEqual(expected.indptr);
    expect(Array.from(x.indices)).toEqual(expected.indices);
    expect(Array.from(x.data)).toEqual(expected.data);
    // Saved again, it still has no languages, so it keeps behaving as before.
    expect(loaded.getState().fitted.languages).toBeUndefined();
  });

  it.each([
    [{ language: 'fr' }, 'language'],
    [{ language: ['fr', 'pt'] }, 'language'],
    [{ language: ['fr', 'fr'] }, 'language'],
    [{ blocks: [{ ...textWord(true), tfidf: { analyzer: 'char_wb' } }] }, 'word blocks only'],
    [{ blocks: [{ ...textWord(true), tfidf: { stopWords: ['fr'] } }] }, 'not both'],
    [{ blocks: [{ ...textWord(true), stopWords: 'yes' }] }, 'stopWords'],
    [{ languageCleaning: 'yes' }, 'languageCleaning'],
  ])('rejects %j naming %s', (params, mention) => {
    try {
      new ProductTextVectorizer(params as unknown as Partial<ProductTextParams>);
      expect.unreachable();
    } catch (e) {
      expect(isProdclassError(e, 'INVALID_PARAM')).toBe(true);
      expect((e as Error).message).toContain(mention);
    }
  });

  it('reports saved languages it does not know', async () => {
    const v = await new ProductTextVectorizer({ blocks: [textWord(true)], language: ['en'] }).fit(EN);
    const state = v.getState();
    try {
      ProductTextVectorizer.fromState({ ...state, fitted: { ...state.fitted, languages: ['klingon'] } });
      expect.unreachable();
    } catch (e) {
      expect(isProdclassError(e, 'MODEL_CORRUPT')).toBe(true);
      expect((e as Error).message).toContain('klingon');
    }
  });
});
