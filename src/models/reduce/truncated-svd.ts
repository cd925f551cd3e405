// TruncatedSVD: sparse TF-IDF rows to a few dense components by randomized SVD (scikit-learn's TruncatedSVD).

import type { CsrMatrix } from '../../core/csr-matrix.js';
import { DenseMatrix } from '../../core/dense-matrix.js';
import { ProdclassError } from '../../core/errors.js';
import { BaseEstimator, checkFeatureCount, type EstimatorState, type FitOptions, type Transformer } from '../../core/estimator.js';
import type { ParamConstraints } from '../../core/params.js';
import { registerEstimator } from '../../core/registry.js';
import { Rng } from '../../core/rng.js';
import { orthonormalizeColumns, sparseTimesDense, sparseTransposeTimesDense, symmetricEigen } from './dense-linear-algebra.js';

export interface TruncatedSvdParams {
  nComponents: number;
  /** Power iterations (scikit-learn's n_iter). */
  nIter: number;
  /** Extra random directions beyond nComponents (scikit-learn's n_oversamples). */
  nOversamples: number;
  seed: number;
}

export const TRUNCATED_SVD_DEFAULTS: TruncatedSvdParams = { nComponents: 100, nIter: 5, nOversamples: 10, seed: 0 };

const CONSTRAINTS: ParamConstraints<TruncatedSvdParams> = {
  nComponents: { type: 'number', integer: true, min: 1 },
  nIter: { type: 'number', integer: true, min: 0 },
  nOversamples: { type: 'number', integer: true, min: 0 },
  seed: { type: 'number', integer: true },
};

const KIND = 'truncated-svd';

interface SvdFitted {
  nFeatures: number;
  /** nComponents x nFeatures, row-major: the right singular vectors V'. */
  components: Float32Array;
  singularValues: Float64Array;
}

/**
 * X ~ U S V' by the randomized range finder of Halko, Martinsson and Tropp (scikit-learn's randomized_svd):
 * a Gaussian F x l block Q (l = nComponents + nOversamples), nIter power iterations Q <- orth(X' orth(X Q)),
 * then B = orth(X Q)' X, whose small SVD comes from the eigen-decomposition of B B'. Components are V's first
 * nComponents rows, signs flipped so each column of U has its largest-magnitude entry positive (scikit-learn's
 * svd_flip); transform(X) = X V. No centring (so it works on sparse input; this is LSA).
 *
 * Departure: power iterations are normalised by Gram-Schmidt (scikit-learn uses LU for speed); the subspace, and
 * so the result, is the same up to rounding.
 */
export class TruncatedSVD extends BaseEstimator<TruncatedSvdParams> implements Transformer<CsrMatrix, DenseMatrix, TruncatedSvdParams> {
  readonly kind = KIND;
  private state: SvdFitted | undefined;
  private transposed: Float32Array | undefined;

  /** @throws ProdclassError INVALID_PARAM naming the parameter. */
  constructor(params: Partial<TruncatedSvdParams> = {}) {
    super(KIND, TRUNCATED_SVD_DEFAULTS, CONSTRAINTS, params);
  }

  get isFitted(): boolean {
    return this.state !== undefined;
  }

  get components(): Float32Array {
    return this.fitted(this.state).components;
  }

  get singularValues(): Float64Array {
    return this.fitted(this.state).singularValues;
  }

  get nComponents(): number {
    return this.fitted(this.state).singularValues.length;
  }

  /** @throws ProdclassError DATA_TOO_SMALL when nComponents exceeds min(rows, columns). */
  async fit(x: CsrMatrix, options: FitOptions = {}): Promise<this> {
    const p = this.params;
    const k = p.nComponents;
    if (k > Math.min(x.nRows, x.nCols)) {
      throw new ProdclassError('DATA_TOO_SMALL', `${KIND}: nComponents ${k} exceeds min(rows, columns) = ${Math.min(x.nRows, x.nCols)} of the input`);
    }
    const l = Math.min(k + p.nOversamples, x.nRows, x.nCols);
    const n = x.nRows;
    const F = x.nCols;
    const rng = new Rng(p.seed);
    let q: Float64Array = Float64Array.from({ length: F * l }, () => rng.normal());
    for (let it = 0; it < p.nIter; it++) {
      options.signal?.throwIfAborted();
      const y = sparseTimesDense(x, q, l);
      orthonormalizeColumns(y, n, l);
      q = sparseTransposeTimesDense(x, y, l);
      orthonormalizeColumns(q, F, l);
    }
    const range = sparseTimesDense(x, q, l);
    orthonormalizeColumns(range, n, l);
    // B' = X' range (F x l); B B' = (B')'(B').
    const bt = sparseTransposeTimesDense(x, range, l);
    const gram = new Float64Array(l * l);
    for (let i = 0; i < l; i++) {
      for (let j = i; j < l; j++) {
        let s = 0;
        for (let f = 0; f < F; f++) s += bt[i * F + f] * bt[j * F + f];
        gram[i * l + j] = s;
        gram[j * l + i] = s;
      }
    }
    const { values, vectors } = symmetricEigen(gram, l);
    const singularValues = new Float64Array(k);
    const components = new Float32Array(k * F);
    for (let j = 0; j < k; j++) {
      const s = Math.sqrt(Math.max(values[j], 0));
      singularValues[j] = s;
      // u_j = range w_j decides the sign; v_j = B' w_j / s.
      let best = 0;
      let bestAbs = -1;
      for (let i = 0; i < n; i++) {
        let u = 0;
        for (let c = 0; c < l; c++) u += range[c * n + i] * vectors[j * l + c];
        if (Math.abs(u) > bestAbs) {
          bestAbs = Math.abs(u);
          best = u;
        }
      }
      const scale = (best < 0 ? -1 : 1) / (s > 0 ? s : 1);
      for (let f = 0; f < F; f++) {
        let v = 0;
        for (let c = 0; c < l; c++) v += bt[c * F + f] * vectors[j * l + c];
        components[j * F + f] = v * scale;
      }
    }
    this.state = { nFeatures: F, components, singularValues };
    this.transposed = undefined;
    return this;
  }

  async fitTransform(x: CsrMatrix, options: FitOptions = {}): Promise<DenseMatrix> {
    await this.fit(x, options);
    return this.transform(x);
  }

  /** X V: one row of nComponents values per input row. @throws ProdclassError NOT_FITTED; FEATURE_MISMATCH. */
  transform(x: CsrMatrix): DenseMatrix {
    const { nFeatures, singularValues } = this.fitted(this.state);
    checkFeatureCount(KIND, nFeatures, x.nCols);
    const k = singularValues.length;
    const vt = this.featureMajor();
    const out = new DenseMatrix(x.nRows, k);
    const acc = new Float64Array(k);
    for (let i = 0; i < x.nRows; i++) {
      acc.fill(0);
      for (let e = x.indptr[i]; e < x.indptr[i + 1]; e++) {
        const v = x.data[e];
        const base = x.indices[e] * k;
        for (let j = 0; j < k; j++) acc[j] += v * vt[base + j];
      }
      out.data.set(acc, i * k);
    }
    return out;
  }

  /**
   * Contributions c_j to components z_j = sum_f x_f V_jf, shared among the input columns in proportion to what
   * each put into the component: column f gets sum_j c_j x_f V_jf / z_j (components with z_j ~ 0 are skipped).
   * Exact when the classifier is linear in z; a reasonable reading otherwise.
   */
  attributeBack(input: CsrMatrix, contributions: Map<number, number>): Map<number, number> {
    const { singularValues } = this.fitted(this.state);
    const k = singularValues.length;
    const vt = this.featureMajor();
    const z = this.transform(input.selectRows([0])).row(0);
    const out = new Map<number, number>();
    for (let e = input.indptr[0]; e < input.indptr[1]; e++) {
      const f = input.indices[e];
      const x = input.data[e];
      let s = 0;
      for (const [j, c] of contributions) if (j < k && Math.abs(z[j]) > 1e-12) s += (c * x * vt[f * k + j]) / z[j];
      if (s !== 0) out.set(f, s);
    }
    return out;
  }

  getState(): EstimatorState {
    const s = this.fitted(this.state);
    return { kind: KIND, params: this.paramsJson(), fitted: { nFeatures: s.nFeatures }, arrays: { components: s.components, singularValues: s.singularValues } };
  }

  /** @throws ProdclassError MODEL_CORRUPT when the state is inconsistent. */
  static fromState(state: EstimatorState): TruncatedSVD {
    const model = new TruncatedSVD(state.params as Partial<TruncatedSvdParams>);
    const { components, singularValues } = state.arrays;
    const nFeatures = state.fitted.nFeatures;
    if (!(components instanceof Float32Array) || !(singularValues instanceof Float64Array) || typeof nFeatures !== 'number' || components.length !== singularValues.length * nFeatures) {
      throw new ProdclassError('MODEL_CORRUPT', `${KIND}: saved state needs float32 components (k x nFeatures), float64 singularValues and nFeatures`);
    }
    model.state = { nFeatures, components, singularValues };
    return model;
  }

  /** Components transposed (nFeatures x k), built once: each input non-zero reads k neighbouring values. */
  private featureMajor(): Float32Array {
    if (!this.transposed) {
      const { components, singularValues, nFeatures } = this.fitted(this.state);
      const k = singularValues.length;
      const t = new Float32Array(components.length);
      for (let j = 0; j < k; j++) for (let f = 0; f < nFeatures; f++) t[f * k + j] = components[j * nFeatures + f];
      this.transposed = t;
    }
    return this.transposed;
  }
}

registerEstimator(KIND, (state) => TruncatedSVD.fromState(state));
