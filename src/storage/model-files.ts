// The files of registered model folders, kept in the database so that a host without the folder can fetch it.

import { inTransaction, type Queryable } from './transaction.js';

export interface ModelFile {
  /** Relative to the model folder, with forward slashes. */
  path: string;
  /** Hex SHA-256 of `bytes`. */
  sha256: string;
  bytes: Buffer;
}

/** The file whose checksum stands for the whole folder: the manifest records the weights' size and SHA-256. */
export const DIGEST_FILE = 'manifest.json';

export class ModelFileStore {
  constructor(private readonly db: Queryable) {}

  /** The SHA-256 of the stored manifest of model `id`, or null when its folder is not stored. */
  async digest(id: string): Promise<string | null> {
    const row = await this.db.selectFrom('model_files').select('sha256').where('model_id', '=', id).where('path', '=', DIGEST_FILE).executeTakeFirst();
    return row?.sha256 ?? null;
  }

  /** Replaces the stored files of model `id` with `files`, in one transaction. */
  put(id: string, files: readonly ModelFile[]): Promise<void> {
    return inTransaction(this.db, async (trx) => {
      await trx.deleteFrom('model_files').where('model_id', '=', id).execute();
      // One row per statement: a model's weights are tens of MB, far more than one statement should carry several of.
      for (const file of files) await trx.insertInto('model_files').values({ model_id: id, path: file.path, sha256: file.sha256, bytes: file.bytes }).execute();
    });
  }

  async get(id: string): Promise<ModelFile[]> {
    const rows = await this.db.selectFrom('model_files').select(['path', 'sha256', 'bytes']).where('model_id', '=', id).orderBy('path').execute();
    return rows.map((r) => ({ path: r.path, sha256: r.sha256, bytes: Buffer.from(r.bytes) }));
  }
}
