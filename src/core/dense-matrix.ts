// Row-major dense Float32 matrix: probabilities, decision scores and dense features.

import { ProdclassError } from './errors.js';

/** A rows x cols matrix stored row-major in one Float32Array; `row(i)` is a view, not a copy. */
export class DenseMatrix {
  readonly data: Float32Array;

  constructor(
    readonly rows: number,
    readonly cols: number,
    data?: Float32Array,
  ) {
    if (data && data.length !== rows * cols) {
      throw new ProdclassError('INVALID_INPUT', `DenseMatrix data has ${data.length} values, expected ${rows} x ${cols}`);
    }
    this.data = data ?? new Float32Array(rows * cols);
  }

  static fromRows(rows: ArrayLike<number>[], cols?: number): DenseMatrix {
    const c = cols ?? (rows[0]?.length ?? 0);
    const m = new DenseMatrix(rows.length, c);
    rows.forEach((r, i) => {
      if (r.length !== c) throw new ProdclassError('INVALID_INPUT', `row ${i} has ${r.length} values, expected ${c}`);
      m.data.set(r, i * c);
    });
    return m;
  }

  row(i: number): Float32Array {
    return this.data.subarray(i * this.cols, (i + 1) * this.cols);
  }

  get(i: number, j: number): number {
    return this.data[i * this.cols + j];
  }

  set(i: number, j: number, v: number): void {
    this.data[i * this.cols + j] = v;
  }

  toRows(): Float32Array[] {
    return Array.from({ length: this.rows }, (_, i) => this.data.slice(i * this.cols, (i + 1) * this.cols));
  }

  /** Column index of each row's maximum (first one on ties). */
  argmaxRows(): Int32Array {
    const out = new Int32Array(this.rows);
    for (let i = 0; i < this.rows; i++) {
      let best = 0;
      let bestV = -Infinity;
      const off = i * this.cols;
      for (let j = 0; j < this.cols; j++) {
        if (this.data[off + j] > bestV) {
          bestV = this.data[off + j];
          best = j;
        }
      }
      out[i] = best;
    }
    return out;
  }

  selectRows(rows: ArrayLike<number>): DenseMatrix {
    const m = new DenseMatrix(rows.length, this.cols);
    for (let r = 0; r < rows.length; r++) m.data.set(this.row(rows[r]), r * this.cols);
    return m;
  }
}
