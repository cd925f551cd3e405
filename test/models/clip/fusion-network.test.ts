// The fusion head's maths: dense kernels against a naive product, gradients against finite differences, AdamW and the schedule by hand.

import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/core/rng.js';
import { AdamW, linearWarmupDecay } from '../../../src/models/clip/adamw.js';
import { denseBackwardInput, denseBackwardWeights, denseForward } from '../../../src/models/clip/dense-kernels.js';
import { weightedF1 } from '../../../src/models/clip/head-metrics.js';
import { initMlp, mlpTrainStep, MlpWorkspace } from '../../../src/models/clip/mlp.js';

const rng = new Rng(11);
const random = (n: number, zeros = 0) => Float32Array.from({ length: n }, () => (rng.next() < zeros ? 0 : rng.normal()));

describe('dense kernels', () => {
  // Odd sizes exercise every unrolled remainder.
  for (const [rows, k, n] of [[5, 7, 3], [4, 8, 6], [1, 9, 2], [6, 12, 5]]) {
    it(`agree with the naive products for ${rows} x ${k} x ${n}`, () => {
      const x = random(rows * k, 0.3);
      const w = random(k * n);
      const b = random(n);
      const dy = random(rows * n);
      const out = new Float32Array(rows * n);
      denseForward(x, rows, k, w, n, b, out);
      const dw = new Float32Array(k * n);
      const db = new Float32Array(n);
      denseBackwardWeights(x, rows, k, dy, n, dw, db);
      const dx = new Float32Array(rows * k);
      denseBackwardInput(dy, rows, n, w, k, dx);
      for (let i = 0; i < rows; i++) {
        for (let j = 0; j < n; j++) {
          let s = b[j];
          for (let p = 0; p < k; p++) s += x[i * k + p] * w[p * n + j];
          expect(out[i * n + j]).toBeCloseTo(s, 4);
        }
        for (let p = 0; p < k; p++) {
          let s = 0;
          for (let j = 0; j < n; j++) s += dy[i * n + j] * w[p * n + j];
          expect(dx[i * k + p]).toBeCloseTo(s, 4);
        }
      }
      for (let p = 0; p < k; p++) {
        for (let j = 0; j < n; j++) {
          let s = 0;
          for (let i = 0; i < rows; i++) s += x[i * k + p] * dy[i * n + j];
          expect(dw[p * n + j]).toBeCloseTo(s, 4);
        }
      }
      for (let j = 0; j < n; j++) expect(db[j]).toBeCloseTo([...Array(rows).keys()].reduce((s, i) => s + dy[i * n + j], 0), 4);
    });
  }
});

describe('mlpTrainStep', () => {
  it('returns the gradient of the mean cross-entropy (finite differences)', () => {
    const m = initMlp(6, 5, 3, new Rng(2));
    const rows = 4;
    const ws = new MlpWorkspace(m, rows);
    const x = random(rows * 6);
    const y = Int32Array.from([0, 2, 1, 2]);
    const loss = () => mlpTrainStep(m, new MlpWorkspace(m, rows), x, y, rows, 0, new Rng(0));
    mlpTrainStep(m, ws, x, y, rows, 0, new Rng(0));
    const grads = ws.grads.map((g) => g.slice());
    const params = [m.w1, m.b1, m.w2, m.b2];
    params.forEach((p, k) => {
      for (const i of [0, Math.min(3, p.length - 1), p.length - 1]) {
        const h = 1e-2;
        const keep = p[i];
        p[i] = keep + h;
        const up = loss();
        p[i] = keep - h;
        const down = loss();
        p[i] = keep;
        expect(grads[k][i]).toBeCloseTo((up - down) / (2 * h), 2);
      }
    });
  });

  it('with dropout, keeps units with probability 1 - p and scales them by 1 / (1 - p)', () => {
    const m = initMlp(4, 400, 2, new Rng(3));
    const ws = new MlpWorkspace(m, 2);
    mlpTrainStep(m, ws, random(8), Int32Array.from([0, 1]), 2, 0.25, new Rng(4));
    const alive = Array.from(ws.z1).map((z, i) => [z, ws.keep[i]]).filter(([z]) => z > 0);
    const kept = alive.filter(([, k]) => k > 0);
    expect(kept.every(([, k]) => Math.abs(k - 4 / 3) < 1e-6)).toBe(true);
    expect(kept.length / alive.length).toBeGreaterThan(0.65);
    expect(kept.length / alive.length).toBeLessThan(0.85);
  });
});

describe('AdamW and the schedule', () => {
  it('takes PyTorch AdamW steps (decoupled decay, bias correction)', () => {
    const p = Float32Array.from([1, -2]);
    const opt = new AdamW([p], [0.1]);
    opt.step([Float32Array.from([0.5, -1])], 0.01);
    // Step 1: m_hat = g, v_hat = g^2, so the update is lr * g / (|g| + eps) = lr * sign(g).
    expect(p[0]).toBeCloseTo(1 * (1 - 0.001) - 0.01, 6);
    expect(p[1]).toBeCloseTo(-2 * (1 - 0.001) + 0.01, 6);
  });

  it('warms up linearly then decays linearly to zero', () => {
    expect(linearWarmupDecay(0, 1, 4, 20)).toBeCloseTo(0.25);
    expect(linearWarmupDecay(3, 1, 4, 20)).toBeCloseTo(1);
    expect(linearWarmupDecay(12, 1, 4, 20)).toBeCloseTo(0.5);
    expect(linearWarmupDecay(20, 1, 4, 20)).toBe(0);
    expect(linearWarmupDecay(0, 2, 0, 10)).toBe(2);
  });

  it('weighted F1 matches a hand count', () => {
    // class 0: tp 1, support 2, predicted 1 -> F1 2/3; class 1: tp 2, support 2, predicted 3 -> F1 0.8.
    expect(weightedF1([0, 0, 1, 1], [0, 1, 1, 1], 2)).toBeCloseTo((2 * (2 / 3) + 2 * 0.8) / 4, 10);
  });
});
