// A WebAssembly memory that holds a sparse matrix and its solvers' state, for the dual coordinate descent pass compiled
// from assembly/dual-cd-pass.ts.

import { wasmKernel } from '../../core/wasm-kernel.js';
import { newSharedMemory, PAGE_BYTES, sharedArrays, sharedArraysAt, sharedArraysBytes, sharedRoom, takeShared, type ArraySpec } from '../../core/shared-memory.js';

/** The exports of wasm/dual-cd-pass.wasm (byte offsets for pointers; see the AssemblyScript source). */
export interface DualCdKernel {
  pass(
    index: number,
    activeSize: number,
    indptr: number,
    indices: number,
    data: number,
    y: number,
    alpha: number,
    diag: number,
    upper: number,
    qd: number,
    w: number,
    bias: number,
    pgMaxOld: number,
    pgMinOld: number,
  ): number;
  setBiasWeight(value: number): void;
  biasWeight(): number;
  largestProjectedGradient(): number;
  smallestProjectedGradient(): number;
}

/** One solve's per-row and per-feature state, as views into the memory (reused from one solve to the next). */
export interface DualCdScratch {
  readonly y: Int8Array;
  readonly alpha: Float64Array;
  readonly diag: Float64Array;
  readonly upper: Float64Array;
  readonly qd: Float64Array;
  readonly index: Int32Array;
  readonly w: Float64Array;
}

/** This thread's wrapper of each shared memory: one kernel instance per thread, and the regions it lends. */
const wrappers = new WeakMap<WebAssembly.Memory, DualCdMemory>();

/**
 * A shared WebAssembly memory holding a matrix, wrapped for the dual CD kernel: each thread wraps it with `of()` and gets
 * its own kernel instance. A solver's scratch is a region of the memory: the thread that runs a fit lends one to each of
 * its solvers (threads included) and takes them back when the fit ends, so that fits repeated on one matrix (a
 * hyperparameter search) reuse them instead of growing the memory each time. Nothing is freed: a memory lives as long
 * as the matrix in it.
 */
export class DualCdMemory {
  readonly kernel: DualCdKernel;
  /** Regions given back, by problem size, ready to lend again (this thread's bookkeeping). */
  private readonly spare = new Map<string, number[]>();
  private own: { nRows: number; nFeatures: number; scratch: DualCdScratch } | undefined;

  private constructor(readonly memory: WebAssembly.Memory) {
    this.kernel = new WebAssembly.Instance(wasmKernel('dual-cd-pass'), { env: { memory } }).exports as unknown as DualCdKernel;
  }

  /** This thread's wrapper of `memory` (made here or in another thread). */
  static of(memory: WebAssembly.Memory): DualCdMemory {
    let wrapper = wrappers.get(memory);
    if (!wrapper) {
      wrapper = new DualCdMemory(memory);
      wrappers.set(memory, wrapper);
    }
    return wrapper;
  }

  /**
   * A new memory holding copies of `arrays` (views in the same order), with room for `threads` solvers' scratch for
   * problems of `nRows` rows and `nFeatures` features; null when that would pass wasm32's 4 GiB (the caller then
   * solves in TypeScript).
   */
  static place<T extends Int32Array | Float32Array>(arrays: readonly T[], threads: number, nRows: number, nFeatures: number): { memory: DualCdMemory; views: T[] } | null {
    const specs = arrays.map((a) => [a.constructor as ArraySpec[0], a.length] as const);
    const memory = newSharedMemory();
    if (sharedRoom(memory) < roundUpToPage(sharedArraysBytes(specs)) + threads * scratchBytes(nRows, nFeatures)) return null;
    const views = sharedArrays(memory, specs) as T[];
    views.forEach((view, k) => view.set(arrays[k]));
    return { memory: DualCdMemory.of(memory), views };
  }

  /** Whether `lendScratch(count, ...)` would succeed: spare regions of this size, and room for the rest. */
  canLend(count: number, nRows: number, nFeatures: number): boolean {
    const spare = this.spare.get(sizeKey(nRows, nFeatures))?.length ?? 0;
    return spare + Math.floor(sharedRoom(this.memory) / scratchBytes(nRows, nFeatures)) >= count;
  }

  /** Byte offsets of `count` scratch regions for problems of this size, spare ones first. @throws RangeError when full. */
  lendScratch(count: number, nRows: number, nFeatures: number): number[] {
    const spare = this.spare.get(sizeKey(nRows, nFeatures)) ?? [];
    const lent = spare.splice(0, count);
    while (lent.length < count) lent.push(takeShared(this.memory, scratchBytes(nRows, nFeatures)));
    return lent;
  }

  /** Takes back regions `lendScratch` lent, once no solver uses them any more. */
  giveBack(offsets: readonly number[], nRows: number, nFeatures: number): void {
    const key = sizeKey(nRows, nFeatures);
    this.spare.set(key, [...(this.spare.get(key) ?? []), ...offsets]);
  }

  /** The scratch views of the region at `offset` (which `lendScratch` lent for this size). */
  scratchAt(offset: number, nRows: number, nFeatures: number): DualCdScratch {
    const [w, alpha, diag, upper, qd, index, y] = sharedArraysAt(this.memory, offset, scratchSpecs(nRows, nFeatures));
    return { w, alpha, diag, upper, qd, index, y } as DualCdScratch;
  }

  /** This thread's own scratch for a solve given none (kept for the next solve of the same size). */
  ownScratch(nRows: number, nFeatures: number): DualCdScratch {
    if (this.own?.nRows !== nRows || this.own.nFeatures !== nFeatures) {
      this.own = { nRows, nFeatures, scratch: this.scratchAt(this.lendScratch(1, nRows, nFeatures)[0], nRows, nFeatures) };
    }
    return this.own.scratch;
  }
}

function sizeKey(nRows: number, nFeatures: number): string {
  return `${nRows}:${nFeatures}`;
}

/** A scratch region's size, in whole pages (a region is taken with `takeShared`). */
function scratchBytes(nRows: number, nFeatures: number): number {
  return roundUpToPage(sharedArraysBytes(scratchSpecs(nRows, nFeatures)));
}

function scratchSpecs(nRows: number, nFeatures: number): ArraySpec[] {
  return [
    [Float64Array, nFeatures],
    [Float64Array, nRows],
    [Float64Array, nRows],
    [Float64Array, nRows],
    [Float64Array, nRows],
    [Int32Array, nRows],
    [Int8Array, nRows],
  ];
}

function roundUpToPage(bytes: number): number {
  return Math.max(1, Math.ceil(bytes / PAGE_BYTES)) * PAGE_BYTES;
}
