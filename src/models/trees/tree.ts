// One decision tree as flat typed arrays, and the builder growers fill node by node.

/**
 * A tree's nodes, root first. Internal node i sends a row left when x[feature[i]] <= threshold[i] (raw values)
 * or, on binned data, when bin <= binThreshold[i]; the two agree (see `BinMapper`). Leaves have feature -1.
 * Regression trees (boosting) carry `value`, the output of every node (a leaf's is its prediction; an internal
 * node's is what it would predict as a leaf, used for path contributions). Classification trees (forests)
 * carry each leaf's class distribution, sparse: classes `distClass[distPtr[i]..distPtr[i+1])` with
 * probabilities `distProb[...]` (empty for internal nodes).
 */
export interface TreeArrays {
  feature: Int32Array;
  threshold: Float64Array;
  binThreshold: Uint8Array;
  left: Int32Array;
  right: Int32Array;
  /** Split quality of internal nodes (impurity decrease x weight, or loss reduction); 0 for leaves. */
  gain: Float32Array;
  /** Training weight reaching the node (weighted samples, or the hessian sum). */
  weight: Float32Array;
  value?: Float32Array;
  distPtr?: Int32Array;
  distClass?: Uint16Array;
  distProb?: Float32Array;
}

/** Appends nodes and sets their children; `finish` returns compact typed arrays. */
export class TreeBuilder {
  private feature: number[] = [];
  private threshold: number[] = [];
  private binThreshold: number[] = [];
  private left: number[] = [];
  private right: number[] = [];
  private gain: number[] = [];
  private weight: number[] = [];
  private value: number[] = [];
  /** Leaf distributions as appended: node, class, probability (assembled per node by `finish`). */
  private distNode: number[] = [];
  private distClass: number[] = [];
  private distProb: number[] = [];

  get size(): number {
    return this.feature.length;
  }

  /** Adds a node (a leaf until `split` is called) and returns its index. */
  addNode(weight: number, value = 0): number {
    this.feature.push(-1);
    this.threshold.push(0);
    this.binThreshold.push(0);
    this.left.push(-1);
    this.right.push(-1);
    this.gain.push(0);
    this.weight.push(weight);
    this.value.push(value);
    return this.feature.length - 1;
  }

  /** Turns node i into an internal node with the given split and children. */
  split(i: number, feature: number, binThreshold: number, threshold: number, gain: number, left: number, right: number): void {
    this.feature[i] = feature;
    this.binThreshold[i] = binThreshold;
    this.threshold[i] = threshold;
    this.gain[i] = gain;
    this.left[i] = left;
    this.right[i] = right;
  }

  setWeight(i: number, weight: number): void {
    this.weight[i] = weight;
  }

  setValue(i: number, value: number): void {
    this.value[i] = value;
  }

  /** Sets leaf i's class distribution (once per leaf): the first `count` classes and probabilities given. */
  setDistribution(i: number, classes: ArrayLike<number>, probabilities: ArrayLike<number>, count: number): void {
    for (let q = 0; q < count; q++) {
      this.distNode.push(i);
      this.distClass.push(classes[q]);
      this.distProb.push(probabilities[q]);
    }
  }

  finish(kind: 'regression' | 'classification'): TreeArrays {
    const base: TreeArrays = {
      feature: Int32Array.from(this.feature),
      threshold: Float64Array.from(this.threshold),
      binThreshold: Uint8Array.from(this.binThreshold),
      left: Int32Array.from(this.left),
      right: Int32Array.from(this.right),
      gain: Float32Array.from(this.gain),
      weight: Float32Array.from(this.weight),
    };
    if (kind === 'regression') return { ...base, value: Float32Array.from(this.value) };
    const n = this.feature.length;
    const distPtr = new Int32Array(n + 1);
    for (const node of this.distNode) distPtr[node + 1]++;
    for (let i = 0; i < n; i++) distPtr[i + 1] += distPtr[i];
    const fill = distPtr.slice(0, n);
    const distClass = new Uint16Array(this.distClass.length);
    const distProb = new Float32Array(this.distProb.length);
    this.distNode.forEach((node, q) => {
      const p = fill[node]++;
      distClass[p] = this.distClass[q];
      distProb[p] = this.distProb[q];
    });
    return { ...base, distPtr, distClass, distProb };
  }
}

/** The buffers of a tree, for transferring it from a worker thread without a copy. */
export function treeBuffers(tree: TreeArrays): ArrayBuffer[] {
  return Object.values(tree)
    .filter((a): a is NonNullable<typeof a> => a !== undefined)
    .map((a) => a.buffer as ArrayBuffer);
}

/** Depth of the deepest leaf (a lone root has depth 0). */
export function treeDepth(tree: TreeArrays, node = 0): number {
  if (tree.feature[node] < 0) return 0;
  return 1 + Math.max(treeDepth(tree, tree.left[node]), treeDepth(tree, tree.right[node]));
}
