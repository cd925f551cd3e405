import { describe, expect, it } from 'vitest';
import { CsrMatrix } from '../../../src/core/csr-matrix.js';
import { estimatorFromState } from '../../../src/core/registry.js';
import { orthonormalizeColumns, symmetricEigen } from '../../../src/models/reduce/dense-linear-algebra.js';
import { TruncatedSVD } from '../../../src/models/reduce/truncated-svd.js';
import { fixtures, sparse } from '../trees/tree-fixture.js';

describe('dense linear algebra', () => {
  it('finds the eigenvalues of a symmetric matrix, descending, with orthonormal vectors', () => {
    const a = Float64Array.of(2, 1, 0, 1, 2, 0, 0, 0, 5);
    const { values, vectors } = symmetricEigen(a, 3);
    expect(Array.from(values).map((v) => Math.round(v * 1e9) / 1e9)).toEqual([5, 3, 1]);
    for (let j = 0; j < 3; j++) {
      // A v = lambda v
      for (let i = 0; i < 3; i++) {
        let av = 0;
        for (let k = 0; k < 3; k++) av += a[i * 3 + k] * vectors[j * 3 + k];
        expect(av).toBeCloseTo(values[j] * vectors[j * 3 + i], 9);
      }
    }
  });

  it('orthonormalises columns', () => {
    const m = Float64Array.of(1, 1, 0, 1, 0, 1);
    orthonormalizeColumns(m, 3, 2);
    const dot = m[0] * m[3] + m[1] * m[4] + m[2] * m[5];
    expect(dot).toBeCloseTo(0, 12);
    expect(m[0] ** 2 + m[1] ** 2 + m[2] ** 2).toBeCloseTo(1, 12);
  });
});

describe('TruncatedSVD', () => {
  const f = fixtures.svd;
  const x = sparse(f.x, f.nCols);

  it('agrees with scikit-learn: singular values, components (same signs) and transform', async () => {
    const svd = await new TruncatedSVD({ nComponents: f.k, nIter: 7, seed: 1 }).fit(x);
    svd.singularValues.forEach((s, j) => expect(s).toBeCloseTo(f.singularValues[j], 5));
    svd.components.forEach((v, q) => expect(v).toBeCloseTo(f.components[q], 4));
    const z = svd.transform(x.selectRows([0, 1, 2, 3, 4]));
    z.data.forEach((v, q) => expect(v).toBeCloseTo(f.transformFirst5[q], 4));
  });

  it('shares a component contribution among the input columns that made it (exactly, for a linear reading)', async () => {
    const svd = await new TruncatedSVD({ nComponents: 2, seed: 1 }).fit(x);
    const row = x.selectRows([3]);
    const z = svd.transform(row).row(0);
    const back = svd.attributeBack(row, new Map([[0, 2 * z[0]], [1, -z[1]]]));
    const total = [...back.values()].reduce((s, v) => s + v, 0);
    expect(total).toBeCloseTo(2 * z[0] - z[1], 4);
  });

  it('refuses more components than the data has, and round-trips', async () => {
    await expect(new TruncatedSVD({ nComponents: 31 }).fit(x)).rejects.toMatchObject({ code: 'DATA_TOO_SMALL' });
    const svd = await new TruncatedSVD({ nComponents: 2 }).fit(x);
    const loaded = estimatorFromState<TruncatedSVD>(svd.getState());
    expect(Array.from(loaded.transform(x).data)).toEqual(Array.from(svd.transform(x).data));
    expect(() => loaded.transform(CsrMatrix.fromDense([[1]]))).toThrow(expect.objectContaining({ code: 'FEATURE_MISMATCH' }));
  });
});
