// Many trees in one set of flat arrays: how forests and boosted models store, save and load their trees.

import { ProdclassError } from '../../core/errors.js';
import type { TypedArray } from '../../core/estimator.js';
import type { TreeArrays } from './tree.js';

/**
 * The nodes of every tree concatenated: tree t's nodes are `[treeStart[t], treeStart[t+1])` and its root is
 * `treeStart[t]`; `left`/`right` hold absolute node indices. Leaf distributions (classification) are
 * concatenated the same way, `distPtr` absolute.
 */
export class TreeEnsemble {
  constructor(
    readonly treeStart: Int32Array,
    readonly feature: Int32Array,
    readonly threshold: Float64Array,
    readonly binThreshold: Uint8Array,
    readonly left: Int32Array,
    readonly right: Int32Array,
    readonly gain: Float32Array,
    readonly weight: Float32Array,
    readonly value: Float32Array | null,
    readonly distPtr: Int32Array | null,
    readonly distClass: Uint16Array | null,
    readonly distProb: Float32Array | null,
  ) {}

  get nTrees(): number {
    return this.treeStart.length - 1;
  }

  get nNodes(): number {
    return this.feature.length;
  }

  /** Concatenates trees (all regression or all classification). */
  static fromTrees(trees: readonly TreeArrays[]): TreeEnsemble {
    const treeStart = new Int32Array(trees.length + 1);
    trees.forEach((t, i) => (treeStart[i + 1] = treeStart[i] + t.feature.length));
    const n = treeStart[trees.length];
    const regression = trees.length > 0 && trees[0].value !== undefined;
    const feature = new Int32Array(n);
    const threshold = new Float64Array(n);
    const binThreshold = new Uint8Array(n);
    const left = new Int32Array(n);
    const right = new Int32Array(n);
    const gain = new Float32Array(n);
    const weight = new Float32Array(n);
    const value = regression ? new Float32Array(n) : null;
    const nDist = regression ? 0 : trees.reduce((s, t) => s + t.distClass!.length, 0);
    const distPtr = regression ? null : new Int32Array(n + 1);
    const distClass = regression ? null : new Uint16Array(nDist);
    const distProb = regression ? null : new Float32Array(nDist);
    let distOffset = 0;
    trees.forEach((t, i) => {
      const o = treeStart[i];
      feature.set(t.feature, o);
      threshold.set(t.threshold, o);
      binThreshold.set(t.binThreshold, o);
      gain.set(t.gain, o);
      weight.set(t.weight, o);
      for (let j = 0; j < t.feature.length; j++) {
        left[o + j] = t.left[j] < 0 ? -1 : t.left[j] + o;
        right[o + j] = t.right[j] < 0 ? -1 : t.right[j] + o;
      }
      if (value) value.set(t.value!, o);
      if (distPtr) {
        for (let j = 0; j < t.feature.length; j++) distPtr[o + j] = t.distPtr![j] + distOffset;
        distClass!.set(t.distClass!, distOffset);
        distProb!.set(t.distProb!, distOffset);
        distOffset += t.distClass!.length;
        distPtr[o + t.feature.length] = distOffset;
      }
    });
    return new TreeEnsemble(treeStart, feature, threshold, binThreshold, left, right, gain, weight, value, distPtr, distClass, distProb);
  }

  /** The first `nTrees` trees (early stopping keeps the best prefix). */
  prefix(nTrees: number): TreeEnsemble {
    const n = this.treeStart[nTrees];
    const nDist = this.distPtr ? this.distPtr[n] : 0;
    return new TreeEnsemble(
      this.treeStart.slice(0, nTrees + 1),
      this.feature.slice(0, n),
      this.threshold.slice(0, n),
      this.binThreshold.slice(0, n),
      this.left.slice(0, n),
      this.right.slice(0, n),
      this.gain.slice(0, n),
      this.weight.slice(0, n),
      this.value ? this.value.slice(0, n) : null,
      this.distPtr ? this.distPtr.slice(0, n + 1) : null,
      this.distClass ? this.distClass.slice(0, nDist) : null,
      this.distProb ? this.distProb.slice(0, nDist) : null,
    );
  }

  /** Sum of split gains per feature, normalised to sum to 1 (all zeros when no tree splits). */
  gainImportances(nFeatures: number): Float64Array {
    const total = new Float64Array(nFeatures);
    for (let i = 0; i < this.nNodes; i++) if (this.feature[i] >= 0) total[this.feature[i]] += this.gain[i];
    return normalise(total);
  }

  /** Arrays for `EstimatorState` (prefixed names, so a model can keep other arrays beside them). */
  toArrays(): Record<string, TypedArray> {
    const arrays: Record<string, TypedArray> = {
      treeStart: this.treeStart,
      feature: this.feature,
      threshold: this.threshold,
      binThreshold: this.binThreshold,
      left: this.left,
      right: this.right,
      gain: this.gain,
      weight: this.weight,
    };
    if (this.value) arrays.value = this.value;
    if (this.distPtr) Object.assign(arrays, { distPtr: this.distPtr, distClass: this.distClass!, distProb: this.distProb! });
    return Object.fromEntries(Object.entries(arrays).map(([k, v]) => [`tree.${k}`, v]));
  }

  /** @throws ProdclassError MODEL_CORRUPT naming the missing or mis-sized array. */
  static fromArrays(kind: string, arrays: Record<string, TypedArray>): TreeEnsemble {
    const get = <T extends TypedArray>(name: string, ctor: new (...args: never[]) => T, optional = false): T | null => {
      const a = arrays[`tree.${name}`];
      if (a === undefined && optional) return null;
      if (!(a instanceof ctor)) throw new ProdclassError('MODEL_CORRUPT', `${kind}: saved state lacks the tree array "${name}" (${ctor.name})`);
      return a;
    };
    const treeStart = get('treeStart', Int32Array)!;
    const feature = get('feature', Int32Array)!;
    const n = feature.length;
    const sized = [get('threshold', Float64Array)!, get('binThreshold', Uint8Array)!, get('left', Int32Array)!, get('right', Int32Array)!, get('gain', Float32Array)!, get('weight', Float32Array)!] as const;
    const value = get('value', Float32Array, true);
    const distPtr = get('distPtr', Int32Array, true);
    if (sized.some((a) => a.length !== n) || treeStart[treeStart.length - 1] !== n || (value && value.length !== n) || (!value && !distPtr)) {
      throw new ProdclassError('MODEL_CORRUPT', `${kind}: saved tree arrays disagree in length`);
    }
    for (let i = 0; i < n; i++) {
      if (feature[i] >= 0 && !(sized[2][i] > i && sized[2][i] < n && sized[3][i] > i && sized[3][i] < n)) {
        throw new ProdclassError('MODEL_CORRUPT', `${kind}: node ${i} has children outside its tree`);
      }
    }
    const distClass = distPtr ? get('distClass', Uint16Array)! : null;
    const distProb = distPtr ? get('distProb', Float32Array)! : null;
    return new TreeEnsemble(treeStart, feature, ...sized, value, distPtr, distClass, distProb);
  }
}

export function normalise(values: Float64Array): Float64Array {
  let sum = 0;
  for (const v of values) sum += v;
  if (sum > 0) for (let j = 0; j < values.length; j++) values[j] /= sum;
  return values;
}
