// Same-product detection: reworded offers grouped, different products (other numbers, other words) kept apart, photos joining similar titles.

import { describe, expect, it } from 'vitest';
import { comparableTitle, findSameProducts, type Offer } from '../../../src/models/similar/same-product.js';

const offers: Offer[] = [
  { id: 'a1', title: 'Cahier Conquérant Seyès 96 pages 240 x 320 mm' },
  { id: 'a2', title: 'NEUF - Cahier Seyès Conquérant 240x320 mm 96 Pages' },
  { id: 'a3', title: 'cahier conquerant seyes 96 pages 240 x 320 mm noir' },
  { id: 'b1', title: 'Harry Potter Tome 1 - À l’école des sorciers' },
  { id: 'b2', title: 'Harry Potter Tome 2 - La chambre des secrets' },
  { id: 'c1', title: 'Piscine tubulaire Intex 300 x 200 cm filtre inclus' },
  { id: 'c2', title: 'Pompe de filtration Intex pour piscine hors sol' },
  { id: 'd1', title: 'Lampe de chevet en bois clair', photoHash: 'same' },
  { id: 'd2', title: 'Lampe chevet bois scandinave design', photoHash: 'same' },
  { id: 'e1', title: 'Peluche ours brun géante', photoHash: 'stock' },
  { id: 'e2', title: 'Câble HDMI 2 mètres plaqué or', photoHash: 'stock' },
  { id: 'f1', title: 'Lampe de bureau LED orientable' },
  { id: 'f2', title: 'Lampe de bureau LED avec pince' },
];

describe('comparableTitle', () => {
  it('folds case and accents, glues units to numbers and drops shop talk', () => {
    expect(comparableTitle('NEUF Crème Hydratante 50 ML - Livraison gratuite')).toBe('creme hydratante 50ml');
  });
});

describe('findSameProducts', () => {
  it('groups reworded offers of one product and nothing else', async () => {
    const groups = await findSameProducts(offers);
    expect(groups).toContainEqual(['a1', 'a2', 'a3']);
    const flat = groups.flat();
    for (const id of ['b1', 'b2', 'c1', 'c2', 'e1', 'e2', 'f1', 'f2']) expect(flat).not.toContain(id);
  });

  it('joins a shared photo only when the titles are alike too', async () => {
    const groups = await findSameProducts(offers);
    expect(groups).toContainEqual(['d1', 'd2']);
    const withoutPhotos = await findSameProducts(offers.map((o) => ({ ...o, photoHash: null })));
    expect(withoutPhotos.flat()).not.toContain('d1');
  });

  it('groups more at a lower threshold, and refuses bad input', async () => {
    const loose = await findSameProducts(offers, { threshold: 0.3 });
    expect(loose).toContainEqual(['f1', 'f2']);
    // Other numbers stay other products at any threshold.
    expect(loose.flat()).not.toContain('b1');
    await expect(findSameProducts(offers, { threshold: 1.5 })).rejects.toThrow(/threshold must be in \[0, 1\]/);
    await expect(findSameProducts([offers[0], offers[0]])).rejects.toThrow(/share the id "a1"/);
  });
});
