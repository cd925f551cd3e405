// LocalClassifierPerParentNode: hand-made trees, agreement with LinearSVC node by node, explanations, save/load.

import { describe, expect, it } from 'vitest';
import { CsrMatrix } from '../../../src/core/csr-matrix.js';
import { readModelFolder, writeModelFolder } from '../../../src/core/model-folder.js';
import { newModelCard } from '../../../src/core/model-card.js';
import { estimatorFromState } from '../../../src/core/registry.js';
import { Rng } from '../../../src/core/rng.js';
import { LocalClassifierPerParentNode } from '../../../src/models/hierarchy/local-classifier-per-parent-node.js';
import { scoreRow } from '../../../src/models/hierarchy/sparse-slot-weights.js';
import { LinearSVC } from '../../../src/models/linear/linear-svc.js';
import { modelKind } from '../../../src/models/model-kinds.js';
import '../../../src/models/registrations.js';
import { tempDir } from '../../helpers/tmp.js';

// Top level: 1 (with children 11, 12) and 2. Column 0 marks branch 1, column 1 label 2, columns 2 and 3 the
// children 11 and 12; rows labelled 1 itself carry column 0 only; column 4 is noise.
const parents = new Map<number, number | null>([
  [11, 1],
  [12, 1],
]);
const hierarchy = { parentOf: (key: number) => parents.get(key) ?? null };

function toyTree(perClass: number, seed: number): { x: CsrMatrix; y: Int32Array } {
  const rng = new Rng(seed);
  const rows: number[][] = [];
  const y: number[] = [];
  const signature: Record<number, number[]> = { 1: [0], 2: [1], 11: [0, 2], 12: [0, 3] };
  for (const label of [1, 2, 11, 12]) {
    for (let i = 0; i < perClass; i++) {
      const row = new Array<number>(5).fill(0);
      for (const j of signature[label]) row[j] = 0.8 + 0.4 * rng.next();
      row[4] = rng.next();
      rows.push(row);
      y.push(label);
    }
  }
  return { x: CsrMatrix.fromDense(rows, 5), y: Int32Array.from(y) };
}

describe('LocalClassifierPerParentNode: toy trees solved by hand', () => {
  it('learns a separable two-level tree, internal labels included', async () => {
    const { x, y } = toyTree(6, 1);
    const model = await new LocalClassifierPerParentNode({ seed: 1 }).fit(x, y, { hierarchy });
    expect(Array.from(model.classes)).toEqual([1, 2, 11, 12]);
    expect(Array.from(model.predict(x))).toEqual(Array.from(y));
    const proba = model.predictProba(x);
    for (let i = 0; i < proba.rows; i++) expect(proba.row(i).reduce((s, v) => s + v, 0)).toBeCloseTo(1, 5);
  });

  it('gives a branch the probability its root classifier gives it (prune 0, no calibration)', async () => {
    const { x, y } = toyTree(6, 2);
    const params = { seed: 4, calibration: 'none', prune: 0 } as const;
    const model = await new LocalClassifierPerParentNode(params).fit(x, y, { hierarchy });
    // The root node (node 0) trains on every row with labels 1 -> slot 0 (branch 1), 2 -> slot 1, over all 5 columns.
    const top = y.map((label) => (label === 2 ? 1 : 0));
    const root = await new LinearSVC({ C: 0.5, tol: 0.1, calibration: 'none', seed: 4 }).fit(x, top);
    const expected = root.predictProba(x);
    const proba = model.predictProba(x);
    for (let i = 0; i < x.nRows; i++) {
      const branch1 = proba.get(i, 0) + proba.get(i, 2) + proba.get(i, 3);
      expect(branch1).toBeCloseTo(expected.get(i, 0), 5);
      expect(proba.get(i, 1)).toBeCloseTo(expected.get(i, 1), 5);
    }
  });

  it('is a flat LinearSVC with softmax when given no hierarchy (prune 0, no calibration)', async () => {
    const { x, y } = toyTree(5, 3);
    const params = { C: 0.5, tol: 0.1, calibration: 'none', seed: 2 } as const;
    const flat = await new LocalClassifierPerParentNode({ ...params, prune: 0 }).fit(x, y);
    const svc = await new LinearSVC(params).fit(x, y);
    const a = flat.predictProba(x);
    const b = svc.predictProba(x);
    for (let v = 0; v < a.data.length; v++) expect(a.data[v]).toBeCloseTo(b.data[v], 5);
  });

  it('explains a class by the features of its path: contributions plus intercepts are the path scores', async () => {
    const { x, y } = toyTree(6, 5);
    const model = await new LocalClassifierPerParentNode({ seed: 1, prune: 0 }).fit(x, y, { hierarchy });
    const row = x.selectRows(Int32Array.of(y.indexOf(11)));
    const classIndex = 2; // label 11: root slot 0 (branch 1), then node 1's slot 0 (child 11).
    const contributions = model.featureContributions(row, classIndex);
    const scores = new Float64Array(model.weights.nSlots);
    scoreRow(model.weights, row, 0, scores);
    const pathSlots = [0, model.tree.slotStart[1]];
    const pathScore = pathSlots.reduce((s, slot) => s + scores[slot], 0);
    const intercepts = pathSlots.reduce((s, slot) => s + model.weights.intercept[slot], 0);
    const total = [...contributions.values()].reduce((s, v) => s + v, 0);
    expect(total + intercepts).toBeCloseTo(pathScore, 5);
    // Column 2 (child 11's mark) pushes towards 11.
    expect(contributions.get(2)!).toBeGreaterThan(0);
  });

  it('keeps at most maxWeights weights', async () => {
    const { x, y } = toyTree(6, 6);
    const all = await new LocalClassifierPerParentNode({ prune: 0 }).fit(x, y, { hierarchy });
    const few = await new LocalClassifierPerParentNode({ prune: 0, maxWeights: 6 }).fit(x, y, { hierarchy });
    expect(all.weights.weight.length).toBeGreaterThan(6);
    expect(few.weights.weight.length).toBeLessThanOrEqual(6);
  });

  it('saves and loads a hierarchical model with identical probabilities, and refuses a later state version', async () => {
    const { x, y } = toyTree(6, 7);
    const model = await new LocalClassifierPerParentNode({ seed: 3 }).fit(x, y, { hierarchy });
    const dir = `${tempDir()}/model`;
    await writeModelFolder(dir, model.getState(), newModelCard({ kind: model.kind }));
    const { state } = await readModelFolder(dir);
    const loaded = estimatorFromState<LocalClassifierPerParentNode>(state);
    expect(Array.from(loaded.predictProba(x).data)).toEqual(Array.from(model.predictProba(x).data));
    expect(() => LocalClassifierPerParentNode.fromState({ ...state, fitted: { ...state.fitted, version: 99 } })).toThrow(/version/);
  });
});

describe('text-hierarchical', () => {
  it('classifies products of a tree and explains with the words of the path', async () => {
    const words: Record<number, string> = { 1: 'maison', 2: 'jardin', 11: 'cuisine', 12: 'salon' };
    const products = [];
    const labels: number[] = [];
    const rng = new Rng(9);
    for (const label of [1, 2, 11, 12]) {
      for (let i = 0; i < 8; i++) {
        const title = [label > 10 ? 'maison' : '', words[label], ['lot', 'neuf', 'noir'][rng.int(3)]].filter(Boolean).join(' ');
        products.push({ designation: title, description: '' });
        labels.push(label);
      }
    }
    const model = modelKind('text-hierarchical').create({ seed: 1 });
    await model.fit(products, Int32Array.from(labels), { hierarchy });
    expect(Array.from(await model.predict([{ designation: 'cuisine maison', description: '' }]))).toEqual([11]);
    const { explanation } = await model.predictExplained!({ designation: 'cuisine maison', description: '' });
    expect(explanation.code).toBe(11);
    expect(explanation.terms.map((t) => t.term)).toContain('cuisine');
  });
});
