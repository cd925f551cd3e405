import { describe, expect, it } from 'vitest';
import { parseColumnMapping, resolveColumns, type ColumnRoles } from '../../../src/data/index.js';
import { caught, expectError } from '../helpers.js';

const FLIPKART =
  'uniq_id,crawl_timestamp,product_url,product_name,product_category_tree,pid,retail_price,discounted_price,image,is_FK_Advantage_product,description,product_rating,overall_rating,brand,product_specifications'.split(',');

/** Roles as column names, so expectations read like the header. */
function named(columns: string[], roles: ColumnRoles): Record<string, string | string[]> {
  return Object.fromEntries(
    Object.entries(roles)
      .filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0))
      .map(([role, v]) => [role, Array.isArray(v) ? v.map((i: number) => columns[i]) : columns[v as number]]),
  );
}

function detect(columns: string[], mapping?: string): Record<string, string | string[]> {
  return named(columns, resolveColumns({ file: 'catalog.csv', columns }, mapping === undefined ? undefined : parseColumnMapping(mapping)));
}

describe('resolveColumns by name', () => {
  it('finds the Flipkart export columns, uniq_id before pid', () => {
    expect(detect(FLIPKART)).toEqual({
      id: 'uniq_id',
      title: 'product_name',
      label: ['product_category_tree'],
      image: 'image',
      description: ['description'],
      brand: 'brand',
    });
  });

  it('takes the unnamed first column of the Rakuten files as the id', () => {
    expect(detect(['', 'designation', 'description', 'productid', 'imageid'])).toEqual({
      id: '',
      title: 'designation',
      description: ['description'],
      image: 'imageid',
    });
    expect(detect(['', 'prdtypecode'])).toEqual({ id: '', label: ['prdtypecode'] });
  });

  it('ignores case, accents and punctuation, and prefers exact names to partial ones', () => {
    expect(detect(['Product Title', 'SKU', 'Catégorie', 'EAN-13', 'Image URL', 'Marque'])).toEqual({
      title: 'Product Title',
      id: 'SKU',
      label: ['Catégorie'],
      gtin: 'EAN-13',
      image: 'Image URL',
      brand: 'Marque',
    });
    // "title" is exact, so "seo_title" (partial) is not taken; "main_image_link" only partially names an image.
    expect(detect(['seo_title', 'title', 'main_image_link', 'category_name', 'brand_name', 'short_description'])).toEqual({
      title: 'title',
      image: 'main_image_link',
      label: ['category_name'],
      brand: 'brand_name',
      description: ['short_description'],
    });
  });

  it('keeps generic short names to exact matches and never detects bullets or features', () => {
    expect(detect(['seller_id', 'subclass', 'display_y', 'bullets', 'features'])).toEqual({});
    expect(detect(['productId', 'productName', 'y'])).toEqual({ id: 'productId', title: 'productName', label: ['y'] });
  });
});

describe('resolveColumns with a --columns mapping', () => {
  it('overrides detection role by role and joins description columns', () => {
    const columns = ['sku', 'name', 'nom_fr', 'description', 'bullets', 'brand', 'rayon'];
    expect(detect(columns, 'title=nom_fr, description=description+bullets,label=rayon')).toEqual({
      id: 'sku',
      title: 'nom_fr',
      description: ['description', 'bullets'],
      label: ['rayon'],
      brand: 'brand',
    });
    // A mapped column is not detected again for another role; names match case-insensitively when unique.
    expect(detect(['title', 'name'], 'title=NAME')).toEqual({ title: 'name' });
  });

  it('names a mapped column that does not exist, the columns found and the closest ones', async () => {
    const error = await caught(() => resolveColumns({ file: 'f.csv', columns: FLIPKART }, parseColumnMapping('title=product_nam')));
    expectError(error, 'DATA_MISSING_COLUMN', 'f.csv');
    expect(error.message).toContain('column "product_nam"');
    expect(error.message).toContain('found columns "uniq_id", "crawl_timestamp"');
    expect(error.message).toMatch(/closest: "product_name"/);
  });

  it('names the file, the columns and the flag when a required role is missing', async () => {
    const error = await caught(() => resolveColumns({ file: 'f.csv', columns: ['ref', 'libelle', 'rayon'] }, undefined, ['title', 'label']));
    expectError(error, 'DATA_MISSING_COLUMN', 'f.csv');
    expect(error.message).toContain('no title and label column found among the columns "ref", "libelle", "rayon"');
    expect(error.message).toContain('--columns title=COL,label=COL');
    expect(resolveColumns({ file: 'f.csv', columns: ['ref', 'libelle'] }, parseColumnMapping('title=libelle'), ['title']).title).toBe(1);
  });
});

describe('parseColumnMapping', () => {
  it('reads role=COL entries, + joining description columns and the levels of a label', () => {
    expect(parseColumnMapping('title=Product Name , description=a+b,id=sku')).toEqual({ title: ['Product Name'], description: ['a', 'b'], id: ['sku'] });
    expect(parseColumnMapping('title=nom,label=groupe+sous_groupe+sous_sous_groupe')).toEqual({ title: ['nom'], label: ['groupe', 'sous_groupe', 'sous_sous_groupe'] });
  });

  it.each([
    ['', /empty/],
    ['title', /"title" has no "="/],
    ['colour=c', /"colour" is not a column role \(roles: id, title, description, label, image, brand, gtin\)/],
    ['title=', /empty column name/],
    ['description=a+', /empty column name/],
    ['title=a,title=b', /mapped twice/],
    ['title=a+b', /only description \(texts joined\) and label \(one column per level of the path\) take several/],
    ['image=a+b', /role "image" names 2 columns/],
  ])('rejects %j with the expected form', async (spec, message) => {
    const error = await caught(() => parseColumnMapping(spec));
    expect(error.code).toBe('INVALID_PARAM');
    expect(error.message).toMatch(message);
    expect(error.message).toContain('--columns title=COL,description=COL+COL,label=COL[+COL...]');
  });
});
