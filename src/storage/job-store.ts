// Long-running jobs (batch classification, retraining): their state, checkpoint and result survive restarts.

import type { Json, JsonObject } from '../core/estimator.js';
import type { Db, Statement } from './database.js';

export type JobKind = 'batch' | 'retrain';
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

  create(job: { id: string; kind: JobKind; modelId: string | null; input: JsonObject }): JobRecord {
    const now = new Date().toISOString();
    this.db
      .prepare('INSERT INTO jobs (id, kind, status, created_at, updated_at, model_id, input, progress) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(job.id, job.kind, 'queued', now, now, job.modelId, JSON.stringify(job.input), '{}');
    return this.get(job.id)!;
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
