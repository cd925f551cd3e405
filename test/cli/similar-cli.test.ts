// `prodclass index` and `prodclass similar` end to end: a catalog file indexed on its own, searched by title, with bad input refused.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatCsvRow } from '../../src/data/csv-format.js';
import { generateDemoProducts } from '../../src/data/demo-catalog.js';
import { runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/tmp.js';

const dir = tempDir();
const data = generateDemoProducts({ seed: 5, perClass: 8 });
const file = join(dir, 'catalog.csv');
writeFileSync(
  file,
  formatCsvRow(['sku', 'title', 'description', 'category']) +
    data.products.map((p, i) => formatCsvRow([`sku-${i}`, p.designation, p.description, String(data.labels[i])])).join(''),
);
const indexDir = join(dir, 'index');

describe('prodclass index and similar', () => {
  it('indexes a catalog file and finds a product by its own title first, with its category', async () => {
    const built = await runCli(['index', '--data', file, '--out', indexDir, '--dims', '24', '--json']);
    expect(built.stderr).toBe('');
    expect(built.code).toBe(0);
    expect(JSON.parse(built.stdout)).toMatchObject({ dir: indexDir, products: data.products.length, dims: 24 });

    const target = 17;
    const found = await runCli(['similar', '--index', indexDir, '--title', data.products[target].designation, '--description', data.products[target].description, '--k', '4', '--json']);
    expect(found.code).toBe(0);
    const { neighbours } = JSON.parse(found.stdout) as { neighbours: { id: string; title: string; category: string; categoryName: string; similarity: number }[] };
    expect(neighbours).toHaveLength(4);
    expect(neighbours[0]).toMatchObject({ id: `sku-${target}`, title: data.products[target].designation, category: String(data.labels[target]) });
    expect(neighbours[0].similarity).toBeGreaterThan(0.99);
    expect(neighbours[0].categoryName).toBeTruthy();

    const filtered = await runCli(['similar', '--index', indexDir, '--title', data.products[target].designation, '--category', String(data.labels[0]), '--json']);
    expect(filtered.code).toBe(0);
    for (const n of JSON.parse(filtered.stdout).neighbours) expect(n.category).toBe(String(data.labels[0]));
  });

  it('refuses a missing index, an unknown category and a call without an index', async () => {
    const missing = await runCli(['similar', '--index', join(dir, 'nowhere'), '--title', 'x']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/NOT_FOUND.*prodclass index/);
    const unknown = await runCli(['similar', '--index', indexDir, '--title', 'x', '--category', 'no such category']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/--category "no such category" is not a category/);
    const neither = await runCli(['index', '--data', file]);
    expect(neither.code).toBe(2);
    expect(neither.stderr).toMatch(/--model MODEL .* or --out DIR/);
  });

  it('groups the offers of a catalog file that are one product', async () => {
    const offers = join(dir, 'offers.csv');
    writeFileSync(
      offers,
      formatCsvRow(['ref', 'title', 'category']) +
        [
          ['r1', 'Cahier Conquérant Seyès 96 pages 240 x 320 mm', '2522'],
          ['r2', 'NEUF - Cahier Seyès Conquérant 240x320 mm 96 Pages', '2522'],
          ['r3', 'Harry Potter Tome 1', '2705'],
          ['r4', 'Harry Potter Tome 2', '2705'],
          ['r5', 'cahier conquerant seyes 96 pages 240 x 320 mm', '2403'],
        ].map((r) => formatCsvRow(r)).join(''),
    );
    const res = await runCli(['duplicates', '--data', offers, '--columns', 'id=ref', '--json']);
    expect(res.code).toBe(0);
    expect(JSON.parse(res.stdout)).toEqual({ groups: [['r1', 'r2', 'r5']] });
    const bad = await runCli(['duplicates', '--data', offers, '--threshold', '2']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/threshold/);
  });
});
