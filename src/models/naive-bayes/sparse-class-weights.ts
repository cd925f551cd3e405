// Naive Bayes weights held as a per-class rule plus the few (class, feature) pairs that depart from it.

import type { CsrMatrix } from '../../core/csr-matrix.js';
import { DenseMatrix } from '../../core/dense-matrix.js';
import { ProdclassError } from '../../core/errors.js';
import type { TypedArray } from '../../core/estimator.js';

/**
 * How a naive Bayes model turns counts into weights. A class that never holds feature j weighs it by a rule of the
 * class and of the feature's count over every class N_j alone, `base[k] + scale[k] * term(N_j)`; only the classes that
 * hold it (a few of them for most n-grams) need a weight of their own.
 */
export interface NbWeighting {
  /** Per class: the log prior, or 0. */
  readonly intercept: Float64Array;
  readonly base: Float64Array;
  readonly scale: Float64Array;
  term(all: number): number;
  /** w_kj of class k holding feature j `count` > 0 times of its `all` over every class. */
  weight(all: number, count: number, k: number): number;
}

/**
 * A K x F weight matrix w_kj = base_k + scale_k * term_j, plus delta_kj for the pairs stored (`heldBy` lists a feature's
 * classes, `featureStart` where its list begins). Naive Bayes weights are dense, but on the Rakuten sample only about
 * 3 of 27 classes hold a given n-gram: kept this way a model folder saves about 12 MB instead of 54, which a server
 * reads, checks and pages in at every switch to the model (about 5 ms a megabyte here), and scoring a row adds a few
 * terms per non-zero instead of K.
 */
export class SparseClassWeights {
  private centred: Float32Array | undefined;

  constructor(
    readonly base: Float64Array,
    readonly scale: Float64Array,
    readonly term: Float32Array,
    readonly featureStart: Int32Array,
    readonly heldBy: Int32Array,
    readonly delta: Float32Array,
  ) {}

  get nClasses(): number {
    return this.base.length;
  }

  get nFeatures(): number {
    return this.term.length;
  }

  /**
   * From the feature-major counts of every class (`counts[j * K + k]`, F x K).
   */
  static fromCounts(counts: Float64Array, K: number, F: number, weighting: NbWeighting): SparseClassWeights {
    const featureStart = new Int32Array(F + 1);
    for (let j = 0; j < F; j++) {
      let held = 0;
      for (let k = 0; k < K; k++) if (counts[j * K + k] > 0) held++;
      featureStart[j + 1] = featureStart[j] + held;
    }
    const heldBy = new Int32Array(featureStart[F]);
    const delta = new Float32Array(featureStart[F]);
    const term = new Float32Array(F);
    const { base, scale } = weighting;
    for (let j = 0, q = 0; j < F; j++) {
      let all = 0;
      for (let k = 0; k < K; k++) all += counts[j * K + k];
      const t = weighting.term(all);
      term[j] = t;
      for (let k = 0; k < K; k++) {
        const count = counts[j * K + k];
        if (count <= 0) continue;
        heldBy[q] = k;
        // The rule with the term as saved (float32), so that base + scale * term + delta is the weight itself.
        delta[q++] = weighting.weight(all, count, k) - (base[k] + scale[k] * term[j]);
      }
    }
    return new SparseClassWeights(Float64Array.from(base), Float64Array.from(scale), term, featureStart, heldBy, delta);
  }

  /** Every pair stored: weights saved dense by earlier versions (`featureMajor[j * K + k]`). */
  static fromDense(featureMajor: Float32Array, K: number, F: number): SparseClassWeights {
    const featureStart = Int32Array.from({ length: F + 1 }, (_, j) => j * K);
    const heldBy = Int32Array.from({ length: F * K }, (_, q) => q % K);
    return new SparseClassWeights(new Float64Array(K), new Float64Array(K), new Float32Array(F), featureStart, heldBy, featureMajor);
  }

  /** Feature j's K weights, w_kj for every class k, into `into`. */
  private featureWeights(j: number, into: Float64Array): void {
    const K = this.nClasses;
    for (let k = 0; k < K; k++) into[k] = this.base[k] + this.scale[k] * this.term[j];
    for (let q = this.featureStart[j]; q < this.featureStart[j + 1]; q++) into[this.heldBy[q]] += this.delta[q];
  }

  /** w_kj. */
  weight(j: number, k: number): number {
    let w = this.base[k] + this.scale[k] * this.term[j];
    for (let q = this.featureStart[j]; q < this.featureStart[j + 1]; q++) if (this.heldBy[q] === k) w += this.delta[q];
    return w;
  }

  /**
   * intercept_k + sum_j x_ij w_kj, in double precision. A row's non-zeros are mostly frequent n-grams that most classes
   * hold (on the Rakuten sample, 18 of 27 classes per non-zero on average): the features held by at least half the
   * classes are scored from a dense copy of their weights, four classes at a time in registers as linearScores does;
   * the others by the rule's two sums per row, then their stored pairs.
   */
  scores(x: CsrMatrix, intercept: Float32Array): DenseMatrix {
    const K = this.nClasses;
    const { base, scale, term, featureStart, heldBy, delta } = this;
    const { denseRow, denseWeights } = this.denseFeatures();
    const out = new DenseMatrix(x.nRows, K);
    const sums = new Float64Array(K);
    let at = new Int32Array(0);
    let value = new Float64Array(0);
    const { indptr, indices, data } = x;
    for (let i = 0; i < x.nRows; i++) {
      const from = indptr[i];
      const to = indptr[i + 1];
      if (at.length < to - from) {
        at = new Int32Array(2 * (to - from));
        value = new Float64Array(at.length);
      }
      for (let k = 0; k < K; k++) sums[k] = intercept[k];
      // The sparse features' pairs and rule sums; the dense features gathered.
      let m = 0;
      let rowSum = 0;
      let termSum = 0;
      for (let p = from; p < to; p++) {
        const j = indices[p];
        const v = data[p];
        const row = denseRow[j];
        if (row >= 0) {
          at[m] = row * K;
          value[m++] = v;
          continue;
        }
        rowSum += v;
        termSum += v * term[j];
        for (let q = featureStart[j]; q < featureStart[j + 1]; q++) sums[heldBy[q]] += v * delta[q];
      }
      let k = 0;
      for (; k + 4 <= K; k += 4) {
        let s0 = base[k] * rowSum + scale[k] * termSum;
        let s1 = base[k + 1] * rowSum + scale[k + 1] * termSum;
        let s2 = base[k + 2] * rowSum + scale[k + 2] * termSum;
        let s3 = base[k + 3] * rowSum + scale[k + 3] * termSum;
        for (let t = 0; t < m; t++) {
          const a = at[t] + k;
          const v = value[t];
          s0 += denseWeights[a] * v;
          s1 += denseWeights[a + 1] * v;
          s2 += denseWeights[a + 2] * v;
          s3 += denseWeights[a + 3] * v;
        }
        sums[k] += s0;
        sums[k + 1] += s1;
        sums[k + 2] += s2;
        sums[k + 3] += s3;
      }
      for (; k < K; k++) {
        let sum = base[k] * rowSum + scale[k] * termSum;
        for (let t = 0; t < m; t++) sum += denseWeights[at[t] + k] * value[t];
        sums[k] += sum;
      }
      out.data.set(sums, i * K);
    }
    return out;
  }

  private dense: { denseRow: Int32Array; denseWeights: Float32Array } | undefined;

  /** The weights of the features held by at least half the classes, K side by side (`denseRow[j]` their row, -1 for the others); made on first use. */
  private denseFeatures(): { denseRow: Int32Array; denseWeights: Float32Array } {
    if (this.dense) return this.dense;
    const K = this.nClasses;
    const F = this.nFeatures;
    const { featureStart } = this;
    const denseRow = new Int32Array(F).fill(-1);
    let rows = 0;
    for (let j = 0; j < F; j++) if (2 * (featureStart[j + 1] - featureStart[j]) >= K) denseRow[j] = rows++;
    const denseWeights = new Float32Array(rows * K);
    const w = new Float64Array(K);
    for (let j = 0; j < F; j++) {
      if (denseRow[j] < 0) continue;
      this.featureWeights(j, w);
      denseWeights.set(w, denseRow[j] * K);
    }
    return (this.dense = { denseRow, denseWeights });
  }

  /**
   * w_kj - mean_k w_kj, feature-major (F x K), made on first call: shifting every class's score by the same
   * sum_j x_j a_j leaves softmax unchanged, and centred weights say which words favour a class over the others
   * (explanations), not which are frequent.
   */
  centredFeatureMajor(): Float32Array {
    if (this.centred) return this.centred;
    const K = this.nClasses;
    const F = this.nFeatures;
    const out = new Float32Array(F * K);
    const w = new Float64Array(K);
    for (let j = 0; j < F; j++) {
      this.featureWeights(j, w);
      let mean = 0;
      for (let k = 0; k < K; k++) mean += w[k];
      mean /= K;
      for (let k = 0; k < K; k++) out[j * K + k] = w[k] - mean;
    }
    return (this.centred = out);
  }

  /** What a model folder keeps. */
  arrays(): Record<string, TypedArray> {
    const { base, scale, term, featureStart, heldBy, delta } = this;
    return { classBase: base, classScale: scale, featureTerm: term, featureStart, heldBy, delta };
  }

  /**
   * Rebuilds the weights `arrays` saved.
   * @throws ProdclassError MODEL_CORRUPT when arrays are missing, mis-typed or mis-sized.
   */
  static fromArrays(kind: string, arrays: Record<string, TypedArray>, nFeatures: number, nClasses: number): SparseClassWeights {
    const { classBase, classScale, featureTerm, featureStart, heldBy, delta } = arrays;
    if (
      !(classBase instanceof Float64Array) ||
      !(classScale instanceof Float64Array) ||
      !(featureTerm instanceof Float32Array) ||
      !(featureStart instanceof Int32Array) ||
      !(heldBy instanceof Int32Array) ||
      !(delta instanceof Float32Array)
    ) {
      throw new ProdclassError('MODEL_CORRUPT', `${kind}: saved state lacks its weights (classBase, classScale, featureTerm, featureStart, heldBy, delta)`);
    }
    const held = featureStart[nFeatures];
    if (classBase.length !== nClasses || classScale.length !== nClasses || featureTerm.length !== nFeatures || featureStart.length !== nFeatures + 1 || heldBy.length !== held || delta.length !== held) {
      throw new ProdclassError('MODEL_CORRUPT', `${kind}: saved weights do not fit ${nClasses} classes and ${nFeatures} features`);
    }
    for (let j = 0; j < nFeatures; j++) {
      if (featureStart[j] < 0 || featureStart[j] > featureStart[j + 1]) throw new ProdclassError('MODEL_CORRUPT', `${kind}: saved weights' featureStart is not ascending at ${j}`);
    }
    for (let q = 0; q < held; q++) {
      if (heldBy[q] < 0 || heldBy[q] >= nClasses) throw new ProdclassError('MODEL_CORRUPT', `${kind}: saved weights name class ${heldBy[q]} of ${nClasses}`);
    }
    return new SparseClassWeights(classBase, classScale, featureTerm, featureStart, heldBy, delta);
  }
}
