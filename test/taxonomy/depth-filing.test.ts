import { describe, expect, it } from 'vitest';
import { filedDepth, surestPath, Taxonomy } from '../../src/taxonomy/index.js';

const taxonomy = new Taxonomy([
  { id: 'Home', names: { en: 'Home' }, parentId: null },
  { id: 'Kitchen', names: { en: 'Kitchen' }, parentId: 'Home' },
  { id: 'Knives', names: { en: 'Knives' }, parentId: 'Kitchen' },
  { id: 'Pans', names: { en: 'Pans' }, parentId: 'Kitchen' },
  { id: 'Bath', names: { en: 'Bath' }, parentId: 'Home' },
  { id: 'Toys', names: { en: 'Toys' }, parentId: null },
]);
const key = (id: string) => taxonomy.byId(id)!.key;
const classes = Int32Array.from(['Knives', 'Pans', 'Bath', 'Toys'].map(key));

describe('surestPath', () => {
  it('walks down through the most probable child, each step the sum of the leaves under it', () => {
    const path = surestPath(taxonomy, classes, [0.35, 0.4, 0.05, 0.2]);
    expect(path.map((s) => s.key)).toEqual(['Home', 'Kitchen', 'Pans'].map(key));
    expect(path.map((s) => s.probability)).toEqual([0.8, 0.75, 0.4].map((p) => expect.closeTo(p, 6)));
    // A top-level leaf ends the path at depth 1.
    expect(surestPath(taxonomy, classes, [0.1, 0.1, 0.1, 0.7]).map((s) => s.key)).toEqual([key('Toys')]);
  });
});

describe('filedDepth', () => {
  const path = surestPath(taxonomy, classes, [0.35, 0.4, 0.05, 0.2]);
  it('files at the deepest step reaching its own depth threshold, 0 when none does', () => {
    expect(filedDepth(path, [0.9, 0.7, 0.9])).toBe(2);
    expect(filedDepth(path, [0.8, 0.9, 0.9])).toBe(1);
    expect(filedDepth(path, [0.9, 0.9, 0.4])).toBe(3);
    expect(filedDepth(path, [null, null, null])).toBe(0);
    // A floor raises every depth's threshold.
    expect(filedDepth(path, [0.5, 0.5, 0.4], 0.76)).toBe(1);
  });
});
