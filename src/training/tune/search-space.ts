// Search spaces of `prodclass tune`: checking a declared space, and turning a trial's dotted values into nested params.

import { ProdclassError } from '../../core/errors.js';
import type { Json, JsonObject } from '../../core/estimator.js';
import type { SearchDimension, SearchSpace } from '../../models/model-kinds.js';

/** One value per dimension of a space, keyed by its dotted path. */
export type TrialValues = Record<string, string | number | boolean | null>;

/**
 * Checks every dimension: low < high (low <= high for ints), positive bounds on log scales, a positive step,
 * at least one choice.
 * @throws ProdclassError INVALID_PARAM naming the dimension and what is wrong with it.
 */
export function checkSearchSpace(kind: string, space: SearchSpace): void {
  const fail = (path: string, what: string): never => {
    throw new ProdclassError('INVALID_PARAM', `search space of "${kind}": dimension "${path}" ${what}`, { location: { field: path } });
  };
  const entries = Object.entries(space);
  if (entries.length === 0) fail('(none)', 'is missing: the space is empty');
  for (const [path, d] of entries) {
    if (!/^[A-Za-z][\w-]*(\.[A-Za-z][\w-]*)*$/.test(path)) fail(path, 'must be a dotted path of parameter names, like "classifier.C"');
    if (d.type === 'categorical') {
      if (!Array.isArray(d.choices) || d.choices.length === 0) fail(path, 'needs at least one choice');
      continue;
    }
    if (!(Number.isFinite(d.low) && Number.isFinite(d.high))) fail(path, `needs finite low and high, got ${d.low} and ${d.high}`);
    if (d.type === 'float' ? !(d.low < d.high) : !(d.low <= d.high)) fail(path, `needs low < high, got ${d.low} and ${d.high}`);
    if (d.log && !(d.low > 0)) fail(path, `is on a log scale and needs low > 0, got ${d.low}`);
    if (d.type === 'int') {
      if (!Number.isInteger(d.low) || !Number.isInteger(d.high)) fail(path, `is an integer dimension and needs integer bounds, got ${d.low} and ${d.high}`);
      if (d.step !== undefined && !(Number.isInteger(d.step) && d.step >= 1)) fail(path, `needs an integer step >= 1, got ${d.step}`);
      if (d.log && d.step !== undefined && d.step !== 1) fail(path, 'cannot combine a log scale with a step other than 1');
    }
  }
}

/**
 * `{ "classifier.C": 0.5, "select.k": 3000 }` -> `{ classifier: { C: 0.5 }, select: { k: 3000 } }`, merged over
 * `base` (the trial's values win; objects merge, other values are replaced).
 */
export function nestedParams(values: TrialValues, base: JsonObject = {}): JsonObject {
  const out = structuredClone(base) as JsonObject;
  for (const [path, value] of Object.entries(values)) {
    const keys = path.split('.');
    let node: JsonObject = out;
    for (const key of keys.slice(0, -1)) {
      const next = node[key];
      if (typeof next !== 'object' || next === null || Array.isArray(next)) node[key] = {};
      node = node[key] as JsonObject;
    }
    node[keys[keys.length - 1]] = value as Json;
  }
  return out;
}

/** The value of a dimension in a trial's values, checked to lie in the dimension (for values read from a log). */
export function inDimension(d: SearchDimension, value: unknown): boolean {
  if (d.type === 'categorical') return d.choices.includes(value as never);
  if (typeof value !== 'number') return false;
  if (d.type === 'int' && !Number.isInteger(value)) return false;
  return value >= d.low && value <= d.high;
}
