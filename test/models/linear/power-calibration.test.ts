import { describe, expect, it } from 'vitest';
import { DenseMatrix } from '../../../src/core/dense-matrix.js';
import { Rng } from '../../../src/core/rng.js';
import { calibratorFromJson, fitCalibrator } from '../../../src/models/linear/calibration.js';
import { PowerCalibration } from '../../../src/models/linear/power-calibration.js';
import { LinearSVC } from '../../../src/models/linear/linear-svc.js';
import { CsrMatrix } from '../../../src/core/csr-matrix.js';
import { learnTaxonomy } from '../../../src/taxonomy/learn-taxonomy.js';
import { expectedCalibrationError } from '../../../src/evaluation/probability-metrics.js';

/** Probabilities as given, read by the power map as its inner, class-wise step. */
const identity = { apply: (p: DenseMatrix) => DenseMatrix.fromRows(p.toRows()), toJson: () => ({ method: 'identity' }) };

/**
 * n rows over K classes whose given top probability is `spread` times flatter than the truth: the true class is drawn
 * from softmax(z), and the row holds softmax(z / sharpness), so the fitted power should come out near `sharpness`.
 */
function flattened(n: number, K: number, sharpness: number, seed: number): { proba: DenseMatrix; y: Int32Array } {
  const rng = new Rng(seed);
  const proba = new DenseMatrix(n, K);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const z = Array.from({ length: K }, () => rng.normal() * 2.5);
    const truth = z.map(Math.exp);
    let u = rng.next() * truth.reduce((s, v) => s + v, 0);
    let k = 0;
    while (k < K - 1 && (u -= truth[k]) > 0) k++;
    y[i] = k;
    const given = z.map((v) => Math.exp(v / sharpness));
    const total = given.reduce((s, v) => s + v, 0);
    given.forEach((v, j) => proba.set(i, j, v / total));
  }
  return { proba, y };
}

function meanLogLoss(p: DenseMatrix, y: Int32Array): number {
  return -y.reduce((s, k, i) => s + Math.log(p.get(i, k)), 0) / y.length;
}

describe('PowerCalibration', () => {
  it('recovers the power that flattened the probabilities, at the minimum of the held-out log-loss', () => {
    const { proba, y } = flattened(4000, 40, 1.6, 5);
    const map = PowerCalibration.fit(identity, proba, y);
    expect(map.gamma).toBeGreaterThan(1.45);
    expect(map.gamma).toBeLessThan(1.75);
    const at = (gamma: number) => meanLogLoss(new PowerCalibration(identity, gamma).apply(proba), y);
    for (const other of [1, map.gamma * 0.97, map.gamma * 1.03, 2.5]) expect(at(map.gamma)).toBeLessThan(at(other));
    // Fresh rows of the same kind: calibrated where the flattened ones were not.
    const fresh = flattened(4000, 40, 1.6, 6);
    const before = expectedCalibrationError(fresh.proba, fresh.y);
    const after = expectedCalibrationError(map.apply(fresh.proba), fresh.y);
    expect(before).toBeGreaterThan(0.08);
    expect(after).toBeLessThan(0.03);
  });

  it('keeps ties and the order of the categories, so sums over a branch stay comparable', () => {
    const proba = DenseMatrix.fromRows([
      [0.24, 0.24, 0.24, 0.24, 0.02, 0.02],
      [0.5, 0.3, 0.1, 0.05, 0.05, 0],
    ]);
    const sharper = new PowerCalibration(identity, 1.4).apply(proba);
    for (let i = 0; i < 2; i++) {
      const row = Array.from(sharper.row(i));
      expect(row.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 6);
      const order = (r: ArrayLike<number>) => Array.from({ length: r.length }, (_, k) => k).sort((a, b) => r[b] - r[a] || a - b);
      expect(order(row)).toEqual(order(proba.row(i)));
    }
    // Four equal leaves stay equal: their parent (the first four) gains, none of them alone does.
    expect(new Set(Array.from(sharper.row(0)).slice(0, 4)).size).toBe(1);
    expect(sharper.get(0, 0) * 4).toBeGreaterThan(0.96);
    expect(sharper.get(0, 0)).toBeLessThan(0.25);
    // A class at 0 stays at 0.
    expect(sharper.get(1, 5)).toBe(0);
  });

  it('survives a JSON round trip through fitCalibrator and calibratorFromJson', () => {
    const rng = new Rng(2);
    const scores = DenseMatrix.fromRows(Array.from({ length: 300 }, () => Array.from({ length: 4 }, () => rng.normal() * 3)));
    const y = Int32Array.from(scores.argmaxRows(), (k, i) => (i % 5 === 0 ? (k + 1) % 4 : k));
    const cal = fitCalibrator('sigmoid-power', scores, y);
    expect(cal.method).toBe('sigmoid-power');
    const back = calibratorFromJson(JSON.parse(JSON.stringify(cal.toJson())));
    expect(Array.from(back.apply(scores).data)).toEqual(Array.from(cal.apply(scores).data));
    expect(() => calibratorFromJson({ method: 'sigmoid-power', inner: cal.toJson().inner as never })).toThrow(expect.objectContaining({ code: 'MODEL_CORRUPT' }));
  });

  it("is what LinearSVC's beta-top becomes on the labels of a category tree", async () => {
    const taxonomy = learnTaxonomy([['A', 'A1'], ['A', 'A2'], ['B', 'B1']]);
    const leaves = ['A > A1', 'A > A2', 'B > B1'].map((path) => taxonomy.resolve(path)!);
    expect(leaves.every((key) => taxonomy.parentOf(key) !== null)).toBe(true);
    const rng = new Rng(4);
    const rows: number[][] = [];
    const y: number[] = [];
    for (let i = 0; i < 90; i++) {
      const k = i % 3;
      rows.push([0, 1, 2].map((j) => (j === k ? 1 : 0) + rng.next() * 0.8));
      y.push(leaves[k]);
    }
    const x = CsrMatrix.fromDense(rows);
    const tree = await new LinearSVC({ calibration: 'beta-top', nJobs: 1 }).fit(x, Int32Array.from(y), { hierarchy: taxonomy });
    expect(tree.calibrator?.method).toBe('sigmoid-power');
    const flat = await new LinearSVC({ calibration: 'beta-top', nJobs: 1 }).fit(x, Int32Array.from(y));
    expect(flat.calibrator?.method).toBe('beta-top');
  });
});
