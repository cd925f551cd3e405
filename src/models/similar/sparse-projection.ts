// Sparse random projection of TF-IDF rows to short dense unit vectors (cosine kept within a few percent), seeded, with no matrix stored.

import type { CsrMatrix } from '../../core/csr-matrix.js';
import { ProdclassError } from '../../core/errors.js';

/** How a TF-IDF row becomes a dense vector. */
export interface ProjectionParams {
  /** Output dimension. */
  dims: number;
  /** Non-zeros per input column (Kane and Nelson's sparse Johnson-Lindenstrauss; 4 keeps the error near a dense projection's). */
  perColumn: number;
  seed: number;
}

export const PROJECTION_DEFAULTS: ProjectionParams = { dims: 256, perColumn: 4, seed: 42 };

/** A 32-bit mix of (seed, column, copy): the projection matrix is a function, so a vocabulary of any size costs nothing. */
function mix(seed: number, column: number, copy: number): number {
  let z = (Math.imul(column, 0x9e3779b1) ^ Math.imul(copy + 1, 0x85ebca6b) ^ seed) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
  return (z ^ (z >>> 16)) >>> 0;
}

/**
 * Projects every row of `x` to `dims` dimensions and scales it to unit length (rows without any feature stay 0).
 * Each input column lands on `perColumn` output dimensions with random signs, so dot products, hence cosines of
 * L2-normalised TF-IDF rows, are preserved in expectation.
 * @throws ProdclassError INVALID_PARAM for a dimension or density out of range.
 */
export function projectRows(x: CsrMatrix, params: ProjectionParams = PROJECTION_DEFAULTS): Float32Array {
  const { dims, perColumn, seed } = params;
  if (!Number.isInteger(dims) || dims < 2 || dims > 4096) throw new ProdclassError('INVALID_PARAM', `projection dims must be an integer in [2, 4096], got ${dims}`);
  if (!Number.isInteger(perColumn) || perColumn < 1 || perColumn > dims) {
    throw new ProdclassError('INVALID_PARAM', `projection perColumn must be an integer in [1, dims], got ${perColumn}`);
  }
  const out = new Float32Array(x.nRows * dims);
  const scale = 1 / Math.sqrt(perColumn);
  for (let r = 0; r < x.nRows; r++) {
    const base = r * dims;
    for (let k = x.indptr[r]; k < x.indptr[r + 1]; k++) {
      const column = x.indices[k];
      const value = x.data[k] * scale;
      for (let c = 0; c < perColumn; c++) {
        const h = mix(seed, column, c);
        out[base + (h % dims)] += h & 0x80000000 ? -value : value;
      }
    }
    normalize(out, base, dims);
  }
  return out;
}

/** Scales `v[start, start + n)` to unit length in place (a zero vector stays zero). */
export function normalize(v: Float32Array, start: number, n: number): void {
  let norm = 0;
  for (let i = start; i < start + n; i++) norm += v[i] * v[i];
  if (norm === 0) return;
  const inv = 1 / Math.sqrt(norm);
  for (let i = start; i < start + n; i++) v[i] *= inv;
}
