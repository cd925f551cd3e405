// SimilarIndex: neighbours found against exact search, the product itself left out, add/update/remove, saved and loaded.

import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isProdclassError } from '../../../src/core/errors.js';
import { generateDemoProducts } from '../../../src/data/demo-catalog.js';
import { exactNeighbours } from '../../../src/models/similar/exact-neighbours.js';
import { CHANGES_FILE } from '../../../src/models/similar/index-changes.js';
import { SimilarIndex, type CatalogEntry } from '../../../src/models/similar/similar-index.js';
import { tempDir } from '../../helpers/tmp.js';

const data = generateDemoProducts({ seed: 3, perClass: 12 });
const entries: CatalogEntry[] = data.products.map((product, i) => ({ product, category: data.labels[i] }));
const index = await SimilarIndex.build(entries, { embedder: { dims: 32 } });

describe('SimilarIndex', () => {
  it('indexes every product as a unit vector and finds what exact search finds', () => {
    expect(index.size).toBe(entries.length);
    const vectors = index.embed(data.products);
    const d = index.dims;
    let hits = 0;
    for (let q = 0; q < 40; q++) {
      const truth = exactNeighbours(vectors, d, vectors.subarray(q * d, (q + 1) * d), 5, q);
      const found = index.similarToId(String(q), 5).map((h) => Number(h.id));
      hits += found.filter((id) => truth.rows.includes(id)).length;
      const norm = Math.hypot(...vectors.subarray(q * d, (q + 1) * d));
      expect(norm).toBeCloseTo(1, 4);
    }
    expect(hits / 200).toBeGreaterThanOrEqual(0.95);
  });

  it('leaves the product out of its own neighbours and sorts by similarity', () => {
    const hits = index.similarToId('0', 6);
    expect(hits).toHaveLength(6);
    expect(hits.map((h) => h.id)).not.toContain('0');
    for (let i = 1; i < hits.length; i++) expect(hits[i - 1].similarity).toBeGreaterThanOrEqual(hits[i].similarity - 1e-6);
    expect(hits[0].title).toBe(data.products[Number(hits[0].id)].designation);
  });

  it('finds a product from its own text first, and neighbours mostly of its category', () => {
    const p = data.products[5];
    const [first] = index.similarToText(p, 1);
    expect(first.id).toBe('5');
    expect(first.similarity).toBeGreaterThan(0.99);
    let same = 0;
    for (let q = 0; q < 50; q++) same += index.similarToId(String(q), 5).filter((h) => h.category === data.labels[q]).length;
    expect(same / 250).toBeGreaterThan(0.5);
  });

  it('filters by category', () => {
    const category = data.labels[0];
    const hits = index.similarToText(data.products[1], 8, { category });
    expect(hits.length).toBeGreaterThan(0);
    for (const h of hits) expect(h.category).toBe(category);
  });

  it('adds, updates and removes products, and keeps them through save and load', async () => {
    const copy = await SimilarIndex.build(entries.slice(0, 100), { embedder: { dims: 16 } });
    const newcomer = { ...data.products[200], index: 9999, designation: data.products[200].designation };
    copy.upsert([{ product: newcomer, category: 42 }]);
    expect(copy.size).toBe(101);
    expect(copy.similarToText(newcomer, 1)[0]).toMatchObject({ id: '9999', category: 42 });
    copy.upsert([{ product: { ...newcomer, designation: data.products[3].designation, description: data.products[3].description }, category: 7 }]);
    expect(copy.size).toBe(101);
    expect(copy.product('9999')).toMatchObject({ category: 7, title: data.products[3].designation });
    expect(copy.remove(['3', 'nope'])).toBe(1);
    expect(copy.size).toBe(100);
    expect(copy.similarToText(data.products[3], 100).map((h) => h.id)).not.toContain('3');

    const dir = join(tempDir(), 'index');
    await copy.save(dir);
    const loaded = await SimilarIndex.load(dir);
    expect(loaded.size).toBe(100);
    expect(loaded.product('3')).toBeUndefined();
    expect(loaded.similarToText(data.products[10], 3)).toEqual(copy.similarToText(data.products[10], 3));
    loaded.upsert([{ product: data.products[3], category: data.labels[3] }]);
    // 9999 now carries product 3's text: the two tie.
    expect(loaded.similarToText(data.products[3], 2).map((h) => h.id).sort()).toEqual(['3', '9999']);
  });

  it('logs products filed after a save, replays them on load, and folds the log in at the next save', async () => {
    const dir = join(tempDir(), 'index');
    const copy = await SimilarIndex.build(entries.slice(0, 60), { embedder: { dims: 16 } });
    await copy.save(dir);
    const filed = (id: string, from: number, category: number) => ({ id, designation: data.products[from].designation, description: data.products[from].description, category });
    await copy.record(dir, [filed('new-1', 100, 5), filed('new-2', 101, 6)]);
    await copy.record(dir, [filed('new-1', 102, 9)]);
    expect(copy.unsavedChanges).toBe(3);
    expect(readFileSync(join(dir, CHANGES_FILE), 'utf8').trim().split('\n')).toHaveLength(3);

    const reopened = await SimilarIndex.load(dir);
    expect(reopened.size).toBe(62);
    expect(reopened.product('new-1')).toMatchObject({ category: 9, title: data.products[102].designation });
    expect(reopened.similarToText(data.products[101], 1)[0]).toMatchObject({ id: 'new-2', category: 6 });
    expect(reopened.unsavedChanges).toBe(3);

    // A change recorded while the index is being written whole is neither lost nor replayed twice.
    const saving = reopened.save(dir);
    const during = reopened.record(dir, [filed('new-3', 103, 4)]);
    await Promise.all([saving, during]);
    const log = existsSync(join(dir, CHANGES_FILE)) ? readFileSync(join(dir, CHANGES_FILE), 'utf8').trim().split('\n') : [];
    expect(log.length).toBeLessThanOrEqual(1);
    const third = await SimilarIndex.load(dir);
    expect(third.size).toBe(63);
    expect(third.product('new-3')).toMatchObject({ category: 4 });
    expect(third.product('new-1')).toMatchObject({ category: 9 });
    expect(third.similarToText(data.products[20], 3)).toEqual(reopened.similarToText(data.products[20], 3));
  });

  it('starts a folder afresh when an index built anew is saved over it: the old log does not carry over', async () => {
    const dir = join(tempDir(), 'index');
    const first = await SimilarIndex.build(entries.slice(0, 30), { embedder: { dims: 8 } });
    await first.save(dir);
    await first.record(dir, [{ id: 'filed', designation: data.products[70].designation, description: '', category: 3 }]);
    const rebuilt = await SimilarIndex.build(entries.slice(0, 40), { embedder: { dims: 8 } });
    await rebuilt.save(dir);
    const loaded = await SimilarIndex.load(dir);
    expect(loaded.size).toBe(40);
    expect(loaded.product('filed')).toBeUndefined();
    expect(existsSync(join(dir, CHANGES_FILE))).toBe(false);
  });

  it('drops a last line cut short by a crash, and names the line of any other damage', async () => {
    const dir = join(tempDir(), 'index');
    const copy = await SimilarIndex.build(entries.slice(0, 30), { embedder: { dims: 8 } });
    await copy.save(dir);
    await copy.record(dir, [{ id: 'kept', designation: data.products[50].designation, description: '', category: 1 }]);
    appendFileSync(join(dir, CHANGES_FILE), '{"seq":2,"id":"cut","desig');
    const loaded = await SimilarIndex.load(dir);
    expect(loaded.product('kept')).toBeDefined();
    expect(loaded.product('cut')).toBeUndefined();
    // The log was mended: the next change starts a line of its own.
    await loaded.record(dir, [{ id: 'after', designation: data.products[51].designation, description: '', category: 2 }]);
    expect((await SimilarIndex.load(dir)).product('after')).toMatchObject({ category: 2 });

    appendFileSync(join(dir, CHANGES_FILE), 'not json\n{"seq":9,"id":"x","designation":"y","description":"","category":1}\n');
    const error = await SimilarIndex.load(dir).catch((e: unknown) => e);
    expect(isProdclassError(error, 'MODEL_CORRUPT')).toBe(true);
    expect(String(error)).toMatch(new RegExp(`${CHANGES_FILE}:3`));
  });

  it('says what to do when there is no index or no such product', async () => {
    const error = await SimilarIndex.load(tempDir()).catch((e: unknown) => e);
    expect(isProdclassError(error, 'NOT_FOUND')).toBe(true);
    expect(String(error)).toMatch(/prodclass index/);
    expect(() => index.similarToId('no-such-id', 3)).toThrow(/no product with id "no-such-id"/);
    expect(() => index.upsert([entries[0], entries[0]])).toThrow(/share the id/);
  });
});
