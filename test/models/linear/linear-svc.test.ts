import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CsrMatrix } from '../../../src/core/csr-matrix.js';
import type { ModelCard } from '../../../src/core/model-card.js';
import { readModelFolder, writeModelFolder } from '../../../src/core/model-folder.js';
import type { Progress } from '../../../src/core/progress.js';
import { estimatorFromState } from '../../../src/core/registry.js';
import { LinearSVC, type LinearSvcParams } from '../../../src/models/linear/index.js';
import { fixture, fixtureX, fixtureY, relativeError, type ReferenceFit } from './sklearn-fixture.js';

const tight = { tol: 1e-8, maxIter: 200000, calibration: 'none' } as const;

function rowSums(p: { rows: number; row(i: number): Float32Array }): number[] {
  return Array.from({ length: p.rows }, (_, i) => p.row(i).reduce((s, v) => s + v, 0));
}

describe('LinearSVC: toy problems solved by hand', () => {
  it('separates two linearly separable 2-D clouds, with the sign of the margin on each side', async () => {
    const x = CsrMatrix.fromDense([[2, 2], [3, 1], [2, 3], [-2, -2], [-1, -3], [-3, -1]]);
    const y = Int32Array.of(10, 10, 10, 20, 20, 20);
    const svc = await new LinearSVC({ C: 10, loss: 'hinge', ...tight }).fit(x, y);
    expect(Array.from(svc.classes)).toEqual([10, 20]);
    expect(Array.from(svc.predict(x))).toEqual(Array.from(y));
    const scores = svc.decisionFunction(x);
    for (let i = 0; i < 6; i++) {
      const margin = scores.get(i, 1) * (y[i] === 20 ? 1 : -1);
      expect(margin).toBeGreaterThanOrEqual(1 - 1e-6);
      expect(scores.get(i, 0)).toBeCloseTo(-scores.get(i, 1), 5);
    }
    // Two classes: one binary problem, stored as rows (-w, w).
    expect(svc.coef[0]).toBeCloseTo(-svc.coef[2], 6);
    expect(svc.coef[2]).toBeLessThan(0);
  });

  it('classifies three well-separated classes one-vs-rest', async () => {
    const centres = [[5, 0], [0, 5], [-5, -5]];
    const offsets = [[0.5, 0.5], [-0.5, 0.3], [0.2, -0.6], [0, 0]];
    const rows = centres.flatMap((c) => offsets.map((o) => [c[0] + o[0], c[1] + o[1]]));
    const y = Int32Array.from(rows, (_, i) => [40, 50, 60][Math.floor(i / offsets.length)]);
    const x = CsrMatrix.fromDense(rows);
    const svc = await new LinearSVC({ C: 1, ...tight }).fit(x, y);
    expect(Array.from(svc.predict(x))).toEqual(Array.from(y));
    expect(Array.from(svc.predict(CsrMatrix.fromDense([[6, 1], [-1, 6], [-4, -6]])))).toEqual([40, 50, 60]);
    expect(svc.coef.length).toBe(3 * 2);
    expect(svc.intercept.length).toBe(3);
    expect(svc.converged).toBe(true);
  });

  it('moves the decision boundary towards the lighter class when a class is weighted up', async () => {
    // 1-D, imbalanced and overlapping: eight rows of class 0 and three of class 1.
    const xs = [-2, -1.5, -1, -0.5, 0, 0.3, 0.6, 0.9, 0.2, 0.8, 1.5];
    const y = Int32Array.of(0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1);
    const x = CsrMatrix.fromDense(xs.map((v) => [v]));
    const threshold = (svc: LinearSVC) => -svc.intercept[1] / svc.coef[1];
    const plain = await new LinearSVC({ C: 1, ...tight }).fit(x, y);
    const weighted = await new LinearSVC({ C: 1, ...tight, classWeight: { 1: 5 } }).fit(x, y);
    const balanced = await new LinearSVC({ C: 1, ...tight, classWeight: 'balanced' }).fit(x, y);
    expect(threshold(weighted)).toBeLessThan(threshold(plain) - 0.1);
    expect(threshold(balanced)).toBeLessThan(threshold(plain));
    const probe = CsrMatrix.fromDense([[(threshold(plain) + threshold(weighted)) / 2]]);
    expect(plain.predict(probe)[0]).toBe(0);
    expect(weighted.predict(probe)[0]).toBe(1);
  });
});

describe('LinearSVC: agreement with scikit-learn LinearSVC (liblinear)', () => {
  const cases: [keyof typeof fixture.svc, Partial<LinearSvcParams>][] = [
    ['squaredHinge', { C: 0.5, loss: 'squared_hinge' }],
    ['hinge', { C: 0.5, loss: 'hinge' }],
    ['balanced', { C: 0.5, classWeight: 'balanced' }],
    ['noIntercept', { C: 0.5, fitIntercept: false }],
  ];
  for (const [name, params] of cases) {
    it(`${name}: same coefficients (1e-3 relative) and identical predictions`, async () => {
      const ref: ReferenceFit = fixture.svc[name];
      const svc = await new LinearSVC({ ...params, ...tight }).fit(fixtureX, fixtureY);
      expect(relativeError(svc.coef, ref.coef)).toBeLessThan(1e-3);
      if (params.fitIntercept === false) expect(Array.from(svc.intercept)).toEqual([0, 0, 0, 0]);
      else expect(relativeError(svc.intercept, ref.intercept)).toBeLessThan(1e-3);
      expect(Array.from(svc.predict(fixtureX))).toEqual(ref.predict);
    });
  }

  it('two classes: one problem, whose weights are scikit-learn coef_ (row 1) and its negation (row 0)', async () => {
    const { rows, coef, intercept, predict } = fixture.svcBinary;
    const x = fixtureX.selectRows(rows);
    const y = Int32Array.from(rows, (i) => fixtureY[i]);
    const svc = await new LinearSVC({ C: 0.5, ...tight }).fit(x, y);
    expect(relativeError(svc.coef.subarray(fixture.nCols), coef)).toBeLessThan(1e-3);
    expect(relativeError(svc.coef.subarray(0, fixture.nCols), coef.map((v) => -v))).toBeLessThan(1e-3);
    expect(svc.intercept[1]).toBeCloseTo(intercept[0], 4);
    expect(Array.from(svc.predict(x))).toEqual(predict);
  });
});

describe('LinearSVC: probabilities', () => {
  for (const calibration of ['temperature', 'sigmoid', 'none'] as const) {
    it(`${calibration}: predictProba rows sum to 1 and follow the classes order`, async () => {
      const svc = await new LinearSVC({ C: 0.5, calibration, calibrationFolds: 3 }).fit(fixtureX, fixtureY);
      const p = svc.predictProba(fixtureX);
      expect(p.cols).toBe(4);
      for (const s of rowSums(p)) expect(s).toBeCloseTo(1, 5);
      expect(svc.calibrator?.method ?? 'none').toBe(calibration);
      // predict is the top probability; calibration mostly keeps the SVM's own decision (the top score).
      const top = Array.from(p.argmaxRows(), (k) => svc.classes[k]);
      expect(Array.from(svc.predict(fixtureX))).toEqual(top);
      const topScore = svc.decisionFunction(fixtureX).argmaxRows();
      expect(top.filter((c, i) => c === svc.classes[topScore[i]]).length / fixture.nRows).toBeGreaterThan(0.9);
    });
  }

  it('calibrates even when a class has fewer rows than folds', async () => {
    const x = CsrMatrix.fromDense([[1, 0], [0.9, 0.1], [1.1, 0], [0, 1], [0.1, 0.9], [0, 1.2], [-1, -1]]);
    const y = Int32Array.of(1, 1, 1, 2, 2, 2, 3);
    const svc = await new LinearSVC({ calibrationFolds: 3 }).fit(x, y);
    for (const s of rowSums(svc.predictProba(x))) expect(s).toBeCloseTo(1, 5);
  });
});

describe('LinearSVC: the estimator contract', () => {
  it('is deterministic for a seed (bit for bit), and gives the same bits on worker threads', async () => {
    const params = { C: 0.5, calibration: 'temperature', calibrationFolds: 3, seed: 3 } as const;
    const a = await new LinearSVC(params).fit(fixtureX, fixtureY);
    const b = await new LinearSVC(params).fit(fixtureX, fixtureY);
    const threaded = await new LinearSVC({ ...params, nJobs: 2 }).fit(fixtureX, fixtureY);
    expect(Array.from(b.coef)).toEqual(Array.from(a.coef));
    expect(Array.from(threaded.coef)).toEqual(Array.from(a.coef));
    expect(Array.from(threaded.intercept)).toEqual(Array.from(a.intercept));
    expect(threaded.calibrator!.toJson()).toEqual(a.calibrator!.toJson());
    expect(Array.from(threaded.nIter)).toEqual(Array.from(a.nIter));
  });

  it('gives the same bits from a matrix already in a WebAssembly memory (read in place), on one thread or two', async () => {
    const params = { C: 0.5, calibration: 'sigmoid', calibrationFolds: 3, seed: 3 } as const;
    const plain = await new LinearSVC(params).fit(fixtureX, fixtureY);
    // hstack of one block: the same matrix, laid out in a shared WebAssembly memory as a vectorizer's training matrix is.
    const inMemory = CsrMatrix.hstack([fixtureX], { inWasmMemory: true });
    expect(inMemory.memory).toBeInstanceOf(WebAssembly.Memory);
    for (const nJobs of [1, 2]) {
      const svc = await new LinearSVC({ ...params, nJobs }).fit(inMemory, fixtureY);
      expect(Array.from(svc.coef)).toEqual(Array.from(plain.coef));
      expect(Array.from(svc.intercept)).toEqual(Array.from(plain.intercept));
      expect(svc.calibrator!.toJson()).toEqual(plain.calibrator!.toJson());
    }
    // Fits repeated on one matrix (a hyperparameter search) reuse the solvers' scratch: the memory stops growing.
    const size = inMemory.memory!.buffer.byteLength;
    for (const nJobs of [2, 1, 2]) {
      const again = await new LinearSVC({ ...params, nJobs }).fit(inMemory, fixtureY);
      expect(Array.from(again.coef)).toEqual(Array.from(plain.coef));
    }
    expect(inMemory.memory!.buffer.byteLength).toBe(size);
  });

  it('throws NOT_FITTED before fit', () => {
    const svc = new LinearSVC();
    expect(svc.isFitted).toBe(false);
    for (const use of [() => svc.predict(fixtureX), () => svc.predictProba(fixtureX), () => svc.coef, () => svc.getState()]) {
      expect(use).toThrow(expect.objectContaining({ code: 'NOT_FITTED' }));
    }
  });

  it('throws FEATURE_MISMATCH on input of another width', async () => {
    const svc = await new LinearSVC({ calibration: 'none' }).fit(fixtureX, fixtureY);
    const narrow = CsrMatrix.fromDense([[1, 2, 3]]);
    expect(() => svc.predict(narrow)).toThrow(expect.objectContaining({ code: 'FEATURE_MISMATCH', message: expect.stringContaining('50 features') }));
  });

  it('rejects bad hyperparameters with INVALID_PARAM naming the parameter', () => {
    const bad: [Partial<LinearSvcParams>, string][] = [
      [{ C: 0 }, '"C"'],
      [{ loss: 'log' as never }, '"loss"'],
      [{ tol: -1 }, '"tol"'],
      [{ maxIter: 1.5 }, '"maxIter"'],
      [{ calibration: 'beta' as never }, '"calibration"'],
      [{ calibrationFolds: 1 }, '"calibrationFolds"'],
      [{ classWeight: { 10: -1 } }, '"classWeight"'],
      [{ classWeight: 'uniform' as never }, '"classWeight"'],
      [{ nJobs: 0 }, '"nJobs"'],
      [{ gamma: 1 } as never, '"gamma"'],
    ];
    for (const [params, name] of bad) {
      expect(() => new LinearSVC(params)).toThrow(expect.objectContaining({ code: 'INVALID_PARAM', message: expect.stringContaining(name) }));
    }
  });

  it('rejects a classWeight for a label it never sees, and mismatched x and y', async () => {
    await expect(new LinearSVC({ classWeight: { 99: 2 } }).fit(fixtureX, fixtureY)).rejects.toMatchObject({ code: 'INVALID_PARAM' });
    await expect(new LinearSVC().fit(fixtureX, fixtureY.subarray(1))).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('round-trips through getState, the registry and a model folder with identical predictions', async () => {
    const svc = await new LinearSVC({ C: 0.5, calibration: 'sigmoid' }).fit(fixtureX, fixtureY);
    const loaded = estimatorFromState<LinearSVC>(svc.getState());
    expect(Array.from(loaded.predict(fixtureX))).toEqual(Array.from(svc.predict(fixtureX)));
    expect(Array.from(loaded.predictProba(fixtureX).data)).toEqual(Array.from(svc.predictProba(fixtureX).data));
    expect(loaded.params).toEqual(svc.params);

    const dir = await mkdtemp(join(tmpdir(), 'prodclass-svc-'));
    try {
      await writeModelFolder(join(dir, 'model'), svc.getState(), { kind: 'linear-svc' } as unknown as ModelCard);
      const fromDisk = estimatorFromState<LinearSVC>((await readModelFolder(join(dir, 'model'))).state);
      expect(Array.from(fromDisk.predictProba(fixtureX).data)).toEqual(Array.from(svc.predictProba(fixtureX).data));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('reports progress once per binary problem and stops on an aborted signal', async () => {
    let ticks = 0;
    let total = 0;
    const progress: Progress = { task: (_label, n) => ((total = n), { tick: () => void ticks++, done() {} }) };
    await new LinearSVC({ calibrationFolds: 2 }).fit(fixtureX, fixtureY, { progress });
    expect(total).toBe(4 * 3);
    expect(ticks).toBe(total);
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    await expect(new LinearSVC().fit(fixtureX, fixtureY, { signal: controller.signal })).rejects.toThrow('stop');
  });
});
