import { beforeAll, describe, expect, it } from 'vitest';
import type { ModelCard } from '../../src/core/model-card.js';
import { RAKUTEN_TAXONOMY, surestPath, type PathStep, type Taxonomy } from '../../src/taxonomy/index.js';
import { trainModel } from '../../src/training/train-model.js';
import { depthFiling, depthThresholdsOf, filedElsewhere } from '../../src/workflows/depth-decision.js';
import { categoryThresholdMap, defaultReviewThreshold, registryEntryOf } from '../../src/workflows/served-model.js';
import { trainShopModel } from '../helpers/shop-catalog.js';
import { syntheticProducts } from '../helpers/synthetic-text.js';
import { tempDir } from '../helpers/tmp.js';

let card: ModelCard;
let taxonomy: Taxonomy;
let pathOf: (title: string) => Promise<PathStep[]>;

beforeAll(async () => {
  const trained = await trainShopModel(tempDir(), { seed: 2, folder: 'shop', folds: 5 });
  ({ card, taxonomy } = trained);
  pathOf = async (title) => surestPath(taxonomy, trained.model.classes, (await trained.model.predictProba([{ designation: title, description: '', image: null }])).row(0));
}, 120_000);

describe('depthFiling', () => {
  it('files at the deepest depth reaching its threshold, the card\'s own review threshold adding nothing', async () => {
    const path = await pathOf('blade skillet chef wok');
    const thresholds = depthThresholdsOf(card)!;
    const depth = [3, 2, 1].find((d) => path[d - 1].probability >= thresholds[d - 1]!)!;
    expect(depth).toBeLessThan(3);
    const filing = depthFiling(card, path, defaultReviewThreshold(card))!;
    expect(filing).toEqual({ ...path[depth - 1], depth, decision: 'auto' });
    expect(filedElsewhere(filing, taxonomy.byId('Home > Kitchen > Pans')!.key)).toBe(path[depth - 1].key);
  });

  it('takes a review threshold other than the card\'s as a floor at every depth', async () => {
    const path = await pathOf('blade skillet chef wok');
    // Just above the parent's probability: only a surer ancestor is filed, or the product is reviewed.
    const floor = path[1].probability + 1e-6;
    const filing = depthFiling(card, path, floor)!;
    if (path[0].probability >= floor) expect(filing).toMatchObject({ depth: 1, decision: 'auto' });
    else expect(filing).toMatchObject({ depth: 0, decision: 'review' });
    expect(depthFiling(card, path, 1)).toMatchObject({ depth: 0, decision: 'review', key: path[path.length - 1].key });
  });

  it('holds a leaf filing under its category\'s own threshold when thresholds apply per category', async () => {
    const path = await pathOf('forged chef blade paring');
    const leaf = path[path.length - 1].key;
    const t3 = depthThresholdsOf(card)![2]!;
    const own = categoryThresholdMap(card).get(leaf)!;
    // The same path with the leaf between its depth's threshold and its category's own.
    expect(own).toBeGreaterThan(t3);
    const between = [...path.slice(0, -1), { key: leaf, probability: (t3 + own) / 2 }];
    expect(depthFiling(card, between, defaultReviewThreshold(card))).toMatchObject({ key: leaf, depth: 3, decision: 'auto' });
    expect(depthFiling(card, between, defaultReviewThreshold(card), true)).toMatchObject({ key: leaf, depth: 3, decision: 'review' });
    expect(depthFiling(card, [...path.slice(0, -1), { key: leaf, probability: own }], defaultReviewThreshold(card), true)).toMatchObject({ decision: 'auto' });
  });

  it('leaves a flat model alone: no per-depth thresholds in its card, no filing by depth', async () => {
    const { card: flat } = await trainModel({ data: syntheticProducts(20, 3), taxonomy: RAKUTEN_TAXONOMY, source: 'synthetic', demo: true, kind: 'text-linear', seed: 3, folds: 3, validationFraction: 0 });
    expect(flat.extra.depthThresholds).toBeUndefined();
    expect(depthThresholdsOf(flat)).toBeNull();
    expect(depthFiling(flat, [{ key: 10, probability: 0.99 }], 0.5)).toBeNull();
    // The registry lists none for it, beside its catalog-wide thresholds.
    const { info } = registryEntryOf(flat, null);
    expect(info.depthThresholds).toBeNull();
    expect(info.precisionTargets).toHaveLength(3);
  }, 60_000);
});
