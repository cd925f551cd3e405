import { beforeAll, describe, expect, it } from 'vitest';
import { CsrMatrix } from '../../../src/core/csr-matrix.js';
import { Rng } from '../../../src/core/rng.js';
import { rowSquaredNorms, solveDualCd, sparseAxpy, sparseDot, type DualCdOptions, type DualCdRows, type SvmLoss } from '../../../src/models/linear/dual-cd.js';
import { DualCdMemory } from '../../../src/models/linear/dual-cd-memory.js';

type Pass = 'typescript' | 'webassembly';

/** The rows as given (passes in TypeScript) or copied into a WebAssembly memory (passes in WebAssembly). */
function rowsIn(pass: Pass, x: CsrMatrix, bias: number): DualCdRows {
  const sqNorms = rowSquaredNorms(x.indptr, x.data, bias);
  if (pass === 'typescript') return { nFeatures: x.nCols, indptr: x.indptr, indices: x.indices, data: x.data, bias, sqNorms };
  const placed = DualCdMemory.place([x.indptr, x.indices, x.data], 1, x.nRows, x.nCols)!;
  const [indptr, indices, data] = placed.views as [Int32Array, Int32Array, Float32Array];
  return { nFeatures: x.nCols, indptr, indices, data, bias, sqNorms, memory: placed.memory };
}

let pass: Pass = 'typescript';
function rowsOf(x: CsrMatrix, bias: number): DualCdRows {
  return rowsIn(pass, x, bias);
}

/** A random sparse binary problem with overlapping classes (so some margins are violated). */
function randomProblem(seed: number, n = 120, d = 15): { x: CsrMatrix; y: Int8Array } {
  const rng = new Rng(seed);
  const y = Int8Array.from({ length: n }, () => (rng.next() < 0.4 ? 1 : -1));
  const rows = Array.from({ length: n }, (_, i) =>
    Array.from({ length: d }, (_, j) => (rng.next() < 0.4 ? Math.fround(rng.normal() + (j < 3 ? 0.8 * y[i] : 0)) : 0)),
  );
  return { x: CsrMatrix.fromDense(rows, d), y };
}

function margins(x: CsrMatrix, y: Int8Array, w: Float64Array, wBias: number, bias: number): Float64Array {
  return Float64Array.from({ length: x.nRows }, (_, i) => y[i] * (sparseDot(w, x.indices, x.data, x.indptr[i], x.indptr[i + 1]) + wBias * bias));
}

function solve(x: CsrMatrix, y: Int8Array, C: number, loss: SvmLoss, bias = 1, seed = 1) {
  const cost = new Float64Array(y.length).fill(C);
  return solveDualCd(rowsOf(x, bias), y, cost, { loss, tol: 1e-10, maxIter: 100000, rng: new Rng(seed) });
}

describe.each(['typescript', 'webassembly'] as const)('solveDualCd with its passes in %s', (which) => {
beforeAll(() => {
  pass = which;
});

describe('problems solved by hand', () => {
  it('puts the hinge-loss margin of two symmetric points at exactly 1 (w = 1 = alpha_1 + alpha_2)', () => {
    const x = CsrMatrix.fromDense([[1], [-1]]);
    const r = solve(x, Int8Array.of(1, -1), 10, 'hinge', 0);
    expect(r.converged).toBe(true);
    expect(r.w[0]).toBeCloseTo(1, 10);
    // y_i x_i is 1 for both rows, so only the sum of the dual variables is determined.
    expect(r.alpha[0] + r.alpha[1]).toBeCloseTo(1, 10);
  });

  it('shrinks the squared-hinge weight to 4C / (1 + 4C): minimiser of w^2/2 + 2C(1 - w)^2', () => {
    const x = CsrMatrix.fromDense([[1], [-1]]);
    for (const C of [0.1, 1, 5]) {
      const r = solve(x, Int8Array.of(1, -1), C, 'squared_hinge', 0);
      expect(r.w[0]).toBeCloseTo((4 * C) / (1 + 4 * C), 9);
    }
  });

  it('learns a regularised intercept through the bias feature', () => {
    // Both points on the positive side: w.x + wBias * bias must reach 1 for x = 1 and -1 for x = 3.
    const x = CsrMatrix.fromDense([[1], [3]]);
    const r = solve(x, Int8Array.of(1, -1), 1000, 'hinge', 1);
    const m = margins(x, Int8Array.of(1, -1), r.w, r.wBias, 1);
    expect(m[0]).toBeCloseTo(1, 8);
    expect(m[1]).toBeCloseTo(1, 8);
    expect(r.w[0]).toBeCloseTo(-1, 8);
    expect(r.wBias).toBeCloseTo(2, 8);
  });
});

describe('optimality conditions', () => {
  const { x, y } = randomProblem(3);

  it('hinge: 0 <= alpha <= C, and alpha is at 0 / between / at C exactly when the margin is >= 1 / = 1 / <= 1', () => {
    const C = 0.7;
    const r = solve(x, y, C, 'hinge');
    expect(r.converged).toBe(true);
    const m = margins(x, y, r.w, r.wBias, 1);
    let free = 0;
    r.alpha.forEach((a, i) => {
      expect(a).toBeGreaterThanOrEqual(0);
      expect(a).toBeLessThanOrEqual(C);
      if (a === 0) expect(m[i]).toBeGreaterThanOrEqual(1 - 1e-8);
      else if (a === C) expect(m[i]).toBeLessThanOrEqual(1 + 1e-8);
      else {
        free++;
        expect(m[i]).toBeCloseTo(1, 7);
      }
    });
    expect(free).toBeGreaterThan(0);
  });

  it('squared hinge: alpha_i = 2 C max(0, 1 - margin_i) (stationarity of the primal)', () => {
    const C = 0.3;
    const r = solve(x, y, C, 'squared_hinge');
    const m = margins(x, y, r.w, r.wBias, 1);
    r.alpha.forEach((a, i) => expect(a).toBeCloseTo(2 * C * Math.max(0, 1 - m[i]), 7));
  });

  it('returns w = sum_i alpha_i y_i x_i and the bias weight sum_i alpha_i y_i * bias', () => {
    const r = solve(x, y, 1, 'squared_hinge', 2);
    const w = new Float64Array(x.nCols);
    let wBias = 0;
    for (let i = 0; i < x.nRows; i++) {
      sparseAxpy(r.alpha[i] * y[i], x.indices, x.data, x.indptr[i], x.indptr[i + 1], w);
      wBias += r.alpha[i] * y[i] * 2;
    }
    w.forEach((v, j) => expect(r.w[j]).toBeCloseTo(v, 10));
    expect(r.wBias).toBeCloseTo(wBias, 10);
  });

  it('reaches the same optimum from another random order or a warm start', () => {
    const a = solve(x, y, 1, 'squared_hinge', 1, 1);
    const b = solve(x, y, 1, 'squared_hinge', 1, 99);
    const cost = new Float64Array(y.length).fill(1);
    const warm = solveDualCd(rowsOf(x, 1), y, cost, { loss: 'squared_hinge', tol: 1e-10, maxIter: 100000, rng: new Rng(5), alpha: a.alpha });
    a.w.forEach((v, j) => {
      expect(b.w[j]).toBeCloseTo(v, 7);
      expect(warm.w[j]).toBeCloseTo(v, 9);
    });
    expect(warm.iterations).toBeLessThan(a.iterations);
  });

  it('solves a subset of the rows in place, cold or warm from the whole solution, as a copy of those rows', () => {
    const { x, y } = randomProblem(11, 150);
    const kept = Int32Array.from({ length: x.nRows }, (_, i) => i).filter((i) => i % 4 !== 1);
    for (const loss of ['squared_hinge', 'hinge'] as const) {
      const whole = solve(x, y, 0.7, loss, 1, 3);
      const copy = solve(x.selectRows(kept), Int8Array.from(kept, (i) => y[i]), 0.7, loss, 1, 3);
      const cost = new Float64Array(y.length).fill(0.7);
      const options = { loss, tol: 1e-10, maxIter: 100000, rng: new Rng(4), subset: kept };
      const cold = solveDualCd(rowsOf(x, 1), y, cost, options);
      const warm = solveDualCd(rowsOf(x, 1), y, cost, { ...options, rng: new Rng(4), alpha: whole.alpha, warmW: { w: whole.w, wBias: whole.wBias } });
      for (const r of [cold, warm]) {
        copy.w.forEach((v, j) => expect(r.w[j]).toBeCloseTo(v, 7));
        expect(r.wBias).toBeCloseTo(copy.wBias, 7);
        // Rows outside the subset keep alpha 0; the subset's match the copy's.
        r.alpha.forEach((a, i) => (kept.includes(i) ? expect(a).toBeCloseTo(copy.alpha[kept.indexOf(i)], 6) : expect(a).toBe(0)));
      }
    }
    // At the tolerance fold problems stop at, the warm start saves passes.
    const whole = solve(x, y, 0.7, 'squared_hinge', 1, 3);
    const cost = new Float64Array(y.length).fill(0.7);
    const loose = { loss: 'squared_hinge' as const, tol: 0.05, maxIter: 100000, subset: kept };
    const cold = solveDualCd(rowsOf(x, 1), y, cost, { ...loose, rng: new Rng(4) });
    const warm = solveDualCd(rowsOf(x, 1), y, cost, { ...loose, rng: new Rng(4), alpha: whole.alpha, warmW: { w: whole.w, wBias: whole.wBias } });
    expect(warm.iterations).toBeLessThan(cold.iterations);
  });

  it('is bit-for-bit deterministic for a seed, and reports non-convergence at maxIter', () => {
    const cost = new Float64Array(y.length).fill(1);
    const run = (maxIter: number) => solveDualCd(rowsOf(x, 1), y, cost, { loss: 'hinge', tol: 1e-12, maxIter, rng: new Rng(7) });
    expect(Array.from(run(50).w)).toEqual(Array.from(run(50).w));
    const short = run(2);
    expect(short.iterations).toBe(2);
    expect(short.converged).toBe(false);
  });
});

});

describe('solveDualCd: the WebAssembly pass against the TypeScript pass', () => {
  it('gives the same bits, passes and convergence for both losses, cold and warm, on every row or a subset', () => {
    for (const seed of [1, 2, 3]) {
      const { x, y } = randomProblem(seed, 300, 40);
      const cost = Float64Array.from(y, (v) => (v > 0 ? 0.9 : 0.4));
      const kept = Int32Array.from({ length: x.nRows }, (_, i) => i).filter((i) => i % 5 !== seed);
      for (const loss of ['hinge', 'squared_hinge'] as const) {
        const runs = (['typescript', 'webassembly'] as const).map((where) => {
          const rows = rowsIn(where, x, 1);
          // A loose tolerance stops with rows still shrunk away; maxIter 3 stops mid-way.
          const options = (tol: number, maxIter = 100000): DualCdOptions => ({ loss, tol, maxIter, rng: new Rng(seed) });
          const whole = solveDualCd(rows, y, cost, options(1e-8));
          const loose = solveDualCd(rows, y, cost, options(0.3));
          const short = solveDualCd(rows, y, cost, options(1e-8, 3));
          const fold = solveDualCd(rows, y, cost, { ...options(0.05), subset: kept, alpha: whole.alpha, warmW: { w: whole.w, wBias: whole.wBias } });
          const fromAlpha = solveDualCd(rows, y, cost, { ...options(1e-6), subset: kept, alpha: whole.alpha });
          return [whole, loose, short, fold, fromAlpha].map((r) => ({ ...r, w: Array.from(r.w), alpha: Array.from(r.alpha) }));
        });
        expect(runs[1]).toEqual(runs[0]);
        expect(runs[0][2].converged).toBe(false);
      }
    }
  });

  it('keeps one scratch per problem size in a memory: a smaller problem after a larger one is solved afresh', () => {
    const big = randomProblem(4, 200, 30);
    const small = randomProblem(5, 50, 30);
    const solveIn = (where: Pass, p: { x: CsrMatrix; y: Int8Array }) =>
      solveDualCd(rowsIn(where, p.x, 1), p.y, new Float64Array(p.y.length).fill(1), { loss: 'hinge', tol: 1e-8, maxIter: 100000, rng: new Rng(1) });
    // Two problems over one placed matrix (the fold problems of a fit): the second must not see the first's state.
    const placed = rowsIn('webassembly', big.x, 1);
    const cost = new Float64Array(big.y.length).fill(1);
    const first = solveDualCd(placed, big.y, cost, { loss: 'hinge', tol: 1e-8, maxIter: 100000, rng: new Rng(1) });
    const flipped = Int8Array.from(big.y, (v) => -v as -1 | 1);
    const second = solveDualCd(placed, flipped, cost, { loss: 'hinge', tol: 1e-8, maxIter: 100000, rng: new Rng(1) });
    expect(Array.from(second.w)).toEqual(Array.from(solveIn('typescript', { x: big.x, y: flipped }).w));
    expect(Array.from(first.w)).toEqual(Array.from(solveIn('typescript', big).w));
    expect(Array.from(solveIn('webassembly', small).w)).toEqual(Array.from(solveIn('typescript', small).w));
  });

  it('does not place a matrix whose memory would pass 4 GiB (the caller then solves in TypeScript)', () => {
    const tiny = Int32Array.of(0, 1);
    expect(DualCdMemory.place([tiny], 2, 10, 10)).not.toBeNull();
    // Two threads' scratch of 60 million rows is 4.4 GiB on its own.
    expect(DualCdMemory.place([tiny], 2, 60_000_000, 10)).toBeNull();
  });
});

describe('sparse kernels', () => {
  it('sparseDot and sparseAxpy agree with the plain loops for every remainder length', () => {
    const rng = new Rng(11);
    for (let len = 0; len < 9; len++) {
      const indices = Int32Array.from({ length: len }, (_, k) => 2 * k + 1);
      const data = Float32Array.from({ length: len }, () => Math.fround(rng.normal()));
      const w = Float64Array.from({ length: 20 }, () => rng.normal());
      let expected = 0;
      for (let k = 0; k < len; k++) expected += w[indices[k]] * data[k];
      expect(sparseDot(w, indices, data, 0, len)).toBeCloseTo(expected, 12);
      const w2 = Float64Array.from(w);
      sparseAxpy(0.5, indices, data, 0, len, w2);
      for (let k = 0; k < len; k++) expect(w2[indices[k]]).toBeCloseTo(w[indices[k]] + 0.5 * data[k], 12);
    }
  });
});
