// KNeighborsClassifier: the categories of the nearest catalog products (LSA vectors of the TF-IDF rows, cosine), weighted by closeness.

import { CsrMatrix } from '../../core/csr-matrix.js';
import { DenseMatrix } from '../../core/dense-matrix.js';
import { ProdclassError } from '../../core/errors.js';
import { BaseEstimator, checkFeatureCount, checkSameLength, encodeLabels, uniqueClasses, type Classifier, type EstimatorState, type FitOptions, type Labels } from '../../core/estimator.js';
import type { ParamConstraints } from '../../core/params.js';
import { registerEstimator } from '../../core/registry.js';
import { TruncatedSVD } from '../reduce/truncated-svd.js';
import { exactNeighbours } from './exact-neighbours.js';
import { normalize } from './sparse-projection.js';

export interface KnnParams {
  nNeighbors: number;
  /** LSA components the rows are compared in. */
  nComponents: number;
  /** `distance`: each neighbour votes 1 / (cosine distance); `uniform`: one vote each. */
  weights: 'distance' | 'uniform';
  seed: number;
}

/** 10 neighbours, 128 components: bench/similar.ts's leave-one-out vote accuracy 0.656 on the Rakuten sample. */
export const KNN_DEFAULTS: KnnParams = { nNeighbors: 10, nComponents: 128, weights: 'distance', seed: 42 };

const CONSTRAINTS: ParamConstraints<KnnParams> = {
  nNeighbors: { type: 'number', integer: true, min: 1, max: 1000 },
  nComponents: { type: 'number', integer: true, min: 2, max: 1024 },
  weights: { type: 'enum', values: ['distance', 'uniform'] },
  seed: { type: 'number', integer: true },
};

const KIND = 'knn-classifier';

interface KnnFitted {
  svd: TruncatedSVD;
  nFeatures: number;
  classes: Int32Array;
  /** Class position of each training row. */
  rowClass: Int32Array;
  /** Unit LSA vectors of the training rows, row-major. */
  vectors: Float32Array;
  dims: number;
}

/** scikit-learn's KNeighborsClassifier(metric="cosine") on LSA components, searched exactly (the catalog index serves large catalogs). */
export class KNeighborsClassifier extends BaseEstimator<KnnParams> implements Classifier<CsrMatrix, KnnParams> {
  readonly kind = KIND;
  private state: KnnFitted | undefined;

  /** @throws ProdclassError INVALID_PARAM naming the parameter. */
  constructor(params: Partial<KnnParams> = {}) {
    super(KIND, KNN_DEFAULTS, CONSTRAINTS, params);
  }

  get isFitted(): boolean {
    return this.state !== undefined;
  }

  get classes(): Int32Array {
    return this.fitted(this.state).classes;
  }

  /** @throws ProdclassError INVALID_INPUT when x and y disagree; DATA_TOO_SMALL for fewer than 2 classes. */
  async fit(x: CsrMatrix, y: Labels, options: FitOptions = {}): Promise<this> {
    checkSameLength(x.nRows, y.length);
    const classes = uniqueClasses(y);
    const nComponents = Math.max(1, Math.min(this.params.nComponents, x.nRows - 1, x.nCols - 1));
    const svd = await new TruncatedSVD({ nComponents, seed: this.params.seed }).fit(x, options);
    const vectors = this.embed(svd, x);
    this.state = { svd, nFeatures: x.nCols, classes, rowClass: encodeLabels(y, classes), vectors, dims: svd.nComponents };
    return this;
  }

  private embed(svd: TruncatedSVD, x: CsrMatrix): Float32Array {
    const z = svd.transform(x);
    for (let i = 0; i < z.rows; i++) normalize(z.data, i * z.cols, z.cols);
    return z.data;
  }

  /** @throws ProdclassError NOT_FITTED; FEATURE_MISMATCH. */
  predictProba(x: CsrMatrix): DenseMatrix {
    const s = this.fitted(this.state);
    checkFeatureCount(KIND, s.nFeatures, x.nCols);
    const queries = this.embed(s.svd, x);
    const K = s.classes.length;
    const out = new DenseMatrix(x.nRows, K);
    for (let i = 0; i < x.nRows; i++) {
      const { rows, similarities } = exactNeighbours(s.vectors, s.dims, queries.subarray(i * s.dims, (i + 1) * s.dims), this.params.nNeighbors);
      const row = out.row(i);
      let total = 0;
      rows.forEach((r, j) => {
        const w = this.params.weights === 'uniform' ? 1 : 1 / Math.max(1 - similarities[j], 1e-6);
        row[s.rowClass[r]] += w;
        total += w;
      });
      if (total > 0) for (let k = 0; k < K; k++) row[k] /= total;
      else row.fill(1 / K);
    }
    return out;
  }

  predict(x: CsrMatrix): Labels {
    const classes = this.classes;
    return Int32Array.from(this.predictProba(x).argmaxRows(), (j) => classes[j]);
  }

  getState(): EstimatorState {
    const s = this.fitted(this.state);
    return {
      kind: KIND,
      params: this.paramsJson(),
      fitted: { nFeatures: s.nFeatures, dims: s.dims },
      arrays: { classes: s.classes, rowClass: s.rowClass, vectors: s.vectors },
      children: { svd: s.svd.getState() },
    };
  }

  /** @throws ProdclassError MODEL_CORRUPT when the state is inconsistent. */
  static fromState(state: EstimatorState): KNeighborsClassifier {
    const model = new KNeighborsClassifier(state.params as Partial<KnnParams>);
    const { classes, rowClass, vectors } = state.arrays;
    const { nFeatures, dims } = state.fitted;
    const svdState = state.children?.svd;
    if (!(classes instanceof Int32Array) || !(rowClass instanceof Int32Array) || !(vectors instanceof Float32Array) || typeof nFeatures !== 'number' || typeof dims !== 'number' || !svdState || vectors.length !== rowClass.length * dims) {
      throw new ProdclassError('MODEL_CORRUPT', `${KIND}: saved state needs classes, rowClass, vectors (rows x dims), nFeatures, dims and the svd`);
    }
    model.state = { svd: TruncatedSVD.fromState(svdState), nFeatures, classes, rowClass, vectors, dims };
    return model;
  }
}

registerEstimator(KIND, (state) => KNeighborsClassifier.fromState(state));
