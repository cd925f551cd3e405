import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isProdclassError } from '../../src/core/errors.js';
import { DenseMatrix } from '../../src/core/dense-matrix.js';
import { hierarchicalCoverage, hierarchyMetrics } from '../../src/evaluation/index.js';
import { backOff, backOffEach, categoryProbabilities, labelPath, learnableDepth, learnTaxonomy, RAKUTEN_TAXONOMY, readTaxonomy, Taxonomy } from '../../src/taxonomy/index.js';
import { tempDir } from '../helpers/tmp.js';

const dir = tempDir();

const GOOGLE = `# Google_Product_Taxonomy_Version: 2021-09-21
1 - Animals & Pet Supplies
3237 - Animals & Pet Supplies > Live Animals
2 - Animals & Pet Supplies > Pet Supplies
3 - Animals & Pet Supplies > Pet Supplies > Bird Supplies
4 - Animals & Pet Supplies > Pet Supplies > Cat Supplies
536 - Home & Garden
638 - Home & Garden > Kitchen & Dining
730 - Home & Garden > Kitchen & Dining > Kitchen Appliances
`;

const SHOPIFY = `# Shopify Product Taxonomy
gid://shopify/TaxonomyCategory/aa : Apparel & Accessories
gid://shopify/TaxonomyCategory/aa-1 : Apparel & Accessories > Clothing
gid://shopify/TaxonomyCategory/aa-1-1 : Apparel & Accessories > Clothing > Activewear
`;

describe('Taxonomy files', () => {
  it("reads Google's taxonomy-with-ids: numeric ids become the keys, parents come from the paths", async () => {
    const file = join(dir, 'taxonomy-with-ids.en-US.txt');
    writeFileSync(file, GOOGLE);
    const t = await readTaxonomy(file);
    expect(t.size).toBe(8);
    expect(t.numericIds).toBe(true);
    expect(t.maxDepth).toBe(3);
    expect(t.get(730).parent).toBe(638);
    expect(t.ancestors(730)).toEqual([536, 638, 730]);
    expect(t.pathString(3)).toBe('Animals & Pet Supplies > Pet Supplies > Bird Supplies');
    expect(t.children(null)).toEqual([1, 536]);
    expect(t.isLeaf(3237)).toBe(true);
    expect(t.atDepth(730, 2)).toBe(638);
    expect(t.atDepth(1, 3)).toBe(1);
  });

  it("reads Shopify's categories.txt with string ids, keyed by position", async () => {
    const file = join(dir, 'categories.txt');
    writeFileSync(file, SHOPIFY);
    const t = await readTaxonomy(file);
    expect(t.numericIds).toBe(false);
    expect(t.categories().map((c) => [c.key, c.id, c.parent])).toEqual([
      [0, 'aa', null],
      [1, 'aa-1', 0],
      [2, 'aa-1-1', 1],
    ]);
  });

  it('reads an id,name,parent CSV with names in two languages', async () => {
    const file = join(dir, 'cats.csv');
    writeFileSync(file, 'id;name;name_fr;parent\nk;Kitchen;Cuisine;\nk1;Knives;Couteaux;k\n');
    const t = await readTaxonomy(file);
    expect(t.nameOf(t.byId('k1')!.key, 'fr')).toBe('Couteaux');
    expect(t.path(t.byId('k1')!.key)).toEqual(['Kitchen', 'Knives']);
    expect(t.resolve('couteaux')).toBe(t.byId('k1')!.key);
  });

  it('names the file and line of a path whose parent is missing', async () => {
    const file = join(dir, 'broken.txt');
    writeFileSync(file, '1 - A\n2 - A > B > C\n');
    const error = await readTaxonomy(file).catch((e: unknown) => e);
    expect(isProdclassError(error, 'DATA_BAD_ROW')).toBe(true);
    expect((error as Error).message).toContain(`${file}:2`);
    expect((error as Error).message).toContain('"A > B"');
  });

  it('refuses a cycle and a parent outside the list', () => {
    expect(() => new Taxonomy([{ id: 'a', names: { en: 'A' }, parentId: 'b' }, { id: 'b', names: { en: 'B' }, parentId: 'a' }])).toThrow(/cycle/);
    expect(() => new Taxonomy([{ id: 'a', names: { en: 'A' }, parentId: 'z' }])).toThrow(/"z"/);
  });
});

describe('labels', () => {
  it('resolves ids, full paths in any case and unambiguous leaf names; suggests the closest names otherwise', async () => {
    const file = join(dir, 'taxonomy.en-US.txt');
    writeFileSync(file, GOOGLE);
    const t = await readTaxonomy(file);
    expect(t.resolve('638')).toBe(638);
    expect(t.resolve('home & garden>kitchen & dining')).toBe(638);
    expect(t.resolve('Kitchen Appliances')).toBe(730);
    expect(t.resolve('Kitchen Applainces')).toBeUndefined();
    expect(t.closest('Kitchen Applainces')[0]).toBe('Home & Garden > Kitchen & Dining > Kitchen Appliances');
  });

  it('reads a JSON-array cell with its own separator and cuts it to a depth', () => {
    const cell = '["Home Furnishing >> Curtains & Accessories >> Curtains >> Elegance Polyester Door Curtain..."]';
    expect(labelPath(cell, { separator: ' >> ', depth: 3 })).toEqual(['Home Furnishing', 'Curtains & Accessories', 'Curtains']);
    expect(labelPath('  ')).toEqual([]);
    expect(labelPath('[not json')).toEqual(['[not json']);
  });

  it('learns a flat numeric taxonomy whose keys are the codes, and a tree with every prefix, whatever the row order', () => {
    const flat = learnTaxonomy([['2583'], ['10'], ['2583']]);
    expect(flat.categories().map((c) => c.key)).toEqual([10, 2583]);
    const a = learnTaxonomy([['B', 'y'], ['A'], ['B', 'x']]);
    const b = learnTaxonomy([['B', 'x'], ['B', 'y'], ['A']]);
    expect(a.toJSON()).toEqual(b.toJSON());
    expect(a.categories().map((c) => c.id)).toEqual(['A', 'B', 'B > x', 'B > y']);
    expect(a.isTree).toBe(true);
  });

  it('finds the depth past which paths hold too few products per category to learn (titles written as levels)', () => {
    // Level 2: 2 categories of 60 products; level 3: 100 categories for 120 products (1.2 each).
    const paths = Array.from({ length: 120 }, (_, i) => (i < 60 ? ['Home', 'Kitchen', `Knife ${i % 50}`] : ['Toys', 'Puzzles', `Puzzle ${i % 50}`]));
    expect(learnableDepth(paths)).toEqual({ depth: 2, productsPerCategory: 1.2 });
    // Two products per category at every level: nothing is cut; nor is a flat list, nor a file too small to judge.
    expect(learnableDepth(paths.map((p) => [p[0], p[1], p[2].replace(/\d+$/, (n) => String(Number(n) % 25))]))).toBeNull();
    expect(learnableDepth(Array.from({ length: 120 }, (_, i) => [`c${i}`]))).toBeNull();
    expect(learnableDepth(paths.slice(0, 99))).toBeNull();
  });

  it('round-trips through JSON and adds a category under a parent', () => {
    const t = learnTaxonomy([['Home', 'Kitchen'], ['Toys']]);
    expect(Taxonomy.fromJSON(JSON.parse(JSON.stringify(t.toJSON()))).toJSON()).toEqual(t.toJSON());
    const home = t.byId('Home')!.key;
    const { taxonomy, key } = t.withCategory('Bathroom', home);
    expect(taxonomy.path(key)).toEqual(['Home', 'Bathroom']);
    expect(taxonomy.size).toBe(t.size + 1);
    const codes = RAKUTEN_TAXONOMY.withCategory('Vinyles', null);
    expect(codes.key).toBe(2906);
  });
});

describe('hierarchical probabilities', () => {
  const t = learnTaxonomy([
    ['Home', 'Kitchen', 'Knives'],
    ['Home', 'Kitchen', 'Pans'],
    ['Home', 'Bath'],
    ['Toys'],
  ]);
  const key = (id: string) => t.byId(id)!.key;
  const classes = [key('Home > Kitchen > Knives'), key('Home > Kitchen > Pans'), key('Home > Bath'), key('Toys')];

  it("gives a parent the sum of its children's probabilities", () => {
    const p = categoryProbabilities(t, classes, [0.41, 0.4, 0.16, 0.03]);
    expect(p.get(key('Home > Kitchen'))).toBeCloseTo(0.81, 12);
    expect(p.get(key('Home'))).toBeCloseTo(0.97, 12);
    expect(p.get(key('Toys'))).toBeCloseTo(0.03, 12);
  });

  it('backs off to the deepest category that reaches the confidence asked for', () => {
    const p = [0.41, 0.4, 0.16, 0.03];
    expect(backOff(t, classes, p)).toEqual({ key: classes[0], probability: 0.41, depth: 3 });
    expect(backOff(t, classes, p, 0.9)).toMatchObject({ key: key('Home'), depth: 1 });
    expect(backOff(t, classes, p, 0.8)).toMatchObject({ key: key('Home > Kitchen'), depth: 2 });
    expect(backOff(t, classes, p, 0.4)).toMatchObject({ key: classes[0], depth: 3 });
    // Nothing reaches it: the most probable top-level category is still an answer.
    expect(backOff(t, classes, [0.25, 0.25, 0.2, 0.3], 0.99)).toMatchObject({ key: key('Home'), depth: 1 });
  });

  it('counts, per confidence, the products filed at least at each depth and how often rightly, by hand', () => {
    const proba = DenseMatrix.fromRows([
      [0.41, 0.4, 0.16, 0.03], // truly Pans
      [0.95, 0.02, 0.02, 0.01], // truly Knives
    ]);
    const [at80, at98] = hierarchicalCoverage(t, Int32Array.from(classes), proba, [classes[1], classes[0]], [0.8, 0.98]);
    // 0.8: the first backs off to Home > Kitchen (0.81), right at both depths; the second keeps its leaf (0.95).
    expect(at80.depths).toEqual([
      { depth: 1, share: 1, precision: 1 },
      { depth: 2, share: 1, precision: 1 },
      { depth: 3, share: 0.5, precision: 1 },
    ]);
    // 0.98: both back off to Home (0.97 is the best the first has; the second's Kitchen has 0.97).
    expect(at98.depths).toEqual([
      { depth: 1, share: 1, precision: 1 },
      { depth: 2, share: 0, precision: 0 },
      { depth: 3, share: 0, precision: 0 },
    ]);
    expect(backOffEach(t, classes, proba.row(0), [0.8, 0.98]).map((b) => b.key)).toEqual([key('Home > Kitchen'), key('Home')]);
  });

  it('scores each depth and the ancestor-set F1 by hand', () => {
    const truth = [classes[0], classes[2], classes[3]];
    const pred = [classes[1], classes[2], classes[0]];
    const m = hierarchyMetrics(t, truth, pred);
    // Depth 1: Home, Home, Toys vs Home, Home, Home -> 2 of 3 right.
    expect(m.levels[0]).toMatchObject({ depth: 1, accuracy: 2 / 3, n: 3 });
    expect(m.levels[1].accuracy).toBeCloseTo(2 / 3, 12);
    expect(m.levels[2].accuracy).toBeCloseTo(1 / 3, 12);
    // Ancestor sets: |pred ∩ true| = 2 + 2 + 0, |pred| = 3 + 2 + 3, |true| = 3 + 2 + 1.
    expect(m.hierarchicalPrecision).toBeCloseTo(4 / 8, 12);
    expect(m.hierarchicalRecall).toBeCloseTo(4 / 6, 12);
    expect(m.hierarchicalF1).toBeCloseTo((2 * 0.5 * (4 / 6)) / (0.5 + 4 / 6), 12);
  });
});
