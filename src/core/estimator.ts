// The estimator contract every model and transformer follows (scikit-learn's BaseEstimator, in TypeScript).

import { ProdclassError } from './errors.js';
import { resolveParams, type ParamConstraints } from './params.js';
import type { DenseMatrix } from './dense-matrix.js';
import type { JsonObject } from './json.js';
import type { Progress } from './progress.js';

export type { Json, JsonObject } from './json.js';

/** Class labels: product type codes (or any integer labels), one per sample. */
export type Labels = Int32Array;

export type TypedArray = Float32Array | Float64Array | Int32Array | Uint32Array | Uint16Array | Uint8Array;

/**
 * Everything needed to rebuild an estimator: its hyperparameters, its learned state
 * (small values as JSON, large ones as typed arrays or string lists) and its sub-estimators.
 * `writeModelFolder` turns this into manifest.json + weights.bin.
 */
export interface EstimatorState {
  kind: string;
  params: JsonObject;
  fitted: JsonObject;
  arrays: Record<string, TypedArray>;
  strings?: Record<string, string[]>;
  children?: Record<string, EstimatorState>;
}

export interface FitOptions {
  progress?: Progress;
  signal?: AbortSignal;
  /** The labels, for supervised transformers (chi-square feature selection); a pipeline passes its own. */
  y?: Labels;
  /**
   * The category tree the labels belong to, for hierarchical classifiers (flat ones ignore it): the parent label
   * of a label, null at the top level. Labels it does not know are taken as top-level.
   */
  hierarchy?: LabelHierarchy;
}

/** The least a hierarchical classifier needs to know of a taxonomy (core does not depend on the taxonomy layer). */
export interface LabelHierarchy {
  parentOf(label: number): number | null;
}

export interface Estimator<P extends object = object> {
  readonly kind: string;
  readonly params: Readonly<P>;
  readonly isFitted: boolean;
  getState(): EstimatorState;
}

/** Learns a mapping from X to a new representation (vectorisers, feature selectors). */
export interface Transformer<X, Y, P extends object = object> extends Estimator<P> {
  fit(x: X, options?: FitOptions): Promise<this>;
  transform(x: X): Y;
  fitTransform(x: X, options?: FitOptions): Promise<Y>;
}

/**
 * An estimator that fits on worker threads and can start them ahead: a pipeline asks it to (`warmUp`) before computing
 * its features, so that the threads start while this one works instead of when the fit begins.
 */
export interface WarmsUp {
  warmUp(): void;
}

/** Warms `estimator` up when it can (see `WarmsUp`). */
export function warmUp(estimator: unknown): void {
  const candidate = estimator as Partial<WarmsUp> | null;
  if (typeof candidate?.warmUp === 'function') candidate.warmUp();
}

/**
 * A classifier over inputs X. `fit` is async because training may run on worker threads;
 * prediction returns directly or as a promise (multimodal models encode images), so callers always `await` it.
 */
export interface Classifier<X, P extends object = object> extends Estimator<P> {
  /** Sorted distinct labels seen in fit; column j of predictProba is classes[j]. */
  readonly classes: Int32Array;
  fit(x: X, y: Labels, options?: FitOptions): Promise<this>;
  /** One row per sample, one column per class, rows summing to 1. */
  predictProba(x: X): DenseMatrix | Promise<DenseMatrix>;
  predict(x: X): Labels | Promise<Labels>;
}

/** Common plumbing: frozen validated hyperparameters and the NotFitted guard. */
export abstract class BaseEstimator<P extends object> {
  abstract readonly kind: string;
  readonly params: Readonly<P>;

  protected constructor(kind: string, defaults: P, constraints: ParamConstraints<P>, given: Partial<P> = {}) {
    this.params = resolveParams(kind, defaults, constraints, given);
  }

  abstract get isFitted(): boolean;

  /**
   * Returns `value` when fitted.
   * @throws ProdclassError NOT_FITTED when `value` is undefined.
   */
  protected fitted<T>(value: T | undefined): T {
    if (value === undefined) {
      throw new ProdclassError('NOT_FITTED', `${this.kind} is not fitted yet: call fit() or load a saved model first`);
    }
    return value;
  }

  protected paramsJson(): JsonObject {
    return JSON.parse(JSON.stringify(this.params)) as JsonObject;
  }
}

/** Labels -> class positions for a sorted class list. @throws ProdclassError INVALID_INPUT on an unseen label. */
export function encodeLabels(y: Labels, classes: Int32Array): Int32Array {
  const index = new Map<number, number>();
  classes.forEach((c, i) => index.set(c, i));
  const out = new Int32Array(y.length);
  for (let i = 0; i < y.length; i++) {
    const k = index.get(y[i]);
    if (k === undefined) throw new ProdclassError('INVALID_INPUT', `label ${y[i]} at position ${i} is not among the model's classes`);
    out[i] = k;
  }
  return out;
}

/** Sorted distinct labels. @throws ProdclassError DATA_TOO_SMALL when fewer than two classes. */
export function uniqueClasses(y: Labels): Int32Array {
  const classes = Int32Array.from(new Set(y)).sort();
  if (classes.length < 2) {
    throw new ProdclassError('DATA_TOO_SMALL', `a classifier needs at least 2 classes in y, got ${classes.length}`);
  }
  return classes;
}

/** @throws ProdclassError INVALID_INPUT when sample counts of x and y disagree. */
export function checkSameLength(nX: number, nY: number): void {
  if (nX !== nY) throw new ProdclassError('INVALID_INPUT', `x has ${nX} samples but y has ${nY} labels`);
}

/** @throws ProdclassError FEATURE_MISMATCH when input width differs from the fitted width. */
export function checkFeatureCount(kind: string, expected: number, got: number): void {
  if (expected !== got) {
    throw new ProdclassError('FEATURE_MISMATCH', `${kind} was fitted on ${expected} features but the input has ${got}`);
  }
}
