// Chi2Selector: keeps the k columns most dependent on the class by the chi-square statistic (SelectKBest(chi2, k)).

import { CsrMatrix } from '../../core/csr-matrix.js';
import { ProdclassError } from '../../core/errors.js';
import {
  BaseEstimator,
  checkFeatureCount,
  checkSameLength,
  encodeLabels,
  uniqueClasses,
  type EstimatorState,
  type FitOptions,
  type Labels,
  type Transformer,
} from '../../core/estimator.js';
import type { ParamConstraints } from '../../core/params.js';
import { registerEstimator } from '../../core/registry.js';

export interface Chi2SelectorParams {
  /** Columns kept (all of them when the input has fewer). */
  k: number;
}

export const CHI2_SELECTOR_DEFAULTS: Chi2SelectorParams = { k: 5000 };

const CONSTRAINTS: ParamConstraints<Chi2SelectorParams> = {
  k: { type: 'number', integer: true, min: 1 },
};

const KIND = 'chi2-selector';

/**
 * scikit-learn's SelectKBest(chi2, k) on non-negative features (TF-IDF). For column j, with O_kj the sum of
 * column j over rows of class k and E_kj = (n_k / n) * sum_i x_ij the sum expected without dependence,
 *
 *   chi2_j = sum_k (O_kj - E_kj)^2 / E_kj
 *
 * The k highest scores are kept, ties going to the later column (scikit-learn's stable argsort, last k);
 * columns never non-zero score lowest. Kept columns stay in their original order.
 *
 * It is supervised, so `fit` takes labels: a pipeline fits it with the labels it was given
 * (`SupervisedTransformer`).
 */
export class Chi2Selector extends BaseEstimator<Chi2SelectorParams> implements Transformer<CsrMatrix, CsrMatrix, Chi2SelectorParams> {
  readonly kind = KIND;
  readonly supervised = true;
  private state: { nFeatures: number; selected: Int32Array; scores: Float32Array } | undefined;
  private columnMap: Int32Array | undefined;

  /** @throws ProdclassError INVALID_PARAM naming the parameter. */
  constructor(params: Partial<Chi2SelectorParams> = {}) {
    super(KIND, CHI2_SELECTOR_DEFAULTS, CONSTRAINTS, params);
  }

  get isFitted(): boolean {
    return this.state !== undefined;
  }

  /** Kept input columns, ascending. @throws ProdclassError NOT_FITTED. */
  get selected(): Int32Array {
    return this.fitted(this.state).selected;
  }

  /** Chi-square score of each kept column. @throws ProdclassError NOT_FITTED. */
  get scores(): Float32Array {
    return this.fitted(this.state).scores;
  }

  get nFeaturesIn(): number {
    return this.fitted(this.state).nFeatures;
  }

  /**
   * @throws ProdclassError INVALID_INPUT without labels, when lengths differ or a value is negative;
   *   DATA_TOO_SMALL with fewer than two classes.
   */
  async fit(x: CsrMatrix, options: FitOptions = {}): Promise<this> {
    const y = options.y;
    if (!y) throw new ProdclassError('INVALID_INPUT', `${KIND}: fit needs the labels (options.y): chi-square selection is supervised`);
    checkSameLength(x.nRows, y.length);
    const classes = uniqueClasses(y);
    const yIndex = encodeLabels(y, classes);
    const scores = chi2Scores(x, yIndex, classes.length);
    const order = Int32Array.from(scores.keys()).sort((a, b) => scores[a] - scores[b] || a - b);
    const k = Math.min(this.params.k, x.nCols);
    const selected = order.slice(order.length - k).sort();
    this.state = { nFeatures: x.nCols, selected, scores: Float32Array.from(selected, (j) => scores[j]) };
    this.columnMap = undefined;
    return this;
  }

  async fitTransform(x: CsrMatrix, options: FitOptions = {}): Promise<CsrMatrix> {
    await this.fit(x, options);
    return this.transform(x);
  }

  /** The kept columns of x. @throws ProdclassError NOT_FITTED; FEATURE_MISMATCH. */
  transform(x: CsrMatrix): CsrMatrix {
    const { nFeatures, selected } = this.fitted(this.state);
    checkFeatureCount(KIND, nFeatures, x.nCols);
    if (!this.columnMap) {
      this.columnMap = new Int32Array(nFeatures).fill(-1);
      selected.forEach((j, q) => (this.columnMap![j] = q));
    }
    const map = this.columnMap;
    const indptr = new Int32Array(x.nRows + 1);
    let nnz = 0;
    for (let k = 0; k < x.nnz; k++) if (map[x.indices[k]] >= 0) nnz++;
    const indices = new Int32Array(nnz);
    const data = new Float32Array(nnz);
    let p = 0;
    for (let i = 0; i < x.nRows; i++) {
      for (let k = x.indptr[i]; k < x.indptr[i + 1]; k++) {
        const q = map[x.indices[k]];
        if (q >= 0) {
          indices[p] = q;
          data[p++] = x.data[k];
        }
      }
      indptr[i + 1] = p;
    }
    return new CsrMatrix(x.nRows, selected.length, indptr, indices, data);
  }

  /** Contributions to output columns, moved back to the input columns they came from. */
  attributeBack(_input: CsrMatrix | null, contributions: Map<number, number>): Map<number, number> {
    const selected = this.selected;
    return new Map([...contributions].map(([q, v]) => [selected[q], v]));
  }

  /** Importances of output columns, moved back to the input columns. */
  importancesBack(importances: Map<number, number>): Map<number, number> {
    return this.attributeBack(null, importances);
  }

  getState(): EstimatorState {
    const s = this.fitted(this.state);
    return { kind: KIND, params: this.paramsJson(), fitted: { nFeatures: s.nFeatures }, arrays: { selected: s.selected, scores: s.scores } };
  }

  /** @throws ProdclassError MODEL_CORRUPT when the state is inconsistent. */
  static fromState(state: EstimatorState): Chi2Selector {
    const model = new Chi2Selector(state.params as Partial<Chi2SelectorParams>);
    const { selected, scores } = state.arrays;
    const nFeatures = state.fitted.nFeatures;
    if (!(selected instanceof Int32Array) || !(scores instanceof Float32Array) || typeof nFeatures !== 'number' || scores.length !== selected.length) {
      throw new ProdclassError('MODEL_CORRUPT', `${KIND}: saved state needs int32 "selected", float32 "scores" of the same length, and nFeatures`);
    }
    model.state = { nFeatures, selected, scores };
    return model;
  }
}

/**
 * chi2_j = sum_k (O_kj - E_kj)^2 / E_kj per column (see Chi2Selector); -Infinity for columns that are zero
 * throughout (scikit-learn's NaN, which it ranks lowest).
 * @throws ProdclassError INVALID_INPUT on a negative value.
 */
export function chi2Scores(x: CsrMatrix, yIndex: Int32Array, nClasses: number): Float64Array {
  const F = x.nCols;
  const observed = new Float64Array(nClasses * F);
  const columnSum = new Float64Array(F);
  const classCount = new Float64Array(nClasses);
  for (let i = 0; i < x.nRows; i++) {
    const base = yIndex[i] * F;
    classCount[yIndex[i]]++;
    for (let k = x.indptr[i]; k < x.indptr[i + 1]; k++) {
      const v = x.data[k];
      if (v < 0) throw new ProdclassError('INVALID_INPUT', `${KIND}: chi-square needs non-negative features, row ${i} column ${x.indices[k]} is ${v}`);
      observed[base + x.indices[k]] += v;
      columnSum[x.indices[k]] += v;
    }
  }
  const scores = new Float64Array(F);
  for (let j = 0; j < F; j++) {
    if (columnSum[j] === 0) {
      scores[j] = -Infinity;
      continue;
    }
    let s = 0;
    for (let c = 0; c < nClasses; c++) {
      const expected = (classCount[c] / x.nRows) * columnSum[j];
      const d = observed[c * F + j] - expected;
      s += (d * d) / expected;
    }
    scores[j] = s;
  }
  return scores;
}

registerEstimator(KIND, (state) => Chi2Selector.fromState(state));
