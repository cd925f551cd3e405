// Training curves (loss and scores per epoch) found in a model card, in one shape whatever the model family wrote.

import type { Json, JsonObject } from '../core/estimator.js';
import type { CurveSeries, TrainingCurves } from './models-summary-types.js';

/**
 * Finds training curves in a card's `extra`: `extra.curves` first, else the first array of per-epoch records
 * (objects with a numeric `epoch`) anywhere within three levels (the neural heads write
 * `extra.training.head.history`). Accepted shapes: an array of records `[{ epoch, trainLoss, ... }]`, or
 * columns `{ epoch: [...], trainLoss: [...] }`, optionally wrapped as `{ history | epochs: ..., bestEpoch }`.
 * Returns null when the card has none (linear models, trees).
 */
export function findTrainingCurves(extra: JsonObject): TrainingCurves | null {
  if (extra.curves !== undefined) {
    const curves = parseCurves(extra.curves, 'extra.curves', null);
    if (curves) return curves;
  }
  return search(extra, 'extra', 0);
}

function search(value: Json, path: string, depth: number): TrainingCurves | null {
  if (depth > 3 || value === null || typeof value !== 'object') return null;
  if (Array.isArray(value)) return isRecordArray(value) ? parseCurves(value, path, null) : null;
  const bestEpoch = typeof value.bestEpoch === 'number' ? value.bestEpoch : null;
  for (const [key, child] of Object.entries(value)) {
    if (Array.isArray(child) && isRecordArray(child)) return parseCurves(child, `${path}.${key}`, bestEpoch);
  }
  for (const [key, child] of Object.entries(value)) {
    const found = search(child, `${path}.${key}`, depth + 1);
    if (found) return found;
  }
  return null;
}

function isRecordArray(value: Json[]): boolean {
  return value.length > 0 && value.every((v) => v !== null && typeof v === 'object' && !Array.isArray(v) && typeof v.epoch === 'number');
}

/** Parses one of the accepted shapes, or null when `value` is none of them. */
export function parseCurves(value: Json, source: string, bestEpoch: number | null): TrainingCurves | null {
  if (value === null || typeof value !== 'object') return null;
  if (Array.isArray(value)) {
    if (!isRecordArray(value)) return null;
    const records = value as JsonObject[];
    const names = [...new Set(records.flatMap((r) => Object.keys(r).filter((k) => k !== 'epoch' && records.some((x) => typeof x[k] === 'number'))))];
    return {
      source,
      epochs: records.map((r) => r.epoch as number),
      series: names.map((name) => ({ name, kind: kindOf(name), values: records.map((r) => (typeof r[name] === 'number' ? (r[name] as number) : null)) })),
      bestEpoch,
    };
  }
  const best = typeof value.bestEpoch === 'number' ? value.bestEpoch : bestEpoch;
  for (const wrapper of ['history', 'epochs', 'records']) {
    const inner = value[wrapper];
    if (Array.isArray(inner)) return parseCurves(inner, `${source}.${wrapper}`, best);
  }
  const columns = Object.entries(value).filter((entry): entry is [string, Json[]] => Array.isArray(entry[1]) && entry[1].every((v) => v === null || typeof v === 'number'));
  const lengths = new Set(columns.map(([, values]) => values.length));
  if (columns.length === 0 || lengths.size !== 1) return null;
  const length = columns[0][1].length;
  const epochColumn = columns.find(([name]) => name === 'epoch');
  return {
    source,
    epochs: epochColumn ? epochColumn[1].map((v, i) => (typeof v === 'number' ? v : i + 1)) : Array.from({ length }, (_, i) => i + 1),
    series: columns.filter(([name]) => name !== 'epoch').map(([name, values]) => ({ name, kind: kindOf(name), values: values as (number | null)[] })),
    bestEpoch: best,
  };
}

function kindOf(name: string): CurveSeries['kind'] {
  if (/loss/i.test(name)) return 'loss';
  if (/f1|accuracy|precision|recall|score/i.test(name)) return 'metric';
  return 'other';
}
