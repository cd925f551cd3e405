// The files of registered model folders, kept in the database so that a host without the folder can fetch it.

import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { ACTIVE_MODEL_CHANNEL } from './postgres.js';
import type { Backend } from './schema.js';
import { inTransaction, type Queryable } from './transaction.js';

export interface ModelFile {
  /** Relative to the model folder, with forward slashes. */
  path: string;
  /** Hex SHA-256 of `bytes`. */
  sha256: string;
  bytes: Buffer;
}

/** The file every model folder holds: a stored folder without it is no model. */
export const MANIFEST_PATH = 'manifest.json';

/** What a host hears (on the activation channel) when model `id`'s stored files change: `model-files:<id>`. */
export const MODEL_FILES_NOTICE = 'model-files:';

/**
 * The digest of a model folder: the SHA-256 of its files' paths and checksums, so that any change to any file (an index
 * built into the folder, not only new weights) gives another digest.
 */
export function folderDigest(files: readonly Pick<ModelFile, 'path' | 'sha256'>[]): string {
  return createHash('sha256')
    .update([...files].sort((a, b) => (a.path < b.path ? -1 : 1)).map((f) => `${f.path}\0${f.sha256}\n`).join(''))
    .digest('hex');
}

export class ModelFileStore {
  constructor(
    private readonly db: Queryable,
    private readonly backend: Backend = 'sqlite',
  ) {}

  /** The digest (folderDigest) of the stored folder of model `id`, or null when none is stored. */
  async digest(id: string): Promise<string | null> {
    const rows = await this.db.selectFrom('model_files').select(['path', 'sha256']).where('model_id', '=', id).execute();
    return rows.some((r) => r.path === MANIFEST_PATH) ? folderDigest(rows) : null;
  }

  /**
   * Replaces the stored files of model `id` with `files`, in one transaction; on PostgreSQL every listening host hears
   * `model-files:<id>` once it commits, so that one serving the model fetches the new files.
   */
  put(id: string, files: readonly ModelFile[]): Promise<void> {
    return inTransaction(this.db, async (trx) => {
      await trx.deleteFrom('model_files').where('model_id', '=', id).execute();
      // One row per statement: a model's weights are tens of MB, far more than one statement should carry several of.
      for (const file of files) await trx.insertInto('model_files').values({ model_id: id, path: file.path, sha256: file.sha256, bytes: file.bytes }).execute();
      if (this.backend === 'postgres') await sql`SELECT pg_notify(${ACTIVE_MODEL_CHANNEL}, ${MODEL_FILES_NOTICE + id})`.execute(trx);
    });
  }

  /**
   * The digest of every registered model's stored folder, by model id, of every catalog: what a host's model cache
   * may hold (a stored folder whose model left the registry is not there).
   */
  async registeredDigests(): Promise<Map<string, string>> {
    const rows = await this.db
      .selectFrom('model_files')
      .select(['model_id', 'path', 'sha256'])
      .where('model_id', 'in', (eb) => eb.selectFrom('models').select('id'))
      .execute();
    const byModel = new Map<string, { path: string; sha256: string }[]>();
    for (const row of rows) {
      const files = byModel.get(row.model_id) ?? [];
      files.push(row);
      byModel.set(row.model_id, files);
    }
    const digests = new Map<string, string>();
    for (const [id, files] of byModel) if (files.some((f) => f.path === MANIFEST_PATH)) digests.set(id, folderDigest(files));
    return digests;
  }

  async get(id: string): Promise<ModelFile[]> {
    const rows = await this.db.selectFrom('model_files').select(['path', 'sha256', 'bytes']).where('model_id', '=', id).orderBy('path').execute();
    return rows.map((r) => ({ path: r.path, sha256: r.sha256, bytes: Buffer.from(r.bytes) }));
  }
}
