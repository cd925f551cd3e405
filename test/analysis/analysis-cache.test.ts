import { readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeFolder } from '../../src/analysis/analysis-cache.js';
import { loadChallengeFolder } from '../../src/data/challenge-folder.js';
import { encodePng } from '../../src/image/decode-image.js';
import { blankImage } from '../../src/image/rgb-image.js';
import { tempDir } from '../helpers/tmp.js';
import { writeFixtureFolder, type FixtureProduct } from './fixture.js';

const products = (): FixtureProduct[] => [
  { designation: 'Piscine tubulaire Intex', code: 2583 },
  { designation: 'Roman policier', description: 'Un roman pour les vacances', code: 10 },
];

describe('analyzeFolder', () => {
  it('computes once, then reads the cache while the data is unchanged', async () => {
    const dir = writeFixtureFolder(products());
    const cacheDir = tempDir();
    const first = await analyzeFolder(await loadChallengeFolder(dir), { cacheDir });
    expect(first.cached).toBe(false);
    expect(readdirSync(cacheDir)).toHaveLength(1);
    const second = await analyzeFolder(await loadChallengeFolder(dir), { cacheDir });
    expect(second).toMatchObject({ cached: true, cacheFile: first.cacheFile });
    expect(second.analysis).toEqual(first.analysis);
    const refreshed = await analyzeFolder(await loadChallengeFolder(dir), { cacheDir, refresh: true });
    expect(refreshed.cached).toBe(false);
  });

  it('recomputes when a label, a product text or the image folder changes, and keeps one file per folder', async () => {
    const cacheDir = tempDir();
    const list = products();
    const dir = writeFixtureFolder(list);
    await analyzeFolder(await loadChallengeFolder(dir), { cacheDir });

    list[1].code = 2705;
    writeFixtureFolder(list, dir);
    const relabelled = await analyzeFolder(await loadChallengeFolder(dir), { cacheDir });
    expect(relabelled.cached).toBe(false);
    expect(relabelled.analysis.categories.find((c) => c.code === 2705)!.count).toBe(1);

    list[0].designation = 'Piscine autoportante';
    writeFixtureFolder(list, dir);
    expect((await analyzeFolder(await loadChallengeFolder(dir), { cacheDir })).cached).toBe(false);
    expect((await analyzeFolder(await loadChallengeFolder(dir), { cacheDir })).cached).toBe(true);

    list[0].image = await encodePng(blankImage(8, 8));
    writeFixtureFolder(list, dir);
    utimesSync(join(dir, 'images', 'image_train'), new Date(), new Date(Date.now() + 5000));
    const withImage = await analyzeFolder(await loadChallengeFolder(dir), { cacheDir });
    expect(withImage.cached).toBe(false);
    expect(withImage.analysis.images).toMatchObject({ withImage: 1, analysed: 1 });
    expect(readdirSync(cacheDir)).toHaveLength(1);
  });

  it('recomputes for other options, ignores a corrupt cache file, and can run without a cache', async () => {
    const dir = writeFixtureFolder(products());
    const cacheDir = tempDir();
    const first = await analyzeFolder(await loadChallengeFolder(dir), { cacheDir });
    expect((await analyzeFolder(await loadChallengeFolder(dir), { cacheDir, terms: { words: 5 } })).cached).toBe(false);
    writeFileSync(first.cacheFile!, '{ not json');
    expect((await analyzeFolder(await loadChallengeFolder(dir), { cacheDir })).cached).toBe(false);
    expect((await analyzeFolder(await loadChallengeFolder(dir), { cacheDir })).cached).toBe(true);
    const uncached = await analyzeFolder(await loadChallengeFolder(dir), { cacheDir: false });
    expect(uncached).toMatchObject({ cached: false, cacheFile: null });
  });
});
