// What a trained model folder records about itself: data, parameters, metrics and the code that made it.

import { randomBytes } from 'node:crypto';
import type { DataProvenance } from './data-provenance.js';
import type { Json, JsonObject } from './json.js';
import { codeVersion, packageVersion } from './version.js';

export type { DataProvenance } from './data-provenance.js';

export interface ModelCard {
  modelId: string;
  kind: string;
  createdAt: string;
  packageVersion: string;
  codeVersion: string;
  /** True when trained on the built-in demo catalog rather than real data; shown wherever the model is. */
  demo: boolean;
  seed: number | null;
  data: DataProvenance | null;
  params: JsonObject;
  /** Named metric groups, e.g. { validation: { weightedF1, macroF1, accuracy, ... } }. */
  metrics: { [group: string]: Json };
  trainingSeconds: number | null;
  /** Family-specific records: training curves, search history, calibration, thresholds. */
  extra: JsonObject;
}

export function newModelCard(fields: Partial<ModelCard> & Pick<ModelCard, 'kind'>): ModelCard {
  const createdAt = fields.createdAt ?? new Date().toISOString();
  return {
    modelId: fields.modelId ?? newModelId(fields.kind, createdAt),
    kind: fields.kind,
    createdAt,
    packageVersion: fields.packageVersion ?? packageVersion(),
    codeVersion: fields.codeVersion ?? codeVersion(),
    demo: fields.demo ?? false,
    seed: fields.seed ?? null,
    data: fields.data ?? null,
    params: fields.params ?? {},
    metrics: fields.metrics ?? {},
    trainingSeconds: fields.trainingSeconds ?? null,
    extra: fields.extra ?? {},
  };
}

/**
 * `<kind>-<UTC date and time to the second>-<4 random hex digits>`: sortable by creation, and distinct for models
 * trained in the same second on different machines, which a shared registry (PostgreSQL) would otherwise confuse.
 */
function newModelId(kind: string, createdAt: string): string {
  return `${kind}-${createdAt.replace(/[-:.TZ]/g, '').slice(0, 14)}-${randomBytes(2).toString('hex')}`;
}
