import { describe, expect, it } from 'vitest';
import { dataFingerprint, type Product } from '../../src/data/index.js';

const products: Product[] = [
  { index: 0, designation: 'Piscine tubulaire Intex 3m', description: '<p>Été</p>', productid: '11', imageid: '21' },
  { index: 1, designation: 'Console PS4', description: '', productid: '12', imageid: '22' },
];
const labels = Int32Array.from([2583, 60]);

describe('dataFingerprint', () => {
  it('is a stable sha256 hex digest of the content, not of object identity', () => {
    const fp = dataFingerprint(products, labels);
    expect(fp).toMatch(/^[0-9a-f]{64}$/);
    expect(dataFingerprint(structuredClone(products), [2583, 60])).toBe(fp);
  });

  it('changes when one character, the order, a label or the presence of labels changes', () => {
    const fp = dataFingerprint(products, labels);
    const edited = structuredClone(products);
    edited[0].description = '<p>Ete</p>';
    const seen = new Set([
      fp,
      dataFingerprint(edited, labels),
      dataFingerprint([products[1], products[0]], [60, 2583]),
      dataFingerprint(products, [2583, 50]),
      dataFingerprint(products),
      // Moving text between fields must not collide.
      dataFingerprint([{ ...products[1], designation: 'Console', description: ' PS4' }, products[0]], [60, 2583]),
    ]);
    expect(seen.size).toBe(6);
  });

  it('rejects labels that do not pair up with products', () => {
    expect(() => dataFingerprint(products, [10])).toThrowError(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });
});
