import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalog, loadCatalogFile } from '../../src/data/index.js';
import { readTaxonomy, RAKUTEN_TAXONOMY } from '../../src/taxonomy/index.js';
import { caught, fixtureDir, X_HEADER, Y_HEADER } from './helpers.js';

const TREE_CSV = [
  'sku,product_name,description,bullets,category_path,image',
  'A1,Chef knife 20 cm,Forged steel,Dishwasher safe,Home > Kitchen > Knives,img/a1.jpg',
  'A2,Frying pan 28 cm,Non-stick,,Home > Kitchen > Pans,',
  'A3,Bath towel,Cotton,,Home > Bath,https://example.com/a3.jpg',
  'A4,Wooden puzzle,,,Toys,',
  'A5,Unknown thing,to classify,,,',
].join('\n');

describe('loadCatalogFile', () => {
  it('reads products from the columns it finds, learns the tree from the paths, keeps unlabelled rows apart', async () => {
    const dir = fixtureDir({ 'shop.csv': `${TREE_CSV}\n`, 'img/a1.jpg': 'not really a jpeg' });
    const catalog = await loadCatalogFile(join(dir, 'shop.csv'), { columns: { description: ['description', 'bullets'] } });
    expect(catalog.format).toBe('csv');
    expect(catalog.train.products.map((p) => p.id)).toEqual(['A1', 'A2', 'A3', 'A4']);
    expect(catalog.train.products[0]).toMatchObject({ index: 1, designation: 'Chef knife 20 cm', description: 'Forged steel\nDishwasher safe' });
    expect(catalog.unlabelled.map((p) => p.id)).toEqual(['A5']);
    const t = catalog.taxonomy;
    expect(t.isTree).toBe(true);
    expect(t.size).toBe(6);
    expect(catalog.train.labels[0]).toBe(t.byId('Home > Kitchen > Knives')!.key);
    expect(t.path(catalog.train.labels[2])).toEqual(['Home', 'Bath']);
    // A local photo is found beside the file; a URL is not fetched by loading; an empty cell has none.
    expect(catalog.images.pathOf(catalog.train.products[0], 'train')).toBe(join(dir, 'img', 'a1.jpg'));
    expect(catalog.images.pathOf(catalog.train.products[2], 'train')).toBeNull();
    expect(catalog.warnings.some((w) => w.includes('1 of 5 products have no label'))).toBe(true);
    expect(catalog.reading).toMatchObject({ column: 'category_path', columns: { id: ['sku'], title: ['product_name'], description: ['description', 'bullets'] } });
  });

  it('reads a category path from one column per level (label=A+B+C), leaving empty levels out', async () => {
    // A food composition table as its publisher exports it: Latin-1, ";", a column per level of the food groups.
    const foods: [string, string, string, string][] = [
      ['Pomme crue', 'fruits, légumes', 'fruits', 'fruits crus'],
      ['Poire crue', 'fruits, légumes', 'fruits', 'fruits crus'],
      ['Carotte cuite', 'fruits, légumes', 'légumes', ''],
      ['Baguette', 'produits céréaliers', 'pains', ''],
    ];
    const rows = ['alim_code;alim_nom_fr;alim_grp_nom_fr;alim_ssgrp_nom_fr;alim_ssssgrp_nom_fr', ...foods.map((f, i) => `${i + 1};${f.join(';')}`)];
    const dir = fixtureDir();
    const file = join(dir, 'ciqual.csv');
    writeFileSync(file, Buffer.from(`${rows.join('\r\n')}\r\n`, 'latin1'));
    const columns = { id: ['alim_code'], title: ['alim_nom_fr'], label: ['alim_grp_nom_fr', 'alim_ssgrp_nom_fr', 'alim_ssssgrp_nom_fr'] };
    const catalog = await loadCatalogFile(file, { columns });
    const t = catalog.taxonomy;
    expect(Array.from(catalog.train.labels, (k) => t.path(k))).toEqual([
      ['fruits, légumes', 'fruits', 'fruits crus'],
      ['fruits, légumes', 'fruits', 'fruits crus'],
      ['fruits, légumes', 'légumes'],
      ['produits céréaliers', 'pains'],
    ]);
    expect(catalog.reading).toMatchObject({ column: 'alim_grp_nom_fr+alim_ssgrp_nom_fr+alim_ssssgrp_nom_fr', columns: { label: columns.label } });
    // The depth cuts the joined path; a given taxonomy names the columns of a label it lacks.
    const cut = await loadCatalogFile(file, { columns, depth: 1 });
    expect(new Set(Array.from(cut.train.labels, (k) => cut.taxonomy.path(k).join(' > ')))).toEqual(new Set(['fruits, légumes', 'produits céréaliers']));
    const error = await caught(() => loadCatalogFile(file, { columns, taxonomy: cut.taxonomy }));
    expect(error.code).toBe('DATA_UNKNOWN_CODE');
    expect(error.location).toMatchObject({ line: 2, field: 'alim_grp_nom_fr+alim_ssgrp_nom_fr+alim_ssssgrp_nom_fr' });
    expect(error.message).toContain('fruits, légumes > fruits > fruits crus');
  });

  it('reads an export whose category cell is a JSON array of one ">>" path, cut to a depth', async () => {
    const rows = [
      'uniq_id,product_name,product_category_tree',
      'u1,Curtain,"[""Home Furnishing >> Curtains & Accessories >> Curtains >> Elegance Polyester Curtain...""]"',
      'u2,Watch,"[""Watches >> Wrist Watches >> Sonata Wrist Watches""]"',
    ];
    const dir = fixtureDir({ 'export.csv': `${rows.join('\n')}\n` });
    const catalog = await loadCatalogFile(join(dir, 'export.csv'), { separator: ' >> ', depth: 2 });
    expect(catalog.taxonomy.path(catalog.train.labels[0])).toEqual(['Home Furnishing', 'Curtains & Accessories']);
    expect(catalog.taxonomy.maxDepth).toBe(2);
    expect(catalog.reading).toMatchObject({ separator: ' >> ', depth: 2 });
  });

  it('cuts paths whose deepest levels hold one product each (the title written as a level) unless told a depth', async () => {
    const rows = ['uniq_id,product_name,product_category_tree'];
    for (let i = 0; i < 100; i++) rows.push(`u${i},Watch ${i},"[""Watches >> Wrist Watches >> Sonata Watch ${i}""]"`);
    const dir = fixtureDir({ 'export.csv': `${rows.join('\n')}\n` });
    const catalog = await loadCatalogFile(join(dir, 'export.csv'));
    expect(catalog.taxonomy.maxDepth).toBe(2);
    expect(catalog.taxonomy.path(catalog.train.labels[0])).toEqual(['Watches', 'Wrist Watches']);
    expect(catalog.reading).toMatchObject({ depth: 2 });
    expect(catalog.warnings).toContain('category paths cut to 2 levels: level 3 holds 1.0 products per category, too few to learn (--label-depth N chooses)');
    const deep = await loadCatalogFile(join(dir, 'export.csv'), { depth: 3 });
    expect(deep.taxonomy.maxDepth).toBe(3);
  });

  it('keeps numeric category codes as keys, as for Rakuten', async () => {
    const dir = fixtureDir({ 'p.tsv': 'id\ttitle\tprdtypecode\n1\tConsole PS4\t60\n2\tPiscine\t2583\n' });
    const catalog = await loadCatalogFile(join(dir, 'p.tsv'));
    expect(Array.from(catalog.train.labels)).toEqual([60, 2583]);
    expect(catalog.taxonomy.isTree).toBe(false);
  });

  it('resolves labels against a given taxonomy (id, path or name) and names the line and closest categories of one it lacks', async () => {
    const dir = fixtureDir({
      'taxonomy-with-ids.en-US.txt': '1 - Home\n2 - Home > Kitchen\n3 - Home > Kitchen > Knives\n4 - Toys\n',
      'ok.csv': 'id,title,category\na,Knife,3\nb,Pan,Home > Kitchen\nc,Puzzle,toys\n',
      'bad.csv': 'id,title,category\na,Knife,3\nb,Spoon,Home > Kitchen > Knifes\n',
    });
    const taxonomy = await readTaxonomy(join(dir, 'taxonomy-with-ids.en-US.txt'));
    const ok = await loadCatalogFile(join(dir, 'ok.csv'), { taxonomy });
    expect(Array.from(ok.train.labels)).toEqual([3, 2, 4]);
    const error = await caught(() => loadCatalogFile(join(dir, 'bad.csv'), { taxonomy }));
    expect(error.code).toBe('DATA_UNKNOWN_CODE');
    expect(error.message).toContain(`${join(dir, 'bad.csv')}:3`);
    expect(error.message).toContain('field "category"');
    expect(error.message).toContain('"Home > Kitchen > Knives"');
  });

  it('refuses duplicate ids and empty products with file, line and column', async () => {
    const dir = fixtureDir({ 'dup.csv': 'id,title,label\nx,One,A\ny,Two,B\nx,Three,A\n', 'empty.csv': 'id,title,description,label\nx,,,A\n' });
    const dup = await caught(() => loadCatalogFile(join(dir, 'dup.csv')));
    expect(dup.code).toBe('DATA_DUPLICATE_INDEX');
    expect(dup.message).toContain(`${join(dir, 'dup.csv')}:4`);
    expect(dup.message).toContain('line 2');
    const empty = await caught(() => loadCatalogFile(join(dir, 'empty.csv')));
    expect(empty.code).toBe('DATA_BAD_ROW');
    expect(empty.message).toContain(':2');
  });

  it('refuses a training file without a label column before anything starts, naming the columns found', async () => {
    const dir = fixtureDir({ 'nolabel.csv': 'ref,headline,price\n1,Chair,10\n' });
    const error = await caught(() => loadCatalogFile(join(dir, 'nolabel.csv'), { requireLabels: true }));
    expect(error.code).toBe('DATA_MISSING_COLUMN');
    expect(error.message).toContain('headline');
    expect(error.message).toContain('--columns');
  });
});

describe('loadCatalog', () => {
  it('reads the challenge folder as before, on Rakuten taxonomy', async () => {
    const dir = fixtureDir({ 'X_train_update.csv': `${X_HEADER}0,Console PS4,,1,2\n`, 'Y_train_CVw08PX.csv': `${Y_HEADER}0,60\n` });
    const catalog = await loadCatalog(dir);
    expect(catalog.format).toBe('challenge');
    expect(catalog.taxonomy).toBe(RAKUTEN_TAXONOMY);
    expect(Array.from(catalog.train.labels)).toEqual([60]);
  });

  it('reads the one catalog file of a folder and refuses a folder with several', async () => {
    const one = fixtureDir({ 'shop.jsonl': '{"id":"1","title":"Chair","category":"Furniture"}\n{"id":"2","title":"Lamp","category":"Lighting"}\n' });
    const catalog = await loadCatalog(one);
    expect(catalog.format).toBe('jsonl');
    expect(catalog.train.products).toHaveLength(2);
    writeFileSync(join(one, 'other.csv'), 'id,title,category\n1,x,y\n');
    const error = await caught(() => loadCatalog(one));
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.message).toContain('other.csv');
    expect(error.message).toContain('shop.jsonl');
  });
});
