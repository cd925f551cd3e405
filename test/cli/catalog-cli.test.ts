import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng.js';
import { runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/tmp.js';

const root = tempDir();
const file = join(root, 'shop.csv');
const model = join(root, 'model');

/** Leaves of a 3-level tree, each with words of its own, of its parent and of its top level. */
const LEAVES = [
  ['Home', 'Kitchen', 'Knives', ['blade', 'chef', 'forged']],
  ['Home', 'Kitchen', 'Pans', ['skillet', 'nonstick', 'wok']],
  ['Home', 'Bath', 'Towels', ['towel', 'cotton', 'absorbent']],
  ['Home', 'Bath', 'Mirrors', ['mirror', 'vanity', 'glass']],
  ['Toys', 'Games', 'Puzzles', ['puzzle', 'pieces', 'jigsaw']],
  ['Toys', 'Games', 'Cards', ['deck', 'cards', 'poker']],
  ['Toys', 'Outdoor', 'Balls', ['ball', 'football', 'inflatable']],
  ['Toys', 'Outdoor', 'Kites', ['kite', 'wind', 'string']],
] as const;
const PARENT_WORDS: Record<string, string> = { Kitchen: 'cooking', Bath: 'bathroom', Games: 'play', Outdoor: 'garden' };
const TOP_WORDS: Record<string, string> = { Home: 'household', Toys: 'children' };

beforeAll(async () => {
  const rng = new Rng(11);
  const rows = ['sku;name;long_description;category'];
  let id = 0;
  for (const [top, mid, leaf, words] of LEAVES) {
    for (let k = 0; k < 24; k++) {
      const pick = () => words[Math.floor(rng.next() * words.length)];
      const title = `${pick()} ${pick()} ${rng.next() < 0.7 ? PARENT_WORDS[mid] : ''} ${TOP_WORDS[top]} model ${k}`;
      rows.push(`P${++id};${title.replace(/\s+/g, ' ').trim()};${pick()} quality;${top} / ${mid} / ${leaf}`);
    }
  }
  rows.push('P999;mystery object;;');
  writeFileSync(file, `${rows.join('\n')}\n`);
  const r = await runCli(['train', '--data', file, '--label-separator', ' / ', '--out', model, '--seed', '3']);
  expect(r.code, r.stderr).toBe(0);
}, 180_000);

describe('a catalog file with a category tree, end to end', () => {
  it('trains with the label options only, saves the tree and records how the file was read', () => {
    const taxonomy = JSON.parse(readFileSync(join(model, 'taxonomy.json'), 'utf8'));
    expect(taxonomy.categories).toHaveLength(2 + 4 + 8);
    const card = JSON.parse(readFileSync(join(model, 'manifest.json'), 'utf8')).card;
    expect(card.data.reading).toMatchObject({ column: 'category', separator: ' / ', columns: { id: ['sku'], title: ['name'] } });
    expect(card.data.taxonomy).toEqual({ name: 'learnt from labels', categories: 14, maxDepth: 3 });
    expect(card.metrics.validation.hierarchy.levels).toHaveLength(3);
  });

  it('evaluates per depth, reading the file as training did', async () => {
    const r = await runCli(['evaluate', '--model', model, '--data', file, '--split', 'all', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    const [top, middle, leaf] = out.hierarchy.levels;
    expect(top.depth).toBe(1);
    expect(top.n).toBe(8 * 24);
    expect(top.weightedF1).toBeGreaterThanOrEqual(middle.weightedF1);
    expect(middle.weightedF1).toBeGreaterThanOrEqual(leaf.weightedF1 - 1e-12);
    expect(leaf.weightedF1).toBeCloseTo(out.weightedF1, 12);
    expect(out.hierarchy.hierarchicalF1).toBeGreaterThanOrEqual(out.weightedF1 - 1e-12);
    const at95 = out.filedByDepth.find((f: { minConfidence: number }) => f.minConfidence === 0.95);
    expect(at95.depths[0].share).toBe(1);
    expect(at95.depths[2].share).toBeLessThanOrEqual(at95.depths[1].share);
    // The model's own per-depth thresholds on these rows: every row filed at one depth or reviewed.
    const card = JSON.parse(readFileSync(join(model, 'manifest.json'), 'utf8')).card;
    expect(out.automationByDepth.map((a: { targetPrecision: number }) => a.targetPrecision)).toEqual([0.9, 0.95, 0.98]);
    for (const [k, a] of out.automationByDepth.entries()) {
      expect(a.depths.map((d: { threshold: number | null }) => d.threshold)).toEqual(card.extra.depthThresholds.targets[k].depths.map((d: { threshold: number | null }) => d.threshold));
      expect(a.depths.reduce((s: number, d: { share: number }) => s + d.share, a.reviewed)).toBeCloseTo(1, 12);
    }
  });

  it('predicts a path and backs off to a surer ancestor when asked for a confidence', async () => {
    const plain = await runCli(['predict', '--model', model, '--title', 'forged chef blade', '--json']);
    expect(plain.code, plain.stderr).toBe(0);
    const best = JSON.parse(plain.stdout).predictions[0];
    expect(best.path).toEqual(['Home', 'Kitchen', 'Knives']);
    expect(best.id).toBe('Home > Kitchen > Knives');
    const unsure = await runCli(['predict', '--model', model, '--title', 'household', '--min-confidence', '0.9', '--json']);
    const decision = JSON.parse(unsure.stdout).decision;
    expect(decision.probability).toBeGreaterThanOrEqual(0.9);
    expect(decision.depth).toBeLessThan(3);
  });

  it('classifies every product of a file into a CSV, unlabelled rows included', async () => {
    const out = join(root, 'predictions.csv');
    const r = await runCli(['predict', '--model', model, '--data', file, '--out', out, '--min-confidence', '0.5']);
    expect(r.code, r.stderr).toBe(0);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    // A tree model trained out-of-fold has per-depth thresholds: the filing columns follow (see predict-depth-cli.test.ts).
    expect(lines[0]).toBe('id,title,category_id,category_path,category_name,probability,depth,decision,filed_id,filed_path,filed_depth');
    expect(lines).toHaveLength(1 + 8 * 24 + 1);
    expect(lines[1]).toMatch(/^P1,.*,Home > Kitchen(> Knives)?.*,0\.\d{6},[123],(auto|review),/);
    expect(lines.at(-1)).toMatch(/^P999,mystery object,/);
  });

  it('refuses evaluation data whose label the model does not know, naming the line and the closest category', async () => {
    const other = join(root, 'other.csv');
    writeFileSync(other, 'sku;name;long_description;category\nX1;chef blade;;Home / Kitchen / Knives\nX2;a lamp;;Home / Kitchen / Knifes\n');
    const r = await runCli(['evaluate', '--model', model, '--data', other]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('DATA_UNKNOWN_CODE');
    expect(r.stderr).toContain(`${other}:3`);
    expect(r.stderr).toContain('Home > Kitchen > Knives');
  });
});
