// The members of a composed classifier (a vote, a stack): their out-of-fold probabilities in the composition's class columns, and their predictions combined.

import type { CsrMatrix } from '../../core/csr-matrix.js';
import { DenseMatrix } from '../../core/dense-matrix.js';
import type { Classifier, FitOptions, Labels } from '../../core/estimator.js';

export type Member = Classifier<CsrMatrix>;

/** Members that fit their folds and final model in one go (LinearSVC, naive Bayes). */
interface OutOfFoldMember {
  /** False when this one's parameters rule the sharing out (absent: always shares). */
  readonly canFitOutOfFold?: boolean;
  fitOutOfFold(x: CsrMatrix, y: Labels, folds: readonly Int32Array[], options?: FitOptions): Promise<DenseMatrix>;
}

function sharesFolds(m: Member): m is Member & OutOfFoldMember {
  const shared = m as Partial<OutOfFoldMember>;
  return typeof shared.fitOutOfFold === 'function' && shared.canFitOutOfFold !== false;
}

/** An unfitted copy with the same parameters: scikit-learn's `clone` (every estimator's constructor takes its params). */
function clone(m: Member): Member {
  return new (m.constructor as new (params: object) => Member)(m.params);
}

/**
 * Fits `m` on every row and returns its out-of-fold probabilities in the columns of `classes` (every label of `y`,
 * ascending): a member that shares work across folds (`fitOutOfFold`) does so; another is fitted once per fold on the
 * rows outside it. Rows outside every fold (added to training only) stay 0.
 * @throws whatever the member's fit throws.
 */
export async function memberOutOfFold(
  m: Member,
  x: CsrMatrix,
  y: Labels,
  folds: readonly Int32Array[],
  classes: Int32Array,
  options: FitOptions = {},
): Promise<DenseMatrix> {
  if (sharesFolds(m)) {
    const proba = await m.fitOutOfFold(x, y, folds, options);
    return inColumns(proba, m.classes, classes);
  }
  const out = new DenseMatrix(x.nRows, classes.length);
  const inFold = new Int32Array(x.nRows).fill(-1);
  folds.forEach((rows, f) => rows.forEach((r) => (inFold[r] = f)));
  for (const [f, rows] of folds.entries()) {
    options.signal?.throwIfAborted();
    const train = Int32Array.from(inFold.keys()).filter((r) => inFold[r] !== f);
    const copy = clone(m);
    await copy.fit(x.selectRows(train), Int32Array.from(train, (r) => y[r]), { signal: options.signal, hierarchy: options.hierarchy });
    addProbabilities(out, await copy.predictProba(x.selectRows(rows)), copy.classes, classes, 1, rows);
  }
  await m.fit(x, y, options);
  return out;
}

/** `proba`, whose columns are the classes `from`, in the columns of the classes `to` (a class `from` lacks stays 0). */
export function inColumns(proba: DenseMatrix, from: Int32Array, to: Int32Array): DenseMatrix {
  const out = new DenseMatrix(proba.rows, to.length);
  addProbabilities(out, proba, from, to, 1);
  return out;
}

/** Adds `weight` x `proba` (columns `from`, into rows `rows` of `into`, or all) into `into`'s columns `to`. */
export function addProbabilities(into: DenseMatrix, proba: DenseMatrix, from: Int32Array, to: Int32Array, weight: number, rows?: ArrayLike<number>): void {
  const column = new Map(Array.from(to, (c, j) => [c, j]));
  const columns = Array.from(from, (c) => column.get(c)!);
  for (let i = 0; i < proba.rows; i++) {
    const source = proba.row(i);
    const target = into.row(rows ? rows[i] : i);
    for (let j = 0; j < columns.length; j++) target[columns[j]] += weight * source[j];
  }
}

/**
 * Every member's probabilities for `x`, handed to `combine`: synchronously when every member's `predictProba` is (the
 * SVM's and naive Bayes's are), as a classifier's contract expects.
 */
export function combineMembers<T>(members: readonly (readonly [string, Member])[], x: CsrMatrix, combine: (probas: DenseMatrix[]) => T): T | Promise<T> {
  const probas = members.map(([, m]) => m.predictProba(x));
  return probas.some((p) => p instanceof Promise) ? Promise.all(probas).then(combine) : combine(probas as DenseMatrix[]);
}

/** Each row's most probable class (`classes[j]` for column j), synchronously when the probabilities are. */
export function mostProbable(proba: DenseMatrix | Promise<DenseMatrix>, classes: Int32Array): Labels | Promise<Labels> {
  const labelsOf = (p: DenseMatrix) => Int32Array.from(p.argmaxRows(), (j) => classes[j]);
  return proba instanceof Promise ? proba.then(labelsOf) : labelsOf(proba);
}
