import { describe, expect, it } from 'vitest';
import { CsrMatrix } from '../../../src/core/csr-matrix.js';
import { DenseMatrix } from '../../../src/core/dense-matrix.js';
import { BinMapper, quantileEdges } from '../../../src/models/trees/binning.js';

describe('quantileEdges', () => {
  it('puts an edge between every pair of distinct values when they fit, at the midpoint', () => {
    expect(Array.from(quantileEdges(Float64Array.of(1, 1, 2, 4, 4, 4), 8))).toEqual([1.5, 3]);
  });

  it('cuts at the quantiles, weighting values by how often they occur, when there are too many', () => {
    const values = Float64Array.from({ length: 100 }, (_, i) => i);
    const edges = quantileEdges(values, 4);
    expect(Array.from(edges)).toEqual([24.5, 49.5, 74.5]);
  });
});

describe('BinMapper', () => {
  it('satisfies x <= edge_t exactly when bin(x) <= t', () => {
    const x = DenseMatrix.fromRows([[0.5], [-1], [3], [2], [2], [7]]);
    const mapper = BinMapper.fit(x, 256);
    for (const v of [-2, -1, 0, 0.5, 1, 2, 2.5, 3, 7, 9]) {
      const b = mapper.binOf(0, v);
      for (let t = 0; t < mapper.nBins(0); t++) expect(v <= mapper.threshold(0, t)).toBe(b <= t);
    }
  });

  it('keeps bin 0 for the zeros of non-negative sparse columns, and never stores them', () => {
    const x = CsrMatrix.fromDense([[0, 0.5], [0.2, 0], [0, 0], [0.9, 0.5]]);
    const mapper = BinMapper.fit(x, 256);
    expect(mapper.zeroBin[0]).toBe(0);
    expect(mapper.binOf(0, 0)).toBe(0);
    expect(mapper.binOf(0, 0.2)).toBeGreaterThan(0);
    expect(mapper.threshold(0, 0)).toBeCloseTo(0.1, 6);
    const binned = mapper.transform(x);
    expect(binned.denseStored[0]).toBe(0);
    // Column 0 stores its two non-zeros only, ascending by bin.
    expect(Array.from(binned.colRows.subarray(binned.colPtr[0], binned.colPtr[1]))).toEqual([1, 3]);
    expect(Array.from(binned.rowCols.subarray(binned.rowPtr[2], binned.rowPtr[3]))).toEqual([]);
  });

  it('stores every row of a sparse column with negative values, zeros at their own bin', () => {
    const x = CsrMatrix.fromDense([[-1], [0], [2], [0]]);
    const mapper = BinMapper.fit(x, 256);
    expect(mapper.zeroBin[0]).toBe(1);
    const binned = mapper.transform(x);
    expect(binned.denseStored[0]).toBe(1);
    expect(binned.colPtr[1]).toBe(4);
    expect(Array.from(binned.colBins)).toEqual([0, 1, 1, 2]);
    expect(Array.from(binned.colRows)).toEqual([0, 1, 3, 2]);
  });

  it('limits every feature to maxBins bins', () => {
    const x = DenseMatrix.fromRows(Array.from({ length: 1000 }, (_, i) => [Math.sin(i) * 100]));
    const mapper = BinMapper.fit(x, 16);
    expect(mapper.nBins(0)).toBeLessThanOrEqual(16);
    expect(mapper.nBins(0)).toBeGreaterThan(12);
    const counts = new Array(mapper.nBins(0)).fill(0);
    for (let i = 0; i < 1000; i++) counts[mapper.binOf(0, x.get(i, 0))]++;
    for (const c of counts) expect(c).toBeGreaterThan(30);
  });

  it('rebuilds from its arrays, and rejects another width', () => {
    const x = DenseMatrix.fromRows([[1, 2], [3, 4], [5, 0]]);
    const mapper = BinMapper.fit(x, 256);
    const again = BinMapper.fromArrays(256, mapper.edges, mapper.edgeStart);
    expect(Array.from(again.zeroBin)).toEqual(Array.from(mapper.zeroBin));
    expect(() => mapper.transform(DenseMatrix.fromRows([[1]]))).toThrow(expect.objectContaining({ code: 'FEATURE_MISMATCH' }));
    expect(() => BinMapper.fit(x, 300)).toThrow(expect.objectContaining({ code: 'INVALID_PARAM' }));
  });

  it('puts the same data in SharedArrayBuffers when asked (for worker threads)', () => {
    const x = CsrMatrix.fromDense([[0, 1], [2, 0]]);
    const binned = BinMapper.fit(x).transform(x, true);
    expect(binned.colRows.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(Array.from(binned.colRows)).toEqual(Array.from(BinMapper.fit(x).transform(x).colRows));
  });
});
