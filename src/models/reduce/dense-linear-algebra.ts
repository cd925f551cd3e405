// Small dense linear algebra for the randomized SVD: sparse-dense products, Gram-Schmidt, a symmetric eigensolver.

import type { CsrMatrix } from '../../core/csr-matrix.js';

/** Y = X Q, with Q column-major (nCols(X) x l) and Y column-major (nRows(X) x l). */
export function sparseTimesDense(x: CsrMatrix, q: Float64Array, l: number): Float64Array {
  const n = x.nRows;
  const F = x.nCols;
  const y = new Float64Array(n * l);
  const { indptr, indices, data } = x;
  for (let j = 0; j < l; j++) {
    const qj = j * F;
    const yj = j * n;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let k = indptr[i]; k < indptr[i + 1]; k++) s += data[k] * q[qj + indices[k]];
      y[yj + i] = s;
    }
  }
  return y;
}

/** Z = X' Y, with Y column-major (nRows(X) x l) and Z column-major (nCols(X) x l). */
export function sparseTransposeTimesDense(x: CsrMatrix, y: Float64Array, l: number): Float64Array {
  const n = x.nRows;
  const F = x.nCols;
  const z = new Float64Array(F * l);
  const { indptr, indices, data } = x;
  for (let j = 0; j < l; j++) {
    const zj = j * F;
    const yj = j * n;
    for (let i = 0; i < n; i++) {
      const v = y[yj + i];
      if (v === 0) continue;
      for (let k = indptr[i]; k < indptr[i + 1]; k++) z[zj + indices[k]] += data[k] * v;
    }
  }
  return z;
}

/**
 * Orthonormalises the l columns of a column-major m x l matrix in place by modified Gram-Schmidt (the Q of a
 * thin QR). A column that becomes numerically zero is left at zero.
 */
export function orthonormalizeColumns(a: Float64Array, m: number, l: number): void {
  for (let j = 0; j < l; j++) {
    const cj = j * m;
    for (let p = 0; p < j; p++) {
      const cp = p * m;
      let dot = 0;
      for (let i = 0; i < m; i++) dot += a[cp + i] * a[cj + i];
      for (let i = 0; i < m; i++) a[cj + i] -= dot * a[cp + i];
    }
    let norm = 0;
    for (let i = 0; i < m; i++) norm += a[cj + i] * a[cj + i];
    norm = Math.sqrt(norm);
    const inv = norm > 1e-300 ? 1 / norm : 0;
    for (let i = 0; i < m; i++) a[cj + i] *= inv;
  }
}

/**
 * Eigenvalues (descending) and eigenvectors (column-major, column j for value j) of a symmetric l x l matrix,
 * by cyclic Jacobi rotations until the off-diagonal mass is below 1e-22 of the total.
 */
export function symmetricEigen(matrix: Float64Array, l: number): { values: Float64Array; vectors: Float64Array } {
  const a = Float64Array.from(matrix);
  const v = new Float64Array(l * l);
  for (let i = 0; i < l; i++) v[i * l + i] = 1;
  let total = 0;
  for (let i = 0; i < l * l; i++) total += a[i] * a[i];
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < l; p++) for (let q = p + 1; q < l; q++) off += 2 * a[p * l + q] * a[p * l + q];
    if (off <= 1e-22 * total || off === 0) break;
    for (let p = 0; p < l; p++) {
      for (let q = p + 1; q < l; q++) {
        const apq = a[p * l + q];
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (a[q * l + q] - a[p * l + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < l; k++) {
          const akp = a[k * l + p];
          const akq = a[k * l + q];
          a[k * l + p] = c * akp - s * akq;
          a[k * l + q] = s * akp + c * akq;
        }
        for (let k = 0; k < l; k++) {
          const apk = a[p * l + k];
          const aqk = a[q * l + k];
          a[p * l + k] = c * apk - s * aqk;
          a[q * l + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < l; k++) {
          const vkp = v[k * l + p];
          const vkq = v[k * l + q];
          v[k * l + p] = c * vkp - s * vkq;
          v[k * l + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = Array.from({ length: l }, (_, i) => i).sort((i, j) => a[j * l + j] - a[i * l + i] || i - j);
  const values = Float64Array.from(order, (i) => a[i * l + i]);
  const vectors = new Float64Array(l * l);
  order.forEach((src, dst) => {
    for (let k = 0; k < l; k++) vectors[dst * l + k] = v[k * l + src];
  });
  return { values, vectors };
}
