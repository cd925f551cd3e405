// The catalogs a deployment holds beside the default one: their names and their folders of models.

import { sql } from 'kysely';
import { ProdclassError } from '../core/errors.js';
import { checkCatalogName, DEFAULT_CATALOG } from './catalog-scope.js';
import { ACTIVE_MODEL_CHANNEL } from './postgres.js';
import type { PendingWrites } from './prediction-store.js';
import type { Backend } from './schema.js';
import { inTransaction, type Queryable } from './transaction.js';

export interface CatalogRecord {
  name: string;
  /** Absolute path of the catalog's folder of model folders (scanned at start, retrained models written there). */
  modelsDir: string;
  createdAt: string;
}

/** How many rows of each kind removing a catalog deleted. */
export interface RemovedCatalog {
  predictions: number;
  feedback: number;
  jobs: number;
  models: number;
  /** Files of its model folders stored in the database (PostgreSQL). */
  modelFiles: number;
  categoryAdditions: number;
  /** Products filed into its models' similarity indexes since they were built. */
  indexChanges: number;
}

const NO_PENDING: PendingWrites = { settle: async () => {} };

/** The catalogs created through POST /api/catalogs (the default catalog is implicit: it always exists). */
export class CatalogStore {
  constructor(
    private readonly db: Queryable,
    private readonly pending: PendingWrites = NO_PENDING,
    private readonly backend: Backend = 'sqlite',
  ) {}

  /**
   * Records a new catalog.
   * @throws ProdclassError INVALID_INPUT for a name catalogs cannot have; CONFLICT when the name is taken.
   */
  async create(name: string, modelsDir: string): Promise<CatalogRecord> {
    checkCatalogName(name);
    if (name === DEFAULT_CATALOG) throw new ProdclassError('CONFLICT', 'the catalog "default" always exists; choose another name', { location: { field: 'name' } });
    const createdAt = new Date().toISOString();
    const inserted = await this.db
      .insertInto('catalogs')
      .values({ name, models_dir: modelsDir, created_at: createdAt })
      .onConflict((oc) => oc.column('name').doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) throw new ProdclassError('CONFLICT', `a catalog "${name}" exists already (GET /api/catalogs lists them); choose another name`, { location: { field: 'name' } });
    return { name, modelsDir, createdAt };
  }

  async get(name: string): Promise<CatalogRecord | undefined> {
    const row = await this.db.selectFrom('catalogs').selectAll().where('name', '=', name).executeTakeFirst();
    return row ? { name: row.name, modelsDir: row.models_dir, createdAt: row.created_at } : undefined;
  }

  /** By name (creation times may tie to the millisecond). */
  async list(): Promise<CatalogRecord[]> {
    const rows = await this.db.selectFrom('catalogs').selectAll().orderBy('name', 'asc').execute();
    return rows.map((row) => ({ name: row.name, modelsDir: row.models_dir, createdAt: row.created_at }));
  }

  /**
   * Removes catalog `name` and every row of it, in one transaction: the predictions of its models and their feedback,
   * its jobs, its models' category additions and stored files, its models, and its record. The predictions the log
   * still holds are written first, so none lands after and passes for the default catalog's. A name created again
   * afterwards starts empty. Files on disk (model folders, job folders) are not touched.
   * @throws ProdclassError CONFLICT for the default catalog.
   */
  async remove(name: string): Promise<RemovedCatalog> {
    if (name === DEFAULT_CATALOG) throw new ProdclassError('CONFLICT', 'the catalog "default" cannot be removed');
    await this.pending.settle();
    return inTransaction(this.db, async (trx) => {
      const count = (result: { numDeletedRows: bigint }) => Number(result.numDeletedRows);
      // Its models' ids, read once: every later delete names them, and the models go last.
      const ids = (await trx.selectFrom('models').select('id').where('catalog', '=', name).execute()).map((r) => r.id);
      const removed: RemovedCatalog = { predictions: 0, feedback: 0, jobs: 0, models: 0, modelFiles: 0, categoryAdditions: 0, indexChanges: 0 };
      if (ids.length > 0) {
        const predictions = trx.selectFrom('predictions').select('id').where('model_id', 'in', ids);
        removed.feedback = count(await trx.deleteFrom('feedback').where('prediction_id', 'in', predictions).executeTakeFirst());
        removed.predictions = count(await trx.deleteFrom('predictions').where('model_id', 'in', ids).executeTakeFirst());
        removed.categoryAdditions = count(await trx.deleteFrom('category_additions').where('model_id', 'in', ids).executeTakeFirst());
        removed.modelFiles = count(await trx.deleteFrom('model_files').where('model_id', 'in', ids).executeTakeFirst());
        removed.indexChanges = count(await trx.deleteFrom('index_changes').where('model_id', 'in', ids).executeTakeFirst());
        removed.models = count(await trx.deleteFrom('models').where('catalog', '=', name).executeTakeFirst());
      }
      // A queued job's chunks and files go with it.
      const jobs = trx.selectFrom('jobs').select('id').where('catalog', '=', name);
      await trx.deleteFrom('job_chunks').where('job_id', 'in', jobs).execute();
      await trx.deleteFrom('job_files').where('job_id', 'in', jobs).execute();
      removed.jobs = count(await trx.deleteFrom('jobs').where('catalog', '=', name).executeTakeFirst());
      await trx.deleteFrom('catalogs').where('name', '=', name).execute();
      // Every host listening for activations syncs its catalogs at once, and so stops serving this one.
      if (this.backend === 'postgres') await sql`SELECT pg_notify(${ACTIVE_MODEL_CHANNEL}, ${`catalog-removed:${name}`})`.execute(trx);
      return removed;
    });
  }
}
