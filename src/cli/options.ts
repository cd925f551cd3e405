// Parsing and checking CLI option values, with errors that name the option.

import { readFileSync } from 'node:fs';
import { ProdclassError } from '../core/errors.js';
import type { JsonObject } from '../core/estimator.js';

export function intOption(name: string, min = -Infinity, max = Infinity): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) {
      const range = [min > -Infinity ? `>= ${min}` : '', max < Infinity ? `<= ${max}` : ''].filter(Boolean).join(' and ');
      throw new ProdclassError('INVALID_PARAM', `--${name} must be an integer${range ? ` ${range}` : ''}, got "${value}"`);
    }
    return n;
  };
}

export function numberOption(name: string, min: number, max: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || n < min || n > max) {
      throw new ProdclassError('INVALID_PARAM', `--${name} must be a number between ${min} and ${max}, got "${value}"`);
    }
    return n;
  };
}

/** `--params '{"classifier":{"C":1}}'` or `--params @best.json`. */
export function jsonObjectOption(name: string): (value: string) => JsonObject {
  return (value) => {
    let text = value;
    if (value.startsWith('@')) {
      try {
        text = readFileSync(value.slice(1), 'utf8');
      } catch (cause) {
        throw new ProdclassError('DATA_NOT_FOUND', `--${name}: cannot read ${value.slice(1)}`, { cause });
      }
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (cause) {
      throw new ProdclassError('INVALID_PARAM', `--${name} must be a JSON object (or @file.json): ${(cause as Error).message}`);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new ProdclassError('INVALID_PARAM', `--${name} must be a JSON object, got ${JSON.stringify(parsed)}`);
    }
    const object = parsed as JsonObject;
    // `prodclass tune` writes { kind, params, ... }: accept that file as it is.
    return typeof object.params === 'object' && object.params !== null && !Array.isArray(object.params) && 'kind' in object
      ? (object.params as JsonObject)
      : object;
  };
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

const SIZE_UNITS: Record<string, number> = { '': 1, b: 1, k: 1024, kb: 1024, m: 1024 ** 2, mb: 1024 ** 2, g: 1024 ** 3, gb: 1024 ** 3, t: 1024 ** 4, tb: 1024 ** 4 };

/** A size in bytes: `5000`, `500M`, `10GB` (powers of 1024). */
export function sizeOption(name: string): (value: string) => number {
  return (value) => {
    const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(value);
    const unit = m ? SIZE_UNITS[m[2].toLowerCase()] : undefined;
    if (!m || unit === undefined || Number(m[1]) <= 0) {
      throw new ProdclassError('INVALID_PARAM', `--${name} must be a size such as 500M or 10G, got "${value}"`);
    }
    return Math.floor(Number(m[1]) * unit);
  };
}
