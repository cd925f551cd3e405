// The model registry: every model folder the application knows, its validation metrics, and which one is active.

import type { Selectable } from 'kysely';
import type { JsonObject } from '../core/estimator.js';
import { sql } from 'kysely';
import { ProdclassError } from '../core/errors.js';
import { DEFAULT_CATALOG } from './catalog-scope.js';
import { ACTIVE_MODEL_CHANNEL } from './postgres.js';
import type { Backend, ModelsTable } from './schema.js';
import { inTransaction, type Queryable } from './transaction.js';

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
  /** The catalog whose products the model files. */
  catalog: string;
}

function fromRow(row: Selectable<ModelsTable>): ModelEntry {
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
    catalog: row.catalog,
  };
}

/** One catalog's view of the registry: its models, and its one active model. */
export class ModelRegistry {
  constructor(
    private readonly db: Queryable,
    private readonly backend: Backend = 'sqlite',
    readonly catalog: string = DEFAULT_CATALOG,
  ) {}

  /**
   * Adds a model to this catalog or refreshes what is known of it (folder, metrics); keeps its active flag.
   * @throws ProdclassError CONFLICT when the id is registered in another catalog (a model files for one catalog only).
   */
  async upsert(entry: Omit<ModelEntry, 'registeredAt' | 'active' | 'catalog'>): Promise<ModelEntry> {
    const fields = { dir: entry.dir, kind: entry.kind, demo: entry.demo ? 1 : 0, created_at: entry.createdAt, metrics: JSON.stringify(entry.metrics), info: JSON.stringify(entry.info) };
    await this.db
      .insertInto('models')
      .values({ id: entry.id, registered_at: new Date().toISOString(), catalog: this.catalog, ...fields })
      .onConflict((oc) => oc.column('id').doUpdateSet(fields).where('models.catalog', '=', this.catalog))
      .execute();
    const saved = await this.get(entry.id);
    if (saved) return saved;
    const other = await this.db.selectFrom('models').select('catalog').where('id', '=', entry.id).executeTakeFirst();
    throw new ProdclassError('CONFLICT', `model ${entry.id} is registered in catalog "${other?.catalog ?? '?'}", not "${this.catalog}": a model files products for one catalog; train or copy it under another id`);
  }

  /** The model `id` when this catalog holds it. */
  async get(id: string): Promise<ModelEntry | undefined> {
    const row = await this.db.selectFrom('models').selectAll().where('id', '=', id).where('catalog', '=', this.catalog).executeTakeFirst();
    return row ? fromRow(row) : undefined;
  }

  /** This catalog's models, newest first. */
  async list(): Promise<ModelEntry[]> {
    return (await this.db.selectFrom('models').selectAll().where('catalog', '=', this.catalog).orderBy('created_at', 'desc').orderBy('id', 'asc').execute()).map(fromRow);
  }

  async active(): Promise<ModelEntry | undefined> {
    const row = await this.db.selectFrom('models').selectAll().where('active', '=', 1).where('catalog', '=', this.catalog).executeTakeFirst();
    return row ? fromRow(row) : undefined;
  }

  /**
   * Makes `id` this catalog's one active model (one transaction); other catalogs keep theirs. Returns false when this
   * catalog has no such model. On PostgreSQL the commit also notifies every host listening (Storage.watchActiveModel),
   * so they switch at once rather than at their next poll.
   */
  setActive(id: string): Promise<boolean> {
    return inTransaction(this.db, async (trx) => {
      if (!(await trx.selectFrom('models').select('id').where('id', '=', id).where('catalog', '=', this.catalog).executeTakeFirst())) return false;
      await trx.updateTable('models').set({ active: 0 }).where('active', '=', 1).where('catalog', '=', this.catalog).execute();
      await trx.updateTable('models').set({ active: 1 }).where('id', '=', id).execute();
      // Delivered when the transaction commits, not before (and not at all when it rolls back).
      if (this.backend === 'postgres') await sql`SELECT pg_notify(${ACTIVE_MODEL_CHANNEL}, ${id})`.execute(trx);
      return true;
    });
  }
}
