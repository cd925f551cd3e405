// Labelled data files kept in the database by content, so that a worker on any host reads the data an API host was given.

import { inTransaction, type Queryable } from './transaction.js';

export interface DatasetFile {
  /** Relative to the data's folder (a catalog file: its own name), with forward slashes. */
  path: string;
  /** Hex SHA-256 of `bytes`. */
  sha256: string;
  bytes: Buffer;
}

/**
 * Data sets by digest (the SHA-256 of their files' paths and checksums, see `datasetDigest`), the same for every
 * catalog's view. A data set is written whole or not at all, and never twice: the same files give the same digest.
 */
export class DatasetFileStore {
  constructor(private readonly db: Queryable) {}

  /** Whether the data set `digest` is stored. */
  async has(digest: string): Promise<boolean> {
    const row = await this.db.selectFrom('dataset_files').select('path').where('digest', '=', digest).limit(1).executeTakeFirst();
    return row !== undefined;
  }

  /**
   * Stores the data set `digest` in one transaction; a data set stored already (by this host or another at the same
   * moment) is kept as it is. @returns whether this call stored it.
   */
  put(digest: string, files: readonly DatasetFile[]): Promise<boolean> {
    return inTransaction(this.db, async (trx) => {
      let stored = false;
      // One row per statement: a catalog's CSV files are tens of MB each.
      for (const file of files) {
        const inserted = await trx
          .insertInto('dataset_files')
          .values({ digest, path: file.path, sha256: file.sha256, bytes: file.bytes, created_at: new Date().toISOString() })
          .onConflict((oc) => oc.columns(['digest', 'path']).doNothing())
          .executeTakeFirst();
        stored ||= Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0;
      }
      return stored;
    });
  }

  /** The files of data set `digest`, by path (none when it is not stored). */
  async get(digest: string): Promise<DatasetFile[]> {
    const rows = await this.db.selectFrom('dataset_files').select(['path', 'sha256', 'bytes']).where('digest', '=', digest).orderBy('path').execute();
    return rows.map((r) => ({ path: r.path, sha256: r.sha256, bytes: Buffer.from(r.bytes) }));
  }

  /**
   * Marks data set `digest` as shared now (its `created_at`, which retention reads as "last shared"), so that a clean-up
   * between this and the job that names it leaves it. @returns whether it is stored.
   */
  async touch(digest: string): Promise<boolean> {
    const updated = await this.db.updateTable('dataset_files').set({ created_at: new Date().toISOString() }).where('digest', '=', digest).executeTakeFirst();
    return Number(updated.numUpdatedRows) > 0;
  }

  /** The stored data sets' digests with their size in bytes, oldest first. */
  async list(): Promise<{ digest: string; bytes: number; createdAt: string }[]> {
    const rows = await this.db
      .selectFrom('dataset_files')
      .select((eb) => ['digest', eb.fn.min('created_at').as('created_at'), eb.fn.sum<number | string>(eb.fn('length', ['bytes'])).as('bytes')])
      .groupBy('digest')
      .orderBy('created_at')
      .execute();
    return rows.map((r) => ({ digest: r.digest, bytes: Number(r.bytes), createdAt: String(r.created_at) }));
  }

  /**
   * Deletes data set `digest`; with `sharedBefore` (ISO), only when it was last shared before then (one statement: a
   * host sharing it at the same moment keeps it). Returns how many files went.
   */
  async remove(digest: string, options: { sharedBefore?: string } = {}): Promise<number> {
    let query = this.db.deleteFrom('dataset_files').where('digest', '=', digest);
    if (options.sharedBefore !== undefined) {
      const before = options.sharedBefore;
      // Every file's time, not each row's own: a data set goes whole or stays whole.
      query = query.where((eb) => eb.not(eb.exists(eb.selectFrom('dataset_files as newer').select('newer.digest').where('newer.digest', '=', digest).where('newer.created_at', '>=', before))));
    }
    const deleted = await query.executeTakeFirst();
    return Number(deleted.numDeletedRows);
  }
}
