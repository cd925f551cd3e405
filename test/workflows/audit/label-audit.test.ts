// The catalog audit end to end on a small generated catalog: planted misfilings first, suggestion words, refused parameters.

import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/core/rng.js';
import type { Product } from '../../../src/data/product.js';
import '../../../src/models/registrations.js';
import { learnTaxonomy } from '../../../src/taxonomy/index.js';
import { STACKING_MAX_CLASSES } from '../../../src/models/compose/stacking.js';
import { auditCatalog, DEFAULT_AUDIT_KINDS, defaultAuditKinds, MANY_CATEGORIES_AUDIT_KINDS } from '../../../src/workflows/audit/label-audit.js';

const WORDS: Record<string, string[]> = {
  knives: ['blade', 'chef', 'forged', 'santoku', 'paring'],
  pans: ['skillet', 'nonstick', 'wok', 'saucepan', 'griddle'],
  towels: ['towel', 'cotton', 'absorbent', 'terry', 'bath'],
};
// 25 products per category (fewer than the vote's 40 neighbours: it hears as many as the median category holds); two
// filed on purpose under another category.
const PER_CATEGORY = 25;
const MISFILED: Record<number, string> = { 5: 'towels', 30: 'knives' };

function catalog(): { products: Product[]; categories: string[] } {
  const rng = new Rng(11);
  const products: Product[] = [];
  const categories: string[] = [];
  for (const [category, words] of Object.entries(WORDS)) {
    for (let k = 0; k < PER_CATEGORY; k++) {
      const row = products.length;
      const pick = () => words[rng.int(words.length)];
      products.push({ index: row + 1, productid: `p${row}`, imageid: '', designation: `${pick()} ${pick()} ${pick()} ${pick()}`, description: '' });
      categories.push(MISFILED[row] ?? category);
    }
  }
  return { products, categories };
}

describe('auditCatalog', () => {
  it('puts the misfiled products first, the neighbour vote mixed in by default, and names where they belong', async () => {
    const { products, categories } = catalog();
    const taxonomy = learnTaxonomy(categories.map((c) => [c]));
    const labels = Int32Array.from(categories, (c) => taxonomy.byId(c)!.key);
    const report = await auditCatalog({ products, labels, taxonomy, kinds: ['naive-bayes'], seed: 3, topWords: 0 });
    expect(report.suspects.slice(0, 2).map((s) => [s.position, s.suggested]).sort((a, b) => Number(a[0]) - Number(b[0]))).toEqual([
      [5, 'knives'],
      [30, 'pans'],
    ]);
  });

  it('gives the words behind each suggestion for a kind that shares its features across folds (text-linear)', async () => {
    const { products, categories } = catalog();
    const taxonomy = learnTaxonomy(categories.map((c) => [c]));
    const labels = Int32Array.from(categories, (c) => taxonomy.byId(c)!.key);
    const report = await auditCatalog({ products, labels, taxonomy, kinds: ['text-linear'], seed: 3, topWords: 3 });
    const top = report.suspects.find((s) => s.position === 5)!;
    expect(top.suggested).toBe('knives');
    expect(top.words.length).toBeGreaterThan(0);
    // Row 5 is a knife: its words pushing towards knives are knife words.
    for (const word of top.words) expect(WORDS.knives).toContain(word);
  });

  it('refuses a vote weight outside [0, 1] before fitting anything', async () => {
    const { products, categories } = catalog();
    const taxonomy = learnTaxonomy(categories.map((c) => [c]));
    const labels = Int32Array.from(categories, (c) => taxonomy.byId(c)!.key);
    await expect(auditCatalog({ products, labels, taxonomy, seed: 3, voteWeight: 1.5 })).rejects.toMatchObject({ code: 'INVALID_PARAM' });
  });

  it('audits with the stack by default, and with the average of two single models past the categories a stack takes', async () => {
    expect(defaultAuditKinds(27)).toEqual(DEFAULT_AUDIT_KINDS);
    expect(defaultAuditKinds(STACKING_MAX_CLASSES)).toEqual(['text-ensemble']);
    expect(defaultAuditKinds(STACKING_MAX_CLASSES + 1)).toEqual(MANY_CATEGORIES_AUDIT_KINDS);
    const { products, categories } = catalog();
    const taxonomy = learnTaxonomy(categories.map((c) => [c]));
    const labels = Int32Array.from(categories, (c) => taxonomy.byId(c)!.key);
    const report = await auditCatalog({ products, labels, taxonomy, seed: 3, topWords: 0 });
    expect(report.kinds).toEqual(['text-ensemble']);
    expect(report.suspects.slice(0, 2).map((s) => s.position).sort((a, b) => a - b)).toEqual([5, 30]);
  });
});
