// The classWeight hyperparameter shared by linear models: checked at construction, resolved to one weight per class at fit.

import { ProdclassError } from '../../core/errors.js';
import type { Labels } from '../../core/estimator.js';

/** No weighting, scikit-learn's 'balanced' (n / (nClasses * count)), or an explicit weight per label (others weigh 1). */
export type ClassWeight = null | 'balanced' | Record<string, number>;

/**
 * Checks a classWeight value: null, 'balanced', or an object whose keys are integer labels and whose
 * values are finite positive numbers.
 * @throws ProdclassError INVALID_PARAM naming `kind`, the parameter and the offending entry.
 */
export function checkClassWeight(kind: string, value: unknown): void {
  if (value === null || value === 'balanced') return;
  const fail = (what: string): never => {
    throw new ProdclassError('INVALID_PARAM', `${kind}: parameter "classWeight" must be null, "balanced" or {label: weight > 0}; ${what}`, {
      location: { field: 'classWeight' },
    });
  };
  if (typeof value !== 'object' || Array.isArray(value)) fail(`got ${JSON.stringify(value)}`);
  for (const [label, weight] of Object.entries(value as Record<string, unknown>)) {
    if (!/^-?\d+$/.test(label)) fail(`key "${label}" is not an integer label`);
    if (typeof weight !== 'number' || !Number.isFinite(weight) || weight <= 0) fail(`weight of label ${label} is ${JSON.stringify(weight)}`);
  }
}

/**
 * One weight per class (in the order of the sorted `classes`), as scikit-learn's compute_class_weight:
 * 'balanced' gives n_samples / (n_classes * count_k); an explicit map gives its value, 1 for labels it omits.
 * @param yIndex class position of each training sample.
 * @throws ProdclassError INVALID_PARAM when an explicit map names a label absent from the training classes.
 */
export function resolveClassWeight(kind: string, classWeight: ClassWeight, classes: Labels, yIndex: Int32Array): Float64Array {
  const weights = new Float64Array(classes.length).fill(1);
  if (classWeight === null) return weights;
  if (classWeight === 'balanced') {
    const counts = new Float64Array(classes.length);
    for (let i = 0; i < yIndex.length; i++) counts[yIndex[i]]++;
    for (let k = 0; k < classes.length; k++) weights[k] = yIndex.length / (classes.length * counts[k]);
    return weights;
  }
  const position = new Map<number, number>();
  classes.forEach((c, k) => position.set(c, k));
  for (const [label, weight] of Object.entries(classWeight)) {
    const k = position.get(Number(label));
    if (k === undefined) {
      throw new ProdclassError('INVALID_PARAM', `${kind}: classWeight names label ${label}, which is not among the training classes`, {
        location: { field: 'classWeight' },
      });
    }
    weights[k] = weight;
  }
  return weights;
}
