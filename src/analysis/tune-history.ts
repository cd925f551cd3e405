// Hyperparameter-search history (one row per trial) from a tune log beside a model or given by path, in one shape.

import { readFile, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { ProdclassError } from '../core/errors.js';
import type { Json, JsonObject } from '../core/estimator.js';
import type { TuneHistory, TuneTrial } from './models-summary-types.js';

/** File names looked for inside a model folder, then as `<folder>.<name>` beside it. */
export const TUNE_LOG_NAMES = ['tune-log.json', 'tune-log.jsonl', 'tune.json', 'tune.jsonl', 'trials.jsonl', 'tune-history.json'];

/**
 * The first tune log found for the model folder `dir`: inside it (TUNE_LOG_NAMES), beside it as
 * `<dir>.tune-log.json` and so on, or in its card under `extra.tune`, `extra.tuning` or `extra.search`.
 * Returns null when there is none; a log that exists but cannot be parsed is an error.
 * @throws ProdclassError INVALID_INPUT for a malformed log (see readTuneLog).
 */
export async function findTuneHistory(dir: string, extra: JsonObject): Promise<TuneHistory | null> {
  const candidates = [...TUNE_LOG_NAMES.map((name) => join(dir, name)), ...TUNE_LOG_NAMES.map((name) => join(dirname(dir), `${basename(dir)}.${name}`))];
  for (const path of candidates) {
    if ((await stat(path).catch(() => null))?.isFile()) return readTuneLog(path);
  }
  for (const key of ['tune', 'tuning', 'search']) {
    const value = extra[key];
    if (value !== undefined) {
      const history = parseTuneLog(value, 'card');
      if (history) return history;
    }
  }
  return null;
}

/**
 * Reads a tune log: JSON (`{ kind?, metric?, direction?, trials: [...] }`, as `prodclass tune --log` writes it,
 * or a bare array of trials) or JSON lines (one trial per line; a first line with `trials` or without
 * `params`/`values` is the header). A trial is `{ number|trial?, value|score?, params|values, seconds|duration?,
 * state? }`.
 * @throws ProdclassError DATA_NOT_FOUND when the file cannot be read; INVALID_INPUT when it holds no trials.
 */
export async function readTuneLog(path: string): Promise<TuneHistory> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    throw new ProdclassError('DATA_NOT_FOUND', `cannot read the tune log ${path}: ${(cause as Error).message}`, { cause });
  }
  let value: Json;
  try {
    value = JSON.parse(text) as Json;
  } catch {
    try {
      value = text.split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line) as Json);
    } catch (cause) {
      throw new ProdclassError('INVALID_INPUT', `${path} is neither JSON nor JSON lines: ${(cause as Error).message}`, { cause });
    }
  }
  const history = parseTuneLog(value, path);
  if (!history) throw new ProdclassError('INVALID_INPUT', `${path} holds no tune trials (expected { trials: [{ params, value }] } or one trial per line)`);
  return history;
}

/** Normalises a parsed log, or null when it holds no trial. */
export function parseTuneLog(value: Json, source: string): TuneHistory | null {
  let header: JsonObject = {};
  let rows: Json[];
  if (Array.isArray(value)) {
    const first = value[0];
    const isHeader = (v: Json) => v !== null && typeof v === 'object' && !Array.isArray(v) && (Array.isArray(v.trials) || !('params' in v || 'values' in v));
    if (value.length > 0 && isHeader(first)) {
      header = first as JsonObject;
      rows = Array.isArray(header.trials) ? header.trials : value.slice(1);
    } else {
      rows = value;
    }
  } else if (value !== null && typeof value === 'object' && Array.isArray(value.trials)) {
    header = value;
    rows = value.trials;
  } else {
    return null;
  }
  const trials = rows.flatMap((row, i) => {
    const trial = parseTrial(row, i);
    return trial ? [trial] : [];
  });
  if (trials.length === 0) return null;
  const direction = header.direction === 'minimize' ? 'minimize' : 'maximize';
  // Pruned trials carry the mean of the folds they ran: not comparable, so never the best.
  const scored = trials.filter((t) => t.value !== null && t.state === 'complete');
  const best = scored.reduce<TuneTrial | null>((b, t) => (b === null || (direction === 'maximize' ? t.value! > b.value! : t.value! < b.value!) ? t : b), null);
  const metric =
    typeof header.metric === 'string'
      ? header.metric
      : typeof header.objective === 'string'
        ? header.objective
        : typeof header.cv === 'number'
          ? `weightedF1, ${header.cv}-fold CV` // what `prodclass tune` maximises
          : null;
  const kind = typeof header.kind === 'string' ? header.kind : null;
  return { source, kind, metric, direction, trials, best };
}

function parseTrial(row: Json, position: number): TuneTrial | null {
  if (row === null || typeof row !== 'object' || Array.isArray(row)) return null;
  // `prodclass tune` records the sampled values by dotted path (`values`); other logs may say `params`.
  const params = row.params ?? row.values;
  if (params === null || typeof params !== 'object' || Array.isArray(params)) return null;
  const number = firstNumber(row, ['number', 'trial', 'index']) ?? position;
  return {
    number,
    value: firstNumber(row, ['value', 'score', 'objective', 'weightedF1']),
    params,
    seconds: firstNumber(row, ['seconds', 'duration', 'durationSeconds']),
    state: typeof row.state === 'string' ? row.state.toLowerCase() : 'complete',
  };
}

function firstNumber(row: JsonObject, keys: string[]): number | null {
  for (const key of keys) if (typeof row[key] === 'number' && Number.isFinite(row[key])) return row[key] as number;
  return null;
}
