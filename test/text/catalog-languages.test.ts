import { describe, expect, it } from 'vitest';
import { isProdclassError } from '../../src/core/errors.js';
import { countCatalogLanguages, detectCatalogLanguages } from '../../src/text/catalog-languages.js';

const FR = [
  'Coque de protection pour le téléphone avec porte-cartes',
  'Housse de couette en coton pour un lit double',
  'Lampe de chevet avec un abat-jour en lin et une ampoule',
  'Sac à dos pour les enfants avec des poches',
  'Tapis de yoga pour la maison et le sport',
  'Chaussures de marche pour les femmes et les hommes',
];
const EN = [
  'Wireless mouse for the laptop with a USB receiver',
  'Set of 6 wine glasses in a gift box for the table',
  'Cotton bed sheet for the double bed with two pillow covers',
  'Running shoes for men with a breathable mesh',
];
const DE = ['Kinderwagen mit Sonnenschutz und Regenschutz für Zwillinge'];
const UNTOLD = ['Console PS4 Slim 500 Go', 'iPhone 12 128 Go', 'Lego Technic 42115', 'Nerf Elite 2.0'];

describe('detectCatalogLanguages', () => {
  it('names the languages of a meaningful share of the told products, most frequent first', () => {
    // Told: 6 fr, 4 en, 1 de (1/11 < 10%); untold titles do not count in the shares.
    const texts = [...UNTOLD, ...EN, ...FR, ...DE, ...UNTOLD];
    expect(detectCatalogLanguages(texts)).toEqual(['fr', 'en']);
    expect(detectCatalogLanguages(texts, { minShare: 0.05 })).toEqual(['fr', 'en', 'de']);
    expect(detectCatalogLanguages(texts, { minShare: 0.5 })).toEqual(['fr']);
    expect(countCatalogLanguages(texts).counts).toMatchObject({ fr: 6, en: 4, de: 1, unknown: 8 });
  });

  it('lower-cases for itself and answers nothing when no text can be told', () => {
    expect(detectCatalogLanguages(EN.map((t) => t.toUpperCase()))).toEqual(['en']);
    expect(detectCatalogLanguages(UNTOLD)).toEqual([]);
    expect(detectCatalogLanguages([])).toEqual([]);
  });

  it('samples large catalogs with a seed: same seed, same sample', () => {
    const texts = Array.from({ length: 3000 }, (_, i) => (i % 3 === 0 ? EN[i % EN.length] : FR[i % FR.length]));
    const a = countCatalogLanguages(texts, { sampleSize: 500, seed: 7 });
    expect(a.read).toBe(500);
    expect(countCatalogLanguages(texts, { sampleSize: 500, seed: 7 })).toEqual(a);
    expect(a.counts.fr + a.counts.en).toBe(500);
    // A third of the catalog is English; a sample of 500 lands near it.
    expect(a.counts.en / 500).toBeGreaterThan(0.25);
    expect(a.counts.en / 500).toBeLessThan(0.42);
    expect(detectCatalogLanguages(texts, { sampleSize: 500 })).toEqual(['fr', 'en']);
  });

  it('rejects a share outside [0, 1] and a bad sample size', () => {
    for (const options of [{ minShare: 1.5 }, { sampleSize: 0 }, { sampleSize: 2.5 }]) {
      try {
        detectCatalogLanguages(FR, options);
        expect.unreachable();
      } catch (e) {
        expect(isProdclassError(e, 'INVALID_PARAM')).toBe(true);
        expect((e as Error).message).toContain(Object.keys(options)[0]);
      }
    }
  });
});
