import { describe, expect, it } from 'vitest';
import { DuplicateFinder } from '../../src/analysis/duplicates.js';
import { duplicateKey } from '../../src/text/duplicate-key.js';
import { cleanText } from '../../src/text/clean.js';

const key = (title: string) => duplicateKey(cleanText(title));

describe('duplicateKey', () => {
  it('ignores case, accents, punctuation, word order and repeated words', () => {
    expect(key('Piscine Tubulaire INTEX, 3m')).toBe(key('intex - piscine tubulaire 3M'));
    expect(key('Matelas été')).toBe(key('matelas ETE'));
    expect(key('<b>Lot</b> lot de livres')).toBe(key('livres de lot'));
  });

  it('keeps numbers and single characters apart', () => {
    expect(key('Tome 1')).not.toBe(key('Tome 2'));
    expect(key('...')).toBe('');
  });
});

describe('DuplicateFinder', () => {
  it('groups same-word titles and reports the groups with several labels', () => {
    const finder = new DuplicateFinder();
    const rows: [string, number][] = [
      ['Piscine Intex 3m', 2583],
      ['intex piscine 3M', 2583],
      ['Lot de 3 livres', 10],
      ['lot de 3 LIVRES', 2403],
      ['Livres lot de 3', 2403],
      ['Console PS4', 60],
      ['', 60],
      ['...', 60],
    ];
    rows.forEach(([designation, code], index) => finder.add({ index, designation }, code, cleanText(designation)));
    const result = finder.result();
    expect(result).toMatchObject({ groups: 2, duplicatedProducts: 5, redundantProducts: 3, conflictingGroups: 1, conflictingProducts: 3 });
    expect(result.conflictPairs).toEqual([{ codes: [10, 2403], groups: 1 }]);
    expect(result.largestGroups[0]).toMatchObject({ size: 3, conflicting: true, codes: [{ code: 2403, count: 2 }, { code: 10, count: 1 }] });
    expect(result.largestGroups[0].products.map((p) => p.index)).toEqual([2, 3, 4]);
    expect(result.conflicts.map((g) => g.key)).toEqual(['3 de livres lot']);
  });
});
