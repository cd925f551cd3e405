// Long-running jobs (batch classification, retraining): their state, checkpoint and result survive restarts.

import type { Json, JsonObject } from '../core/estimator.js';
import type { Db, Statement } from './database.js';

export type JobKind = 'batch' | 'retrain' | 'audit';
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

interface Row {
  id: string;
  kind: JobKind;
  status: JobStatus;
  created_at: string;
  updated_at: string;
  model_id: string | null;
  input: string;
  progress: string;
  result: string | null;
  message: string | null;
}

function fromRow(row: Row): JobRecord {
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    modelId: row.model_id,
    input: JSON.parse(row.input) as JsonObject,
    progress: JSON.parse(row.progress) as JsonObject,
    result: row.result === null ? null : (JSON.parse(row.result) as JsonObject),
    message: row.message,
  };
}

export class JobStore {
  private readonly getStatement: Statement<[string], Row>;

  constructor(private readonly db: Db) {
    this.getStatement = db.prepare('SELECT * FROM jobs WHERE id = ?');
  }

  /**
   * Records a new job and returns it; with an idempotency key already used, records nothing and returns that key's job
   * (whose id is then not `job.id`).
   */
  create(job: { id: string; kind: JobKind; modelId: string | null; input: JsonObject; idempotencyKey?: string | null }): JobRecord {
    const now = new Date().toISOString();
    const inserted = this.db
      .prepare(
        `INSERT INTO jobs (id, kind, status, created_at, updated_at, model_id, input, progress, idempotency_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING`,
      )
      .run(job.id, job.kind, 'queued', now, now, job.modelId, JSON.stringify(job.input), '{}', job.idempotencyKey ?? null);
    return inserted.changes === 0 ? this.byIdempotencyKey(job.idempotencyKey!)! : this.get(job.id)!;
  }

  /** The job a client submitted with this Idempotency-Key, if any. */
  byIdempotencyKey(key: string): JobRecord | undefined {
    const row = this.db.prepare<[string], Row>('SELECT * FROM jobs WHERE idempotency_key = ?').get(key);
    return row ? fromRow(row) : undefined;
  }

  /** Retention: finished jobs (done or failed) of a kind last updated before `before` (ISO), oldest first. */
  finishedBefore(kind: JobKind, before: string): JobRecord[] {
    return this.db
      .prepare<[JobKind, string], Row>("SELECT * FROM jobs WHERE kind = ? AND status IN ('done', 'failed') AND updated_at < ? ORDER BY updated_at ASC")
      .all(kind, before)
      .map(fromRow);
  }

  /** Every job id: folders under var/jobs/ that none names are orphans. */
  ids(): Set<string> {
    return new Set(this.db.prepare<[], string>('SELECT id FROM jobs').pluck().all());
  }

  get(id: string): JobRecord | undefined {
    const row = this.getStatement.get(id);
    return row ? fromRow(row) : undefined;
  }

  /** Most recent first. */
  list(limit: number, kind?: JobKind): JobRecord[] {
    const rows = kind
      ? this.db.prepare<[string, number], Row>('SELECT * FROM jobs WHERE kind = ? ORDER BY created_at DESC, rowid DESC LIMIT ?').all(kind, limit)
      : this.db.prepare<[number], Row>('SELECT * FROM jobs ORDER BY created_at DESC, rowid DESC LIMIT ?').all(limit);
    return rows.map(fromRow);
  }

  /** Jobs a stop interrupted (or never started), oldest first. */
  unfinished(): JobRecord[] {
    return this.db.prepare<[], Row>("SELECT * FROM jobs WHERE status IN ('queued', 'running') ORDER BY created_at ASC, rowid ASC").all().map(fromRow);
  }

  update(id: string, update: JobUpdate): void {
    const sets: string[] = ['updated_at = ?'];
    const values: (string | null)[] = [new Date().toISOString()];
    const json = (value: Json | null) => (value === null ? null : JSON.stringify(value));
    if (update.status !== undefined) sets.push('status = ?') && values.push(update.status);
    if (update.progress !== undefined) sets.push('progress = ?') && values.push(json(update.progress));
    if (update.result !== undefined) sets.push('result = ?') && values.push(json(update.result));
    if (update.message !== undefined) sets.push('message = ?') && values.push(update.message);
    this.db.prepare(`UPDATE jobs SET ${sets.join(', ')} WHERE id = ?`).run(...values, id);
  }
}
