// Kind -> loader registry, so a saved model folder is rebuilt from the `kind` in its manifest.

import { ProdclassError } from './errors.js';
import type { Estimator, EstimatorState } from './estimator.js';

export type EstimatorLoader = (state: EstimatorState) => Estimator;

const loaders = new Map<string, EstimatorLoader>();

/** Registers how to rebuild estimators of `kind`; a second registration of the same kind is a bug. */
export function registerEstimator(kind: string, loader: EstimatorLoader): void {
  if (loaders.has(kind) && loaders.get(kind) !== loader) {
    throw new ProdclassError('INTERNAL', `estimator kind "${kind}" is registered twice`);
  }
  loaders.set(kind, loader);
}

/** @throws ProdclassError MODEL_UNKNOWN_KIND naming the registered kinds. */
export function estimatorFromState<E extends Estimator = Estimator>(state: EstimatorState): E {
  const loader = loaders.get(state.kind);
  if (!loader) {
    throw new ProdclassError(
      'MODEL_UNKNOWN_KIND',
      `no estimator of kind "${state.kind}" is registered (known: ${[...loaders.keys()].sort().join(', ') || 'none'})`,
    );
  }
  return loader(state) as E;
}

export function registeredKinds(): string[] {
  return [...loaders.keys()].sort();
}
