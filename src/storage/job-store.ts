// Long-running jobs (batch classification, retraining): their state, checkpoint and result survive restarts.

import { sql, type Selectable } from 'kysely';
import type { Json, JsonObject } from '../core/estimator.js';
import { DEFAULT_CATALOG } from './catalog-scope.js';
import type { JobsTable } from './schema.js';
import type { Queryable } from './transaction.js';

export type JobKind = 'batch' | 'retrain' | 'audit' | 'index';
export type JobStatus = 'queued' | 'running' | 'done' | 'failed';

export interface JobRecord {
  id: string;
  kind: JobKind;
  status: JobStatus;
  createdAt: string;
  updatedAt: string;
  modelId: string | null;
  /** What the job was asked to do (file names, sizes, options). */
  input: JsonObject;
  /** The last checkpoint: enough to resume after a crash. */
  progress: JsonObject;
  /** The outcome once done (summary, gate), or null. */
  result: JsonObject | null;
  /** Why it failed, or a note. */
  message: string | null;
}

export interface JobUpdate {
  status?: JobStatus;
  progress?: JsonObject;
  result?: JsonObject | null;
  message?: string | null;
}

const COLUMNS = ['id', 'kind', 'status', 'created_at', 'updated_at', 'model_id', 'input', 'progress', 'result', 'message'] as const;

function fromRow(row: Pick<Selectable<JobsTable>, (typeof COLUMNS)[number]>): JobRecord {
  return {
    id: row.id,
    kind: row.kind as JobKind,
    status: row.status as JobStatus,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    modelId: row.model_id,
    input: JSON.parse(row.input) as JsonObject,
    progress: JSON.parse(row.progress) as JsonObject,
    result: row.result === null ? null : (JSON.parse(row.result) as JsonObject),
    message: row.message,
  };
}

/**
 * One catalog's jobs: it records them under its name, and lists, reads and resumes only its own. Retention's queries
 * (every job id, finished jobs) and idempotency keys span every catalog: job folders share one var folder.
 */
export class JobStore {
  constructor(
    private readonly db: Queryable,
    readonly catalog: string = DEFAULT_CATALOG,
  ) {}

  private select() {
    return this.db.selectFrom('jobs').select(COLUMNS);
  }

  /**
   * Records a new job and returns it; with an idempotency key already used, records nothing and returns that key's job
   * (whose id is then not `job.id`).
   */
  async create(job: { id: string; kind: JobKind; modelId: string | null; input: JsonObject; idempotencyKey?: string | null; host?: string | null }): Promise<JobRecord> {
    const now = new Date().toISOString();
    const inserted = await this.db
      .insertInto('jobs')
      .values({
        id: job.id,
        kind: job.kind,
        status: 'queued',
        created_at: now,
        updated_at: now,
        model_id: job.modelId,
        input: JSON.stringify(job.input),
        progress: '{}',
        idempotency_key: job.idempotencyKey ?? null,
        host: job.host ?? null,
        catalog: this.catalog,
      })
      .onConflict((oc) => oc.column('idempotency_key').where('idempotency_key', 'is not', null).doNothing())
      .executeTakeFirst();
    return Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0 ? (await this.byIdempotencyKey(job.idempotencyKey!))! : (await this.get(job.id))!;
  }

  /** The job a client submitted with this Idempotency-Key, if any. */
  async byIdempotencyKey(key: string): Promise<JobRecord | undefined> {
    const row = await this.select().where('idempotency_key', '=', key).executeTakeFirst();
    return row ? fromRow(row) : undefined;
  }

  /**
   * Retention: finished jobs (done or failed) of a kind last updated before `before` (ISO), oldest first; every
   * catalog's, or with `catalogOnly` this catalog's alone (`prodclass gc --catalog`).
   */
  async finishedBefore(kind: JobKind, before: string, options: { catalogOnly?: boolean } = {}): Promise<JobRecord[]> {
    let query = this.select().where('kind', '=', kind).where('status', 'in', ['done', 'failed']).where('updated_at', '<', before);
    if (options.catalogOnly) query = query.where('catalog', '=', this.catalog);
    const rows = await query.orderBy('updated_at', 'asc').execute();
    return rows.map(fromRow);
  }

  /** Every job id: folders under var/jobs/ that none names are orphans. */
  async ids(): Promise<Set<string>> {
    return new Set((await this.db.selectFrom('jobs').select('id').execute()).map((r) => r.id));
  }

  async get(id: string): Promise<JobRecord | undefined> {
    const row = await this.select().where('id', '=', id).where('catalog', '=', this.catalog).executeTakeFirst();
    return row ? fromRow(row) : undefined;
  }

  /** Most recent first. */
  async list(limit: number, kind?: JobKind): Promise<JobRecord[]> {
    let query = this.select().where('catalog', '=', this.catalog);
    if (kind) query = query.where('kind', '=', kind);
    const rows = await query.orderBy('created_at', 'desc').orderBy(sql`rowid`, 'desc').limit(limit).execute();
    return rows.map(fromRow);
  }

  /**
   * Jobs a stop interrupted (or never started), oldest first; with `host`, only that host's (and those recorded before
   * jobs had a host): another host's running job is its live work, not something to resume or fail.
   */
  async unfinished(host?: string): Promise<JobRecord[]> {
    let query = this.select().where('status', 'in', ['queued', 'running']).where('catalog', '=', this.catalog);
    if (host !== undefined) query = query.where((eb) => eb.or([eb('host', '=', host), eb('host', 'is', null)]));
    const rows = await query.orderBy('created_at', 'asc').orderBy(sql`rowid`, 'asc').execute();
    return rows.map(fromRow);
  }

  /**
   * Clean-ups: the queued and running jobs of every catalog, whichever host runs them: what they name (a stored data
   * set, a cached copy) is live work.
   */
  async unfinishedEverywhere(): Promise<JobRecord[]> {
    const rows = await this.select().where('status', 'in', ['queued', 'running']).orderBy('created_at', 'asc').execute();
    return rows.map(fromRow);
  }

  async update(id: string, update: JobUpdate): Promise<void> {
    const json = (value: Json | null) => (value === null ? null : JSON.stringify(value));
    await this.db
      .updateTable('jobs')
      .set({
        updated_at: new Date().toISOString(),
        ...(update.status !== undefined && { status: update.status }),
        ...(update.progress !== undefined && { progress: json(update.progress)! }),
        ...(update.result !== undefined && { result: json(update.result) }),
        ...(update.message !== undefined && { message: update.message }),
      })
      .where('id', '=', id)
      .execute();
  }
}
