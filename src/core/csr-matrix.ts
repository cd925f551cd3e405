// Compressed sparse row matrix of Float32 values: the feature format text models consume.

import { ProdclassError } from './errors.js';
import { newSharedMemory, sharedArrays, sharedArraysBytes, sharedRoom } from './shared-memory.js';

/**
 * A CSR matrix as scipy.sparse.csr_matrix stores it: row i's non-zeros are
 * `indices[indptr[i]..indptr[i+1])` (column numbers, ascending) with values `data[...]`.
 * Instances are immutable by convention: operations return new matrices.
 */
export class CsrMatrix {
  constructor(
    readonly nRows: number,
    readonly nCols: number,
    readonly indptr: Int32Array,
    readonly indices: Int32Array,
    readonly data: Float32Array,
    memory?: WebAssembly.Memory,
  ) {
    // Where the arrays lie is not part of the matrix's value: not enumerable, so two equal matrices compare equal
    // wherever they are stored (and a copy posted to a thread leaves it behind).
    Object.defineProperty(this, 'memory', { value: memory, enumerable: false });
    if (indptr.length !== nRows + 1) {
      throw new ProdclassError('INVALID_INPUT', `CSR indptr has length ${indptr.length}, expected nRows + 1 = ${nRows + 1}`);
    }
    if (indices.length !== data.length || indptr[nRows] !== data.length) {
      throw new ProdclassError('INVALID_INPUT', `CSR arrays disagree: indptr ends at ${indptr[nRows]}, indices ${indices.length}, data ${data.length}`);
    }
  }

  /** The shared WebAssembly memory the three arrays are views into, when they are (see `hstack`). */
  declare readonly memory?: WebAssembly.Memory;

  get nnz(): number {
    return this.data.length;
  }

  /** Builds a matrix from dense rows (tests and small inputs). */
  static fromDense(rows: ArrayLike<number>[], nCols?: number): CsrMatrix {
    const cols = nCols ?? (rows[0]?.length ?? 0);
    const indptr = new Int32Array(rows.length + 1);
    const indices: number[] = [];
    const data: number[] = [];
    rows.forEach((row, i) => {
      for (let j = 0; j < row.length; j++) {
        if (row[j] !== 0) {
          indices.push(j);
          data.push(row[j]);
        }
      }
      indptr[i + 1] = indices.length;
    });
    return new CsrMatrix(rows.length, cols, indptr, Int32Array.from(indices), Float32Array.from(data));
  }

  /** Dense copy, row-major (tests and debugging; O(nRows * nCols) memory). */
  toDense(): Float32Array[] {
    const out: Float32Array[] = [];
    for (let i = 0; i < this.nRows; i++) {
      const row = new Float32Array(this.nCols);
      for (let k = this.indptr[i]; k < this.indptr[i + 1]; k++) row[this.indices[k]] = this.data[k];
      out.push(row);
    }
    return out;
  }

  /** The rows at the given positions, in that order (duplicates allowed, as for bootstrap samples). */
  selectRows(rows: ArrayLike<number>): CsrMatrix {
    let nnz = 0;
    for (let r = 0; r < rows.length; r++) nnz += this.indptr[rows[r] + 1] - this.indptr[rows[r]];
    const indptr = new Int32Array(rows.length + 1);
    const indices = new Int32Array(nnz);
    const data = new Float32Array(nnz);
    let pos = 0;
    for (let r = 0; r < rows.length; r++) {
      const start = this.indptr[rows[r]];
      const end = this.indptr[rows[r] + 1];
      indices.set(this.indices.subarray(start, end), pos);
      data.set(this.data.subarray(start, end), pos);
      pos += end - start;
      indptr[r + 1] = pos;
    }
    return new CsrMatrix(rows.length, this.nCols, indptr, indices, data);
  }

  /**
   * Side-by-side concatenation (scipy.sparse.hstack), each block's columns following the previous ones.
   * The result lives in shared memory: it is the feature matrix models train on, and worker threads then read it in
   * place instead of each needing a copy (about 0.8 GB saved at 85k products). With `inWasmMemory` (a matrix to train
   * on), that is a shared WebAssembly memory, which WebAssembly kernels also read in place (the linear solvers' passes;
   * a copy would add the matrix again to the peak); otherwise, or beyond wasm32's 4 GiB, SharedArrayBuffers.
   */
  static hstack(blocks: CsrMatrix[], options: { inWasmMemory?: boolean } = {}): CsrMatrix {
    if (blocks.length === 0) throw new ProdclassError('INVALID_INPUT', 'hstack needs at least one matrix');
    const nRows = blocks[0].nRows;
    for (const b of blocks) {
      if (b.nRows !== nRows) throw new ProdclassError('INVALID_INPUT', `hstack row counts differ: ${nRows} and ${b.nRows}`);
    }
    const nnz = blocks.reduce((s, b) => s + b.nnz, 0);
    const nCols = blocks.reduce((s, b) => s + b.nCols, 0);
    const specs = [
      [Int32Array, nRows + 1],
      [Int32Array, nnz],
      [Float32Array, nnz],
    ] as const;
    const memory = options.inWasmMemory ? newSharedMemory() : undefined;
    const inMemory = memory !== undefined && sharedArraysBytes(specs) <= sharedRoom(memory);
    const [indptr, indices, data] = (
      inMemory
        ? sharedArrays(memory, specs)
        : [
            new Int32Array(new SharedArrayBuffer((nRows + 1) * 4)),
            new Int32Array(new SharedArrayBuffer(nnz * 4)),
            new Float32Array(new SharedArrayBuffer(nnz * 4)),
          ]
    ) as [Int32Array, Int32Array, Float32Array];
    let pos = 0;
    for (let i = 0; i < nRows; i++) {
      let offset = 0;
      for (const b of blocks) {
        for (let k = b.indptr[i]; k < b.indptr[i + 1]; k++) {
          indices[pos] = b.indices[k] + offset;
          data[pos] = b.data[k];
          pos++;
        }
        offset += b.nCols;
      }
      indptr[i + 1] = pos;
    }
    return new CsrMatrix(nRows, nCols, indptr, indices, data, inMemory ? memory : undefined);
  }

  /** Scales every row to unit Euclidean norm (rows of zeros stay zero). */
  normalizeRows(): CsrMatrix {
    const data = new Float32Array(this.data);
    for (let i = 0; i < this.nRows; i++) {
      let sq = 0;
      for (let k = this.indptr[i]; k < this.indptr[i + 1]; k++) sq += data[k] * data[k];
      if (sq > 0) {
        const inv = 1 / Math.sqrt(sq);
        for (let k = this.indptr[i]; k < this.indptr[i + 1]; k++) data[k] *= inv;
      }
    }
    return new CsrMatrix(this.nRows, this.nCols, this.indptr, this.indices, data);
  }

  /** Multiplies each column j by `factors[j]` (feature weighting, column selection by zeroing). */
  scaleColumns(factors: ArrayLike<number>): CsrMatrix {
    const data = new Float32Array(this.data.length);
    for (let k = 0; k < data.length; k++) data[k] = this.data[k] * factors[this.indices[k]];
    return new CsrMatrix(this.nRows, this.nCols, this.indptr, this.indices, data);
  }

  /** Keeps only the given columns, renumbered 0..columns.length-1 in the given order. */
  selectColumns(columns: ArrayLike<number>): CsrMatrix {
    const map = new Int32Array(this.nCols).fill(-1);
    for (let j = 0; j < columns.length; j++) map[columns[j]] = j;
    const indptr = new Int32Array(this.nRows + 1);
    const indices: number[] = [];
    const data: number[] = [];
    for (let i = 0; i < this.nRows; i++) {
      const rowStart = indices.length;
      for (let k = this.indptr[i]; k < this.indptr[i + 1]; k++) {
        const m = map[this.indices[k]];
        if (m >= 0) {
          indices.push(m);
          data.push(this.data[k]);
        }
      }
      sortRowSegment(indices, data, rowStart, indices.length);
      indptr[i + 1] = indices.length;
    }
    return new CsrMatrix(this.nRows, columns.length, indptr, Int32Array.from(indices), Float32Array.from(data));
  }
}

function sortRowSegment(indices: number[], data: number[], start: number, end: number): void {
  for (let a = start + 1; a < end; a++) {
    if (indices[a - 1] <= indices[a]) continue;
    const order = Array.from({ length: end - start }, (_, t) => start + t).sort((p, q) => indices[p] - indices[q]);
    const idx = order.map((p) => indices[p]);
    const val = order.map((p) => data[p]);
    for (let t = 0; t < idx.length; t++) {
      indices[start + t] = idx[t];
      data[start + t] = val[t];
    }
    return;
  }
}
