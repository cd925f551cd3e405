// Loads the scikit-learn reference fits made by test/fixtures/linear/make-linear-fixtures.py.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CsrMatrix } from '../../../src/core/csr-matrix.js';

export interface ReferenceFit {
  params: Record<string, unknown>;
  coef: number[];
  intercept: number[];
  predict: number[];
  probaFirst10?: number[];
}

export interface LinearFixture {
  sklearnVersion: string;
  nRows: number;
  nCols: number;
  indptr: number[];
  indices: number[];
  data: number[];
  y: number[];
  svc: Record<'squaredHinge' | 'hinge' | 'balanced' | 'noIntercept', ReferenceFit>;
  svcBinary: { rows: number[]; coef: number[]; intercept: number[]; predict: number[] };
  logreg: Record<'C1' | 'balanced', ReferenceFit>;
  platt: { scores: number[]; y: number[]; A: number; B: number };
}

const path = fileURLToPath(new URL('../../fixtures/linear/linear-sklearn.json', import.meta.url));

export const fixture = JSON.parse(readFileSync(path, 'utf8')) as LinearFixture;

export const fixtureX = new CsrMatrix(
  fixture.nRows,
  fixture.nCols,
  Int32Array.from(fixture.indptr),
  Int32Array.from(fixture.indices),
  Float32Array.from(fixture.data),
);

export const fixtureY = Int32Array.from(fixture.y);

/** max_ij |a - b| / max_ij |b|: the relative error of a whole coefficient matrix. */
export function relativeError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < expected.length; i++) {
    diff = Math.max(diff, Math.abs(actual[i] - expected[i]));
    scale = Math.max(scale, Math.abs(expected[i]));
  }
  return diff / scale;
}
