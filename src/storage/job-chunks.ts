// The chunks of a queued batch job: the rows an API host cut, and each chunk's result lines and tally once a worker did it.

import type { Queryable } from './transaction.js';

/** A chunk a worker has done: its result lines (bytes of the result file) and its tally (JSON). */
export interface DoneChunk {
  chunk: number;
  part: Buffer;
  summary: string;
}

/**
 * Chunks by job id (the same for every catalog's view: a worker reaches a job's chunks by its id). A chunk is done once
 * its summary is set, and `complete` sets it once only, so that a chunk two workers did (one thought dead) counts once.
 */
export class JobChunkStore {
  constructor(private readonly db: Queryable) {}

  /**
   * Records chunk `chunk` of job `jobId` with its input `rows` (JSON); a chunk already recorded is kept as it is (a cut
   * made again after a stop gives the same chunks, and those done stay done).
   */
  async add(jobId: string, chunk: number, rows: string): Promise<void> {
    await this.db
      .insertInto('job_chunks')
      .values({ job_id: jobId, chunk, rows, part: null, summary: null })
      .onConflict((oc) => oc.columns(['job_id', 'chunk']).doNothing())
      .execute();
  }

  /** The input rows (JSON) of a chunk, or undefined when it was never cut (or the job was cleaned up). */
  async input(jobId: string, chunk: number): Promise<string | undefined> {
    const row = await this.db.selectFrom('job_chunks').select('rows').where('job_id', '=', jobId).where('chunk', '=', chunk).executeTakeFirst();
    return row?.rows;
  }

  /** The summary (JSON) of a done chunk, or null when it is not done (or not recorded). */
  async summary(jobId: string, chunk: number): Promise<string | null> {
    const row = await this.db.selectFrom('job_chunks').select('summary').where('job_id', '=', jobId).where('chunk', '=', chunk).executeTakeFirst();
    return row?.summary ?? null;
  }

  /**
   * Marks a chunk done with its result lines and summary, unless it is done already: true when this call did it. Run in
   * the transaction that records the chunk's predictions, and roll back on false: on PostgreSQL a second worker's
   * update waits for the first one's transaction and then finds the chunk done.
   */
  async complete(jobId: string, chunk: number, part: Buffer, summary: string): Promise<boolean> {
    const updated = await this.db
      .updateTable('job_chunks')
      .set({ part, summary })
      .where('job_id', '=', jobId)
      .where('chunk', '=', chunk)
      .where('summary', 'is', null)
      .executeTakeFirst();
    return Number(updated.numUpdatedRows) === 1;
  }

  /** How many of the job's chunks are done (one indexed count: an API host asks often while its job runs). */
  async countDone(jobId: string): Promise<number> {
    const row = await this.db
      .selectFrom('job_chunks')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('job_id', '=', jobId)
      .where('summary', 'is not', null)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** The numbers of the job's done chunks, in order. */
  async done(jobId: string): Promise<number[]> {
    const rows = await this.db.selectFrom('job_chunks').select('chunk').where('job_id', '=', jobId).where('summary', 'is not', null).orderBy('chunk').execute();
    return rows.map((r) => Number(r.chunk));
  }

  /** Done chunks `from` to `to - 1` of the job, in order (fetched a range at a time, so a big job is never all in memory). */
  async parts(jobId: string, from: number, to: number): Promise<DoneChunk[]> {
    const rows = await this.db
      .selectFrom('job_chunks')
      .select(['chunk', 'part', 'summary'])
      .where('job_id', '=', jobId)
      .where('chunk', '>=', from)
      .where('chunk', '<', to)
      .where('summary', 'is not', null)
      .orderBy('chunk')
      .execute();
    return rows.map((r) => ({ chunk: Number(r.chunk), part: Buffer.from(r.part!), summary: r.summary! }));
  }

  /** Deletes every chunk of the job; returns how many there were. */
  async remove(jobId: string): Promise<number> {
    const deleted = await this.db.deleteFrom('job_chunks').where('job_id', '=', jobId).executeTakeFirst();
    return Number(deleted.numDeletedRows);
  }
}
