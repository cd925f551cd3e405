// The model registry: every model folder the application knows, its validation metrics, and which one is active.

import type { JsonObject } from '../core/estimator.js';
import type { Db } from './database.js';

export interface ModelEntry {
  id: string;
  /** Absolute path of the model folder; null for a model handed over in memory (it cannot be reloaded). */
  dir: string | null;
  kind: string;
  demo: boolean;
  createdAt: string;
  registeredAt: string;
  /** Validation metrics of the card (weightedF1, macroF1, accuracy, n). */
  metrics: JsonObject;
  /** Other card facts worth listing: data source, precision-coverage targets, retraining record. */
  info: JsonObject;
  active: boolean;
}

interface Row {
  id: string;
  dir: string | null;
  kind: string;
  demo: number;
  created_at: string;
  registered_at: string;
  metrics: string;
  info: string;
  active: number;
}

function fromRow(row: Row): ModelEntry {
  return {
    id: row.id,
    dir: row.dir,
    kind: row.kind,
    demo: row.demo === 1,
    createdAt: row.created_at,
    registeredAt: row.registered_at,
    metrics: JSON.parse(row.metrics) as JsonObject,
    info: JSON.parse(row.info) as JsonObject,
    active: row.active === 1,
  };
}

export class ModelRegistry {
  constructor(private readonly db: Db) {}

  /** Adds a model or refreshes what is known of it (folder, metrics); keeps its active flag. */
  upsert(entry: Omit<ModelEntry, 'registeredAt' | 'active'>): ModelEntry {
    this.db
      .prepare(
        `INSERT INTO models (id, dir, kind, demo, created_at, registered_at, metrics, info) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(id) DO UPDATE SET dir = excluded.dir, kind = excluded.kind, demo = excluded.demo,
           created_at = excluded.created_at, metrics = excluded.metrics, info = excluded.info`,
      )
      .run(entry.id, entry.dir, entry.kind, entry.demo ? 1 : 0, entry.createdAt, new Date().toISOString(), JSON.stringify(entry.metrics), JSON.stringify(entry.info));
    return this.get(entry.id)!;
  }

  get(id: string): ModelEntry | undefined {
    const row = this.db.prepare<[string], Row>('SELECT * FROM models WHERE id = ?').get(id);
    return row ? fromRow(row) : undefined;
  }

  /** Newest first. */
  list(): ModelEntry[] {
    return this.db.prepare<[], Row>('SELECT * FROM models ORDER BY created_at DESC, id ASC').all().map(fromRow);
  }

  active(): ModelEntry | undefined {
    const row = this.db.prepare<[], Row>('SELECT * FROM models WHERE active = 1').get();
    return row ? fromRow(row) : undefined;
  }

  /** Makes `id` the one active model (one transaction). Returns false when no such model is registered. */
  setActive(id: string): boolean {
    return this.db.transaction(() => {
      if (!this.get(id)) return false;
      this.db.prepare('UPDATE models SET active = 0 WHERE active = 1').run();
      this.db.prepare('UPDATE models SET active = 1 WHERE id = ?').run(id);
      return true;
    })();
  }
}
