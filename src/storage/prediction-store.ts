// Every prediction the application makes (API, page, batch): what was asked, what the model said, whether someone reviewed it.

import type { Db, Statement } from './database.js';

/** Where a prediction came from: an API client, the web page's Classify form, or a batch job. */
export type PredictionOrigin = 'api' | 'page' | 'batch';

export interface NewPrediction {
  origin: PredictionOrigin;
  modelId: string;
  jobId?: string | null;
  /** The CSV's index column, for batch rows. */
  rowIndex?: number | null;
  designation: string;
  description: string;
  /** Image path relative to the application's var folder, or null. */
  image?: string | null;
  code: number;
  confidence: number;
  /** The five most likely classes, best first, as [code, probability] pairs. */
  top: [number, number][];
}

export interface PredictionRecord extends Required<NewPrediction> {
  id: number;
  createdAt: string;
  reviewed: boolean;
}

export interface ReviewQuery {
  /** Predictions whose confidence is strictly below this are listed. */
  threshold: number;
  origins: readonly PredictionOrigin[];
  limit: number;
  offset: number;
}

interface Row {
  id: number;
  created_at: string;
  origin: PredictionOrigin;
  model_id: string;
  job_id: string | null;
  row_index: number | null;
  designation: string;
  description: string;
  image: string | null;
  code: number;
  confidence: number;
  top: string;
  reviewed: number;
}

type InsertParams = [string, string, string, string | null, number | null, string, string, string | null, number, number, string];

function fromRow(row: Row): PredictionRecord {
  return {
    id: row.id,
    createdAt: row.created_at,
    origin: row.origin,
    modelId: row.model_id,
    jobId: row.job_id,
    rowIndex: row.row_index,
    designation: row.designation,
    description: row.description,
    image: row.image,
    code: row.code,
    confidence: row.confidence,
    top: JSON.parse(row.top) as [number, number][],
    reviewed: row.reviewed === 1,
  };
}

export class PredictionStore {
  private readonly insertStatement: Statement<InsertParams>;
  private readonly getStatement: Statement<[number], Row>;
  private readonly reviewedStatement: Statement<[number, number]>;

  constructor(private readonly db: Db) {
    this.insertStatement = db.prepare(
      `INSERT INTO predictions (created_at, origin, model_id, job_id, row_index, designation, description, image, code, confidence, top)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.getStatement = db.prepare('SELECT * FROM predictions WHERE id = ?');
    this.reviewedStatement = db.prepare('UPDATE predictions SET reviewed = ? WHERE id = ?');
  }

  /** Records one prediction and returns its id. Call inside a transaction to record many at once. */
  insert(p: NewPrediction, createdAt = new Date().toISOString()): number {
    const top = JSON.stringify(p.top.map(([code, probability]) => [code, Math.round(probability * 1e6) / 1e6]));
    const result = this.insertStatement.run(
      createdAt,
      p.origin,
      p.modelId,
      p.jobId ?? null,
      p.rowIndex ?? null,
      p.designation,
      p.description,
      p.image ?? null,
      p.code,
      p.confidence,
      top,
    );
    return Number(result.lastInsertRowid);
  }

  get(id: number): PredictionRecord | undefined {
    const row = this.getStatement.get(id);
    return row ? fromRow(row) : undefined;
  }

  setReviewed(id: number, reviewed: boolean): void {
    this.reviewedStatement.run(reviewed ? 1 : 0, id);
  }

  /** Unreviewed predictions below the threshold, least confident first, and how many there are in all. */
  reviewQueue(query: ReviewQuery): { items: PredictionRecord[]; total: number } {
    const origins = query.origins.length ? query.origins : (['api', 'page', 'batch'] as const);
    const marks = origins.map(() => '?').join(', ');
    const where = `reviewed = 0 AND confidence < ? AND origin IN (${marks})`;
    const rows = this.db
      .prepare<unknown[], Row>(`SELECT * FROM predictions WHERE ${where} ORDER BY confidence ASC, id ASC LIMIT ? OFFSET ?`)
      .all(query.threshold, ...origins, query.limit, query.offset);
    const total = this.db.prepare<unknown[], number>(`SELECT COUNT(*) FROM predictions WHERE ${where}`).pluck().get(query.threshold, ...origins) ?? 0;
    return { items: rows.map(fromRow), total };
  }

  /**
   * Retention: deletes predictions made before `before` (ISO) that received no feedback (those are what retraining
   * learns from, and stay). Returns how many went.
   */
  deleteWithoutFeedbackBefore(before: string): number {
    return this.db.prepare('DELETE FROM predictions WHERE created_at < ? AND id NOT IN (SELECT prediction_id FROM feedback)').run(before).changes;
  }

  /** The photos (paths relative to the var folder) of predictions that received feedback: retraining reads them. */
  imagesWithFeedback(): Set<string> {
    const rows = this.db
      .prepare<[], string>('SELECT DISTINCT p.image FROM predictions p JOIN feedback f ON f.prediction_id = p.id WHERE p.image IS NOT NULL')
      .pluck()
      .all();
    return new Set(rows);
  }

  /** Every photo (path relative to the var folder) a stored prediction names. */
  images(): Set<string> {
    return new Set(this.db.prepare<[], string>('SELECT DISTINCT image FROM predictions WHERE image IS NOT NULL').pluck().all());
  }

  count(): number {
    return this.db.prepare<[], number>('SELECT COUNT(*) FROM predictions').pluck().get() ?? 0;
  }
}
