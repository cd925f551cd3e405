// The catalogs a deployment holds beside the default one: their names and their folders of models.

import { ProdclassError } from '../core/errors.js';
import { checkCatalogName, DEFAULT_CATALOG } from './catalog-scope.js';
import { inTransaction, type Queryable } from './transaction.js';

export interface CatalogRecord {
  name: string;
  /** Absolute path of the catalog's folder of model folders (scanned at start, retrained models written there). */
  modelsDir: string;
  createdAt: string;
}

/** The catalogs created through POST /api/catalogs (the default catalog is implicit: it always exists). */
export class CatalogStore {
  constructor(private readonly db: Queryable) {}

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
   * Forgets a catalog whose creation failed (its first model did not load), with the models registered for it meanwhile,
   * so that a corrected request starts afresh. Not for a catalog that served: its predictions name its models.
   */
  async remove(name: string): Promise<void> {
    if (name === DEFAULT_CATALOG) throw new ProdclassError('CONFLICT', 'the catalog "default" cannot be removed');
    await inTransaction(this.db, async (trx) => {
      await trx.deleteFrom('models').where('catalog', '=', name).execute();
      await trx.deleteFrom('catalogs').where('name', '=', name).execute();
    });
  }
}
