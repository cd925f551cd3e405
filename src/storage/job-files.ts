// Files of a job kept in the database (the photos of an upload, a queued job's cut): what hosts without its folder need.

import type { Queryable } from './transaction.js';

export interface JobFile {
  /** Relative to the job's folder, with forward slashes (e.g. "images/image_1_product_2.jpg"). */
  path: string;
  bytes: Buffer;
}

/** How many files one statement writes: a photo is tens of kB, so a few hundred stay well under a statement's size. */
const FILES_PER_INSERT = 200;

/** Files by job id (the same for every catalog's view). */
export class JobFileStore {
  constructor(private readonly db: Queryable) {}

  /** Stores `files` for job `jobId`, replacing any of the same path, a few hundred per statement. */
  async put(jobId: string, files: readonly JobFile[]): Promise<void> {
    for (let from = 0; from < files.length; from += FILES_PER_INSERT) {
      const values = files.slice(from, from + FILES_PER_INSERT).map((f) => ({ job_id: jobId, path: f.path, bytes: f.bytes }));
      await this.db
        .insertInto('job_files')
        .values(values)
        .onConflict((oc) => oc.columns(['job_id', 'path']).doUpdateSet((eb) => ({ bytes: eb.ref('excluded.bytes') })))
        .execute();
    }
  }

  /** The stored files among `paths` (those not stored are left out). */
  async get(jobId: string, paths: readonly string[]): Promise<JobFile[]> {
    const found: JobFile[] = [];
    for (let from = 0; from < paths.length; from += FILES_PER_INSERT) {
      const rows = await this.db.selectFrom('job_files').select(['path', 'bytes']).where('job_id', '=', jobId).where('path', 'in', paths.slice(from, from + FILES_PER_INSERT)).execute();
      for (const r of rows) found.push({ path: r.path, bytes: Buffer.from(r.bytes) });
    }
    return found;
  }

  /** The paths of the job's stored files under `prefix` (e.g. "images/"), sorted. */
  async list(jobId: string, prefix = ''): Promise<string[]> {
    const rows = await this.db.selectFrom('job_files').select('path').where('job_id', '=', jobId).orderBy('path').execute();
    return rows.map((r) => r.path).filter((p) => p.startsWith(prefix));
  }

  /** Deletes the stored files of the job but those in `keep` (paths); returns how many went. */
  async remove(jobId: string, keep: readonly string[] = []): Promise<number> {
    let query = this.db.deleteFrom('job_files').where('job_id', '=', jobId);
    if (keep.length > 0) query = query.where('path', 'not in', keep);
    const deleted = await query.executeTakeFirst();
    return Number(deleted.numDeletedRows);
  }
}
