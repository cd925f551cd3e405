// The `--model` names users train (text-linear, logreg, ...): each builds a fresh, unfitted ProductModel.

import { ProdclassError } from '../core/errors.js';
import type { JsonObject } from '../core/estimator.js';
import type { ProductModel } from './product-model.js';

export interface ModelKindOptions {
  seed: number;
  /** Overrides by step: `{ features: {...}, classifier: {...} }` (the shape `prodclass tune` writes). */
  params?: JsonObject;
}

/** One searchable hyperparameter, as Optuna's suggest_float / suggest_int / suggest_categorical. */
export type SearchDimension =
  | { type: 'float'; low: number; high: number; log?: boolean }
  | { type: 'int'; low: number; high: number; log?: boolean; step?: number }
  | { type: 'categorical'; choices: readonly (string | number | boolean | null)[] };

/**
 * What `prodclass tune` may vary, keyed by dotted parameter path into ModelKindOptions.params
 * (`classifier.C` -> { classifier: { C } }).
 */
export type SearchSpace = Readonly<Record<string, SearchDimension>>;

export interface ModelKind {
  name: string;
  description: string;
  modalities: readonly ('text' | 'image')[];
  /** Hyperparameters worth searching, with their ranges; absent for kinds with nothing to tune. */
  searchSpace?: SearchSpace;
  create(options: ModelKindOptions): ProductModel;
}

const kinds = new Map<string, ModelKind>();

export function registerModelKind(kind: ModelKind): void {
  if (kinds.has(kind.name)) throw new ProdclassError('INTERNAL', `model kind "${kind.name}" is registered twice`);
  kinds.set(kind.name, kind);
}

/** @throws ProdclassError MODEL_UNKNOWN_KIND naming the kinds that exist. */
export function modelKind(name: string): ModelKind {
  const kind = kinds.get(name);
  if (!kind) throw new ProdclassError('MODEL_UNKNOWN_KIND', `unknown model kind "${name}" (available: ${modelKindNames().join(', ')})`);
  return kind;
}

/** The registered kind of that name, or null (a model folder written by another version). */
export function modelKindOrNull(name: string): ModelKind | null {
  return kinds.get(name) ?? null;
}

export function modelKindNames(): string[] {
  return [...kinds.keys()];
}

/** The overrides for one step, or {} (checked to be an object so a typo'd shape fails loudly). */
export function stepParams(params: JsonObject | undefined, step: string): JsonObject {
  const value = params?.[step];
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ProdclassError('INVALID_PARAM', `model params: "${step}" must be an object of ${step} hyperparameters, got ${JSON.stringify(value)}`);
  }
  return value;
}
