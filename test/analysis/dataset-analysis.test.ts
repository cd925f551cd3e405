import { beforeAll, describe, expect, it } from 'vitest';
import { analysisTokens, analyzeDataset, type DatasetAnalysis } from '../../src/analysis/dataset-analysis.js';
import { loadChallengeFolder } from '../../src/data/challenge-folder.js';
import { dataFingerprint } from '../../src/data/fingerprint.js';
import { encodeJpeg, encodePng } from '../../src/image/decode-image.js';
import { blankImage } from '../../src/image/rgb-image.js';
import { wordTokens } from '../../src/text/tokenize.js';
import { writeFixtureFolder, type FixtureProduct } from './fixture.js';

const white = { width: 100, height: 50, data: new Uint8Array(100 * 50 * 3).fill(255) };

let analysis: DatasetAnalysis;
let fingerprint: string;

beforeAll(async () => {
  const products: FixtureProduct[] = [
    { designation: 'Piscine tubulaire Intex 3m', description: '<p>Une piscine pour la famille avec une pompe et des échelles.</p>', code: 2583, image: await encodePng(white) },
    { designation: 'intex piscine tubulaire 3M', code: 2583, image: await encodeJpeg(blankImage(60, 60)) },
    { designation: 'Pompe de filtration pour piscine', description: 'The pump is perfect for the pool and the spa.', code: 2583, image: new TextEncoder().encode('corrupt') },
    { designation: 'Roman policier poche', code: 10 },
    { designation: 'Roman policier poche', code: 2705 },
    { designation: 'Der Roman', description: 'Der Roman ist spannend und die Geschichte ist gut für die ganze Familie.', code: 2705 },
  ];
  const dir = writeFixtureFolder(products);
  const folder = await loadChallengeFolder(dir);
  fingerprint = dataFingerprint(folder.train.products, folder.train.labels);
  analysis = await analyzeDataset({ ...folder.train, taxonomy: folder.taxonomy, source: folder.source, images: folder.images });
});

describe('analysisTokens', () => {
  it('gives the tokens of wordTokens', () => {
    for (const text of ["l'été 4k ps4_slim x2 ça-va", 'ærø ½ ² x 𝐀𝐁 日本語 a', '', '  ', 'n°10 1/43 e\u0301t\u0301', 'ﬁ 𝟚𝟘 -3,5']) {
      expect(analysisTokens(text)).toEqual(wordTokens(text));
    }
  });
});

describe('analyzeDataset', () => {
  it('counts products per category, with names, for all 27 categories', () => {
    expect(analysis.data).toMatchObject({ products: 6, categoriesPresent: 3, fingerprint });
    expect(analysis.categories).toHaveLength(27);
    const pool = analysis.categories.find((c) => c.code === 2583)!;
    expect(pool).toMatchObject({ nameEn: 'Pool & spa', nameFr: 'Piscine & spa', count: 3, share: 0.5, withoutDescription: 1, withImage: 3 });
    expect(pool.withoutDescriptionShare).toBeCloseTo(1 / 3, 12);
    expect(analysis.categories.find((c) => c.code === 2705)).toMatchObject({ count: 2, withoutDescriptionShare: 0.5, withImage: 0 });
    expect(analysis.categories.find((c) => c.code === 60)).toMatchObject({ count: 0, share: 0, withoutDescriptionShare: 0 });
    expect(analysis.description).toEqual({ missing: 3, missingShare: 0.5 });
  });

  it('bins designation lengths on round edges, per category on the same edges', () => {
    const d = analysis.lengths.designation;
    // Cleaned lengths 26, 26, 32, 20, 20, 9; the 99th percentile 31.7 over 20 bins gives a step of 2.
    expect(d.overall.summary).toMatchObject({ count: 6, min: 9, max: 32, median: 23 });
    expect(d.overall.histogram.edges).toEqual(Array.from({ length: 17 }, (_, i) => 2 * i));
    const expected = new Array(16).fill(0);
    expected[4] = 1; // 9 in [8, 10)
    expected[10] = 2; // 20 in [20, 22)
    expected[13] = 2; // 26 in [26, 28)
    expect(d.overall.histogram.counts).toEqual(expected);
    expect(d.overall.histogram.overflow).toBe(1); // 32 >= the last edge
    const novels = d.perCategory.find((c) => c.code === 2705)!;
    expect(novels.histogram.edges).toEqual(d.overall.histogram.edges);
    expect(novels.summary).toMatchObject({ count: 2, min: 9, max: 20 });
    expect(analysis.lengths.description.counted).toBe(3);
  });

  it('detects the language of each product', () => {
    const mix = Object.fromEntries(analysis.languages.overall.map((l) => [l.language, l.count]));
    expect(mix).toEqual({ fr: 1, en: 1, de: 1, es: 0, it: 0, nl: 0, other: 0, unknown: 3 });
    const novels = analysis.languages.perCategory.find((c) => c.code === 2705)!;
    expect(Object.fromEntries(novels.counts.map((l) => [l.language, l.count]))).toMatchObject({ de: 1, unknown: 1 });
  });

  it('finds near-duplicate titles and the conflicting labels', () => {
    expect(analysis.duplicates).toMatchObject({ groups: 2, duplicatedProducts: 4, conflictingGroups: 1, conflictingProducts: 2 });
    expect(analysis.duplicates.conflictPairs).toEqual([{ codes: [10, 2705], groups: 1 }]);
    expect(analysis.duplicates.conflicts[0].products.map((p) => p.designation)).toEqual(['Roman policier poche', 'Roman policier poche']);
  });

  it('lists the words that mark each category', () => {
    const pool = analysis.terms.find((t) => t.code === 2583)!;
    expect(pool.words[0].term).toBe('piscine');
    expect(pool.words.map((w) => w.term)).not.toContain('pour');
  });

  it('summarises the images, counting the corrupt one without failing', () => {
    const im = analysis.images!;
    expect(im).toMatchObject({ products: 6, withImage: 3, missing: 3, distinctFiles: 3, analysed: 3, sampled: false, corrupt: 1 });
    expect(im.corruptFiles[0].file).toMatch(/^images[/\\]image_train[/\\]image_5002_product_1002\.jpg$/);
    expect(im.formats).toEqual([{ format: 'jpeg', count: 1 }, { format: 'png', count: 1 }]);
    expect(im.width).toMatchObject({ count: 2, min: 60, max: 100 });
    expect(im.brightness.summary).toMatchObject({ min: 0, max: 1 });
    expect(im.aspect.summary).toMatchObject({ min: 1, max: 2 });
  });

  it('samples products per category, photos by path relative to the data folder', () => {
    const pool = analysis.samples.find((s) => s.code === 2583)!;
    expect(pool.titles.map((p) => p.index)).toEqual([0, 1, 2]);
    expect(pool.images.map((p) => p.image)).toEqual([0, 1, 2].map((i) => `images/image_train/image_${5000 + i}_product_${1000 + i}.jpg`));
    expect(analysis.samples.find((s) => s.code === 10)!.images).toEqual([]);
  });

  it('skips decoding with images: false and samples large image sets', async () => {
    const folder = await loadChallengeFolder(analysis.data.source);
    const none = await analyzeDataset({ ...folder.train, taxonomy: folder.taxonomy, source: folder.source, images: folder.images }, { images: false });
    expect(none.images).toBeNull();
    const sampled = await analyzeDataset({ ...folder.train, taxonomy: folder.taxonomy, source: folder.source, images: folder.images }, { images: { maxImages: 2 } });
    expect(sampled.images).toMatchObject({ distinctFiles: 3, analysed: 2, sampled: true, withImage: 3 });
  });
});
