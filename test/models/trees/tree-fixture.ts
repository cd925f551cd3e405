// Loads the reference fits made by test/fixtures/trees/make-tree-fixtures.py (scikit-learn 1.2, XGBoost 1.7).

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CsrMatrix } from '../../../src/core/csr-matrix.js';
import { DenseMatrix } from '../../../src/core/dense-matrix.js';

export interface TreeFixtures {
  versions: { sklearn: string; xgboost: string };
  xgboost: { x: number[]; nRows: number; nCols: number; y: number[]; cases: Record<'r1d2' | 'r5d3', { rounds: number; maxDepth: number; margin: number[]; proba: number[] }> };
  tree: { x: number[]; y: number[]; xTest: number[]; probaTest: number[]; nodeCount: number };
  chi2: { x: number[]; nRows: number; nCols: number; y: number[]; k: number; scores: number[]; selected: number[] };
  nb: {
    x: number[];
    nRows: number;
    nCols: number;
    y: number[];
    alpha: number;
    complement: { featureLogProb: number[]; proba: number[] };
    complementNorm: { featureLogProb: number[]; proba: number[] };
    multinomial: { featureLogProb: number[]; proba: number[] };
  };
  svd: { x: number[]; nRows: number; nCols: number; k: number; singularValues: number[]; components: number[]; transformFirst5: number[] };
}

export const fixtures = JSON.parse(readFileSync(fileURLToPath(new URL('../../fixtures/trees/tree-fixtures.json', import.meta.url)), 'utf8')) as TreeFixtures;

export function dense(values: number[], cols: number): DenseMatrix {
  return new DenseMatrix(values.length / cols, cols, Float32Array.from(values));
}

export function sparse(values: number[], cols: number): CsrMatrix {
  const rows = Array.from({ length: values.length / cols }, (_, i) => values.slice(i * cols, (i + 1) * cols));
  return CsrMatrix.fromDense(rows, cols);
}
