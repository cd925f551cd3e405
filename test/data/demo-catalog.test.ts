import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_VOCABULARY, SHARED_SLOTS } from '../../src/data/demo-vocabulary.js';
import { generateDemoProducts, isDemoCatalog, loadChallengeFolder, writeDemoCatalog } from '../../src/data/index.js';
import { X_HEADER, caught, fixtureDir } from './helpers.js';
import { RAKUTEN_TAXONOMY } from '../../src/taxonomy/index.js';

const FILES = ['X_train_update.csv', 'Y_train_CVw08PX.csv', 'demo.json'];
const read = (dir: string) => FILES.map((name) => readFileSync(join(dir, name)));

describe('demo catalog', () => {
  it('writes byte-identical files for the same seed and different ones for another seed', async () => {
    const [a, b, c] = [fixtureDir(), fixtureDir(), fixtureDir()];
    await writeDemoCatalog(a, { seed: 7, perClass: 20 });
    await writeDemoCatalog(b, { seed: 7, perClass: 20 });
    await writeDemoCatalog(c, { seed: 8, perClass: 20 });
    expect(read(a)).toEqual(read(b));
    expect(read(a)[0].equals(read(c)[0])).toBe(false);
  });

  it('loads through the challenge loader with every code, perClass times, and is marked as a demo', async () => {
    const dir = join(fixtureDir(), 'demo');
    const summary = await writeDemoCatalog(dir);
    expect(summary).toMatchObject({ dir, seed: 42, perClass: 60, rows: 27 * 60 });
    const folder = await loadChallengeFolder(dir);
    expect(folder.demo).toBe(true);
    expect(await isDemoCatalog(dir)).toBe(true);
    expect(folder.train.products.map((p) => p.index)).toEqual(Array.from({ length: 27 * 60 }, (_, i) => i));
    const perCode = new Map<number, number>();
    for (const code of folder.train.labels) perCode.set(code, (perCode.get(code) ?? 0) + 1);
    expect([...perCode.keys()].sort((x, y) => x - y)).toEqual(RAKUTEN_TAXONOMY.categories().map((c) => c.key));
    expect(new Set(perCode.values())).toEqual(new Set([60]));
    // Same rows as generated in memory.
    expect(folder.train).toEqual(generateDemoProducts());
  });

  it('looks like the real data: varied titles, about 60% HTML descriptions, some with entities', () => {
    const { products } = generateDemoProducts({ seed: 3 });
    const described = products.filter((p) => p.description !== '');
    expect(described.length / products.length).toBeGreaterThan(0.5);
    expect(described.length / products.length).toBeLessThan(0.7);
    expect(described.some((p) => p.description.startsWith('<p>'))).toBe(true);
    expect(described.some((p) => p.description.includes('&eacute;'))).toBe(true);
    expect(new Set(products.map((p) => p.designation)).size).toBeGreaterThan(products.length * 0.9);
    expect(new Set(products.map((p) => p.productid)).size).toBe(products.length);
  });

  it('uses only slots its vocabulary defines', () => {
    for (const vocabulary of DEMO_VOCABULARY) {
      for (const template of [...vocabulary.titles, ...vocabulary.sentences]) {
        for (const [, name] of template.matchAll(/\{(?!#)([^}]+)\}/g)) {
          expect(vocabulary.slots[name] ?? SHARED_SLOTS[name], `{${name}} in code ${vocabulary.code}`).toBeDefined();
        }
      }
    }
  });

  it('teaches a word-count classifier to file typical real titles sensibly', () => {
    const classify = naiveBayes(generateDemoProducts());
    expect([10, 2705]).toContain(classify("Harry Potter à l'école des sorciers - poche"));
    expect(classify('Console PS4 Slim 500 Go')).toBe(60);
    expect(classify('Piscine tubulaire Intex 3m')).toBe(2583);
    expect(classify('Drone DJI Mini avec caméra 4K')).toBe(1300);
    expect(classify('Coussin déhoussable 40x40 velours')).toBe(1920);
  });

  it('refuses to overwrite real data and checks its options', async () => {
    const real = fixtureDir({ 'X_train_update.csv': X_HEADER });
    expect((await caught(() => writeDemoCatalog(real))).code).toBe('CONFLICT');
    expect(await isDemoCatalog(real)).toBe(false);
    expect((await caught(() => writeDemoCatalog(fixtureDir(), { perClass: 0 }))).code).toBe('INVALID_PARAM');
    expect((await caught(() => writeDemoCatalog(fixtureDir(), { seed: 1.5 }))).code).toBe('INVALID_PARAM');
    const demo = fixtureDir();
    await writeDemoCatalog(demo, { perClass: 2 });
    await expect(writeDemoCatalog(demo, { perClass: 3 })).resolves.toMatchObject({ rows: 81 });
  });
});

/** Multinomial naive Bayes over lower-cased, accent-stripped title words: the simplest text model there is. */
function naiveBayes({ products, labels }: ReturnType<typeof generateDemoProducts>): (title: string) => number {
  const words = (s: string) => s.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '').split(/[^a-z0-9]+/).filter((w) => w.length > 1);
  const counts = new Map<number, Map<string, number>>();
  const totals = new Map<number, number>();
  const vocabulary = new Set<string>();
  products.forEach((p, i) => {
    const perWord = counts.get(labels[i]) ?? new Map<string, number>();
    counts.set(labels[i], perWord);
    for (const w of words(p.designation)) {
      perWord.set(w, (perWord.get(w) ?? 0) + 1);
      totals.set(labels[i], (totals.get(labels[i]) ?? 0) + 1);
      vocabulary.add(w);
    }
  });
  return (title) => {
    let best = -1;
    let bestScore = -Infinity;
    for (const [code, perWord] of counts) {
      let score = 0;
      for (const w of words(title)) {
        if (vocabulary.has(w)) score += Math.log(((perWord.get(w) ?? 0) + 0.1) / (totals.get(code)! + 0.1 * vocabulary.size));
      }
      if (score > bestScore) [best, bestScore] = [code, score];
    }
    return best;
  };
}
