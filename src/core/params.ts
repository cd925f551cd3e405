// Declared hyperparameter constraints, checked once at construction (scikit-learn's _parameter_constraints).

import { ProdclassError } from './errors.js';

export type ParamConstraint =
  | {
      type: 'number';
      integer?: boolean;
      min?: number;
      max?: number;
      minExclusive?: boolean;
      maxExclusive?: boolean;
      nullable?: boolean;
    }
  | { type: 'enum'; values: readonly (string | number | boolean | null)[] }
  | { type: 'boolean' }
  /** Worker threads: -1 for one per core, else a positive integer (0 would mean no thread at all). */
  | { type: 'jobs' }
  | { type: 'string'; nullable?: boolean }
  | { type: 'number-array'; nullable?: boolean }
  | { type: 'json'; nullable?: boolean };

export type ParamConstraints<P> = { readonly [K in keyof P]-?: ParamConstraint };

/**
 * Merges `given` over `defaults`, rejects unknown names, checks each value against its constraint,
 * and returns a frozen copy.
 * @throws ProdclassError INVALID_PARAM naming the estimator, the parameter, what is allowed and what was received.
 */
export function resolveParams<P extends object>(
  kind: string,
  defaults: P,
  constraints: ParamConstraints<P>,
  given: Partial<P> = {},
): Readonly<P> {
  for (const name of Object.keys(given)) {
    if (!(name in constraints)) {
      const known = Object.keys(constraints).join(', ');
      throw new ProdclassError('INVALID_PARAM', `${kind}: unknown parameter "${name}" (known: ${known})`);
    }
  }
  const merged = { ...defaults } as Record<string, unknown>;
  for (const [name, value] of Object.entries(given)) if (value !== undefined) merged[name] = value;
  for (const [name, constraint] of Object.entries(constraints) as [string, ParamConstraint][]) {
    const problem = checkValue(merged[name], constraint);
    if (problem) {
      throw new ProdclassError(
        'INVALID_PARAM',
        `${kind}: parameter "${name}" must be ${problem}, got ${JSON.stringify(merged[name])}`,
        { location: { field: name } },
      );
    }
  }
  return Object.freeze(merged) as Readonly<P>;
}

function checkValue(value: unknown, c: ParamConstraint): string | undefined {
  switch (c.type) {
    case 'number': {
      if (value === null && c.nullable) return undefined;
      const desc = describeNumber(c);
      if (typeof value !== 'number' || Number.isNaN(value)) return desc;
      if (c.integer && !Number.isInteger(value)) return desc;
      if (c.min !== undefined && (c.minExclusive ? value <= c.min : value < c.min)) return desc;
      if (c.max !== undefined && (c.maxExclusive ? value >= c.max : value > c.max)) return desc;
      return undefined;
    }
    case 'enum':
      return c.values.includes(value as string) ? undefined : `one of ${c.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'true or false';
    case 'jobs':
      return value === -1 || (Number.isInteger(value) && (value as number) >= 1) ? undefined : '-1 (all cores) or an integer >= 1';
    case 'string':
      if (value === null && c.nullable) return undefined;
      return typeof value === 'string' ? undefined : 'a string';
    case 'number-array':
      if (value === null && c.nullable) return undefined;
      return Array.isArray(value) && value.every((v) => typeof v === 'number' && Number.isFinite(v)) ? undefined : 'an array of numbers';
    case 'json':
      if (value === null && c.nullable) return undefined;
      return value !== undefined ? undefined : 'a value';
  }
}

function describeNumber(c: Extract<ParamConstraint, { type: 'number' }>): string {
  const kind = c.integer ? 'an integer' : 'a number';
  const bounds: string[] = [];
  if (c.min !== undefined) bounds.push(`${c.minExclusive ? '>' : '>='} ${c.min}`);
  if (c.max !== undefined) bounds.push(`${c.maxExclusive ? '<' : '<='} ${c.max}`);
  const range = bounds.length ? ` ${bounds.join(' and ')}` : '';
  return `${kind}${range}${c.nullable ? ' (or null)' : ''}`;
}
