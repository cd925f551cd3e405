// A small hand-worked fixture for confident learning: three classes, one class holding an ambiguous row and a misfiled-looking one.

import { DenseMatrix } from '../../src/core/dense-matrix.js';

// Three classes. Class 0 holds three sure rows, an ambiguous one leaning to class 1 (row 3) and one that looks like
// class 2 (row 4): t0 = (2.7 + 0.4 + 0.1) / 5 = 0.64, t1 = t2 = 0.55, so row 3 is likely 1 and row 4 likely 2 and
// class 0 is estimated to hold two wrong labels, one per pair.
export const spread = {
  proba: DenseMatrix.fromRows([
    [0.9, 0.05, 0.05],
    [0.9, 0.05, 0.05],
    [0.9, 0.05, 0.05],
    [0.4, 0.6, 0],
    [0.1, 0.35, 0.55],
    [0, 0.5, 0.5],
    [0, 0.6, 0.4],
    [0, 0.5, 0.5],
    [0, 0.4, 0.6],
  ]),
  given: Int32Array.from([0, 0, 0, 0, 0, 1, 1, 2, 2]),
};
