// Why tree ensembles decide as they do: impurity importances, and per-row path contributions (Saabas).

import type { TreeInput } from './binning.js';
import { forEachRow } from './predictor.js';
import { normalise, type TreeEnsemble } from './tree-ensemble.js';

/** Mean over trees of each tree's normalised impurity decrease per feature (scikit-learn's feature_importances_), normalised. */
export function forestImportances(trees: TreeEnsemble, nFeatures: number): Float64Array {
  const total = new Float64Array(nFeatures);
  const perTree = new Float64Array(nFeatures);
  for (let t = 0; t < trees.nTrees; t++) {
    perTree.fill(0);
    let sum = 0;
    for (let i = trees.treeStart[t]; i < trees.treeStart[t + 1]; i++) {
      if (trees.feature[i] < 0) continue;
      perTree[trees.feature[i]] += trees.gain[i];
      sum += trees.gain[i];
    }
    if (sum > 0) for (let f = 0; f < nFeatures; f++) total[f] += perTree[f] / sum;
  }
  return normalise(total);
}

const classValueCache = new WeakMap<TreeEnsemble, Map<number, Float64Array>>();

/**
 * P(class | node) for every node of a forest: leaves give their distribution; an internal node the
 * weight-averaged distribution of its leaves (children always follow their parent in the arrays, so one
 * backward pass suffices). Cached per ensemble and class.
 */
export function forestClassValues(trees: TreeEnsemble, classIndex: number): Float64Array {
  let byClass = classValueCache.get(trees);
  if (!byClass) classValueCache.set(trees, (byClass = new Map()));
  const cached = byClass.get(classIndex);
  if (cached) return cached;
  const n = trees.nNodes;
  const mass = new Float64Array(n);
  const weight = new Float64Array(n);
  const { feature, left, right, distPtr, distClass, distProb } = trees;
  for (let i = n - 1; i >= 0; i--) {
    if (feature[i] < 0) {
      weight[i] = trees.weight[i];
      for (let q = distPtr![i]; q < distPtr![i + 1]; q++) if (distClass![q] === classIndex) mass[i] = distProb![q] * weight[i];
    } else {
      weight[i] = weight[left[i]] + weight[right[i]];
      mass[i] = mass[left[i]] + mass[right[i]];
    }
  }
  const value = Float64Array.from(mass, (m, i) => (weight[i] > 0 ? m / weight[i] : 0));
  byClass.set(classIndex, value);
  return value;
}

/**
 * Saabas path contributions of the first row of x to class `classIndex`, averaged over the trees: each split on
 * the row's path credits its feature with value(child taken) - value(node). The contributions plus the mean
 * root value equal the predicted probability. Returns feature -> contribution (features on no path omitted).
 */
export function forestContributions(trees: TreeEnsemble, _nClasses: number, x: TreeInput, classIndex: number): Map<number, number> {
  const value = forestClassValues(trees, classIndex);
  return pathContributions(trees, x, value, (t) => t, 1 / trees.nTrees);
}

/**
 * The same for boosted trees: trees of class `classIndex` only (`classOfTree`), node values being the trees'
 * outputs, so contributions add up to the class's raw score minus the starting score and the root values.
 */
export function boostContributions(trees: TreeEnsemble, classOfTree: (t: number) => number, x: TreeInput, classIndex: number): Map<number, number> {
  return pathContributions(trees, x, trees.value!, (t) => (classOfTree(t) === classIndex ? t : -1), 1);
}

function pathContributions(trees: TreeEnsemble, x: TreeInput, value: ArrayLike<number>, use: (t: number) => number, scale: number): Map<number, number> {
  const out = new Map<number, number>();
  forEachRow(x, (i, row) => {
    if (i > 0) return;
    for (let t = 0; t < trees.nTrees; t++) {
      if (use(t) < 0) continue;
      let node = trees.treeStart[t];
      while (trees.feature[node] >= 0) {
        const f = trees.feature[node];
        const next = row[f] <= trees.threshold[node] ? trees.left[node] : trees.right[node];
        out.set(f, (out.get(f) ?? 0) + (value[next] - value[node]) * scale);
        node = next;
      }
    }
  });
  return out;
}
