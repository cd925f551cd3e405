// SimilarIndex: neighbours found against exact search, the product itself left out, add/update/remove, saved and loaded.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isProdclassError } from '../../../src/core/errors.js';
import { generateDemoProducts } from '../../../src/data/demo-catalog.js';
import { exactNeighbours } from '../../../src/models/similar/exact-neighbours.js';
import { LEGACY_CHANGES_FILE } from '../../../src/models/similar/index-changes.js';
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

  it('applies changes of the log once each, newest last, whatever order and however often they arrive', async () => {
    const copy = await SimilarIndex.build(entries.slice(0, 60), { embedder: { dims: 16 } });
    const change = (seq: number, id: string, from: number, category: number) => ({ seq, id, designation: data.products[from].designation, description: data.products[from].description, category });
    // Change 12 (new-1 into 9) was numbered after change 11 but arrives first, as from another host.
    expect(copy.apply([change(12, 'new-1', 102, 9)])).toBe(1);
    expect(copy.apply([change(10, 'new-1', 100, 5), change(11, 'new-2', 101, 6), change(12, 'new-1', 102, 9)])).toBe(1);
    expect(copy.size).toBe(62);
    expect(copy.product('new-1')).toMatchObject({ category: 9, title: data.products[102].designation });
    expect(copy.similarToText(data.products[101], 1)[0]).toMatchObject({ id: 'new-2', category: 6 });
    expect(copy.unsavedChanges).toBe(2);

    // Past the watermark, a change is skipped without looking at its product.
    copy.advanceWatermark({ seq: 12, id: 'new-1' });
    expect(copy.apply([change(11, 'new-3', 103, 4)])).toBe(0);
    expect(copy.product('new-3')).toBeUndefined();
  });

  it('saves its watermark: loading skips the changes the files hold, and a change applied while saving is replayed, not lost', async () => {
    const dir = join(tempDir(), 'index');
    const copy = await SimilarIndex.build(entries.slice(0, 60), { embedder: { dims: 16 } });
    const change = (seq: number, id: string, from: number, category: number) => ({ seq, id, designation: data.products[from].designation, description: '', category });
    copy.apply([change(1, 'a', 100, 5), change(2, 'b', 101, 6)]);
    copy.advanceWatermark({ seq: 2, id: 'b' });
    const saving = copy.save(dir);
    copy.apply([change(3, 'c', 102, 7)]);
    await saving;
    expect(copy.unsavedChanges).toBe(1);
    const loaded = await SimilarIndex.load(dir);
    expect(loaded.watermarkChange).toEqual({ seq: 2, id: 'b' });
    expect(loaded.product('b')).toMatchObject({ category: 6 });
    // What the log holds after the watermark is applied again on load (by CatalogIndexes); change 2 is not.
    expect(loaded.apply([change(2, 'b', 103, 1), change(3, 'c', 102, 7)])).toBe(1);
    expect(loaded.product('b')).toMatchObject({ category: 6 });
    expect(loaded.product('c')).toMatchObject({ category: 7 });
    loaded.forgetWatermark();
    expect(loaded.watermark).toBe(0);
  });

  it('reads the change log a folder of format 1 kept beside its files, once, dropping a last line cut short and naming any other damage', async () => {
    const dir = join(tempDir(), 'index');
    const copy = await SimilarIndex.build(entries.slice(0, 30), { embedder: { dims: 8 } });
    await copy.save(dir);
    const metaFile = join(dir, 'index.json');
    writeFileSync(metaFile, JSON.stringify({ ...JSON.parse(readFileSync(metaFile, 'utf8')), formatVersion: 1, appliedSeq: 1, appliedId: undefined }));
    const line = (seq: number, id: string) => `${JSON.stringify({ seq, id, designation: data.products[50 + seq].designation, description: '', category: seq })}\n`;
    writeFileSync(join(dir, LEGACY_CHANGES_FILE), line(1, 'saved-already') + line(2, 'kept') + line(3, 'kept') + '{"seq":4,"id":"cut","desig');
    const loaded = await SimilarIndex.load(dir);
    expect(loaded.product('kept')).toMatchObject({ category: 3 });
    expect(loaded.product('saved-already')).toBeUndefined();
    expect(loaded.product('cut')).toBeUndefined();
    expect(loaded.watermark).toBe(0);
    expect(loaded.takeLegacyChanges()).toEqual([{ id: 'kept', designation: data.products[53].designation, description: '', category: 3 }]);
    expect(loaded.takeLegacyChanges()).toEqual([]);

    writeFileSync(join(dir, LEGACY_CHANGES_FILE), line(2, 'kept') + 'not json\n' + line(3, 'x'));
    const error = await SimilarIndex.load(dir).catch((e: unknown) => e);
    expect(isProdclassError(error, 'MODEL_CORRUPT')).toBe(true);
    expect(String(error)).toMatch(new RegExp(`${LEGACY_CHANGES_FILE}:2`));
  });

  it('says what to do when there is no index or no such product', async () => {
    const error = await SimilarIndex.load(tempDir()).catch((e: unknown) => e);
    expect(isProdclassError(error, 'NOT_FOUND')).toBe(true);
    expect(String(error)).toMatch(/prodclass index/);
    expect(() => index.similarToId('no-such-id', 3)).toThrow(/no product with id "no-such-id"/);
    expect(() => index.upsert([entries[0], entries[0]])).toThrow(/share the id/);
  });
});
