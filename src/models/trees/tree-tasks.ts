// The unit of parallel tree work: one forest tree, or one class's tree of a boosting round, from a seed.

import { Rng } from '../../core/rng.js';
import { BinMapper, type BinnedMatrix, type BinnedRows } from './binning.js';
import { ClassTreeGrower, type ClassTreeParams } from './class-grower.js';
import { forestSampleWeights, type ForestSampling } from './forest-sampling.js';
import { GradientTreeGrower, sampleFeatures, type GradientTreeParams } from './gradient-grower.js';
import { binnedLeafOf, forEachBinnedRow } from './predictor.js';
import type { TreeArrays } from './tree.js';

/** Everything a thread needs to grow trees, made of plain values and (shared) typed arrays. */
export type TreeJob = ForestJob | BoostJob;

interface JobBase {
  binned: BinnedMatrix;
  maxBins: number;
  edges: Float64Array;
  edgeStart: Int32Array;
}

export interface ForestJob extends JobBase {
  kind: 'forest';
  yIndex: Int32Array;
  nClasses: number;
  tree: ClassTreeParams;
  sampling: ForestSampling;
}

export interface BoostJob extends JobBase {
  kind: 'boost';
  nClasses: number;
  /** Class-major gradients and hessians of the current round (rewritten by the main thread each round). */
  grad: Float64Array;
  hess: Float64Array;
  /** Synchronises the round's gradients: the main thread Atomics.stores the round before posting its tasks. */
  epoch: Int32Array;
  tree: GradientTreeParams;
  /** Row subsample per tree (1: every row) and feature subsample per tree. */
  subsample: number;
  colsampleBytree: number;
  validation: BinnedRows | null;
}

/** Forest: tree `index` from `seed`. Boosting: the tree of class `classIndex` in round `index`. */
export interface TreeTask {
  index: number;
  seed: number;
  classIndex: number;
}

export interface TreeTaskResult {
  tree: TreeArrays;
  /** Boosting: each training row's leaf value, and each validation row's. */
  rowValues?: Float32Array;
  validationValues?: Float32Array;
}

/** Runs tasks of one job; the same code serves the main thread and the workers. */
export class TreeTaskRunner {
  private readonly mapper: BinMapper;
  private readonly forestGrower: ClassTreeGrower | null = null;
  private readonly boostGrower: GradientTreeGrower | null = null;
  private readonly allFeatures: Int32Array;

  constructor(private readonly job: TreeJob) {
    this.mapper = BinMapper.fromArrays(job.maxBins, job.edges, job.edgeStart);
    if (job.kind === 'forest') this.forestGrower = new ClassTreeGrower(job.binned, this.mapper, job.yIndex, job.nClasses);
    else this.boostGrower = new GradientTreeGrower(job.binned, this.mapper);
    this.allFeatures = Int32Array.from({ length: job.binned.nFeatures }, (_, f) => f);
  }

  run(task: TreeTask): TreeTaskResult {
    const rng = new Rng(task.seed);
    const job = this.job;
    if (job.kind === 'forest') {
      const weight = forestSampleWeights(job.yIndex, job.nClasses, job.sampling, rng);
      return { tree: this.forestGrower!.grow(weight, job.tree, rng) };
    }
    Atomics.load(job.epoch, 0);
    const n = job.binned.nRows;
    const grad = job.grad.slice(task.classIndex * n, (task.classIndex + 1) * n);
    const hess = job.hess.slice(task.classIndex * n, (task.classIndex + 1) * n);
    if (job.subsample < 1) {
      for (let r = 0; r < n; r++) {
        if (rng.next() >= job.subsample) {
          grad[r] = 0;
          hess[r] = 0;
        }
      }
    }
    const features = sampleFeatures(this.allFeatures, job.colsampleBytree, rng);
    const { tree, leafOfRow } = this.boostGrower!.grow(grad, hess, features, job.tree, rng);
    const value = tree.value!;
    const rowValues = Float32Array.from(leafOfRow, (leaf) => value[leaf]);
    let validationValues: Float32Array | undefined;
    if (job.validation) {
      validationValues = new Float32Array(job.validation.nRows);
      forEachBinnedRow(job.validation, this.mapper.zeroBin, (i, bins) => (validationValues![i] = value[binnedLeafOf(tree, 0, bins)]));
    }
    return { tree, rowValues, validationValues };
  }
}
