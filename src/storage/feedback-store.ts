// Corrections and confirmations people send for predictions: kept as long as their prediction, the latest per prediction counts.

import type { Db, Statement } from './database.js';
import type { PredictionStore } from './prediction-store.js';

export interface FeedbackRecord {
  id: number;
  predictionId: number;
  correctCode: number;
  createdAt: string;
  /** The reviewer whose token sent it (PRODCLASS_REVIEWER_TOKENS; "admin" for the admin token), or null when feedback is open. */
  reviewer: string | null;
}

/** A feedback row with the product it is about, for listing and retraining. */
export interface FeedbackWithProduct extends FeedbackRecord {
  predictedCode: number;
  designation: string;
  description: string;
  /** Image path relative to the var folder, or null. */
  image: string | null;
  modelId: string;
}

interface Row {
  id: number;
  prediction_id: number;
  correct_code: number;
  created_at: string;
  reviewer: string | null;
  code: number;
  designation: string;
  description: string;
  image: string | null;
  model_id: string;
}

const WITH_PRODUCT = `SELECT f.id, f.prediction_id, f.correct_code, f.created_at, f.reviewer, p.code, p.designation, p.description, p.image, p.model_id
  FROM feedback f JOIN predictions p ON p.id = f.prediction_id`;

function fromRow(row: Row): FeedbackWithProduct {
  return {
    id: row.id,
    predictionId: row.prediction_id,
    correctCode: row.correct_code,
    createdAt: row.created_at,
    reviewer: row.reviewer,
    predictedCode: row.code,
    designation: row.designation,
    description: row.description,
    image: row.image,
    modelId: row.model_id,
  };
}

export class FeedbackStore {
  private readonly insertStatement: Statement<[number, number, string, string | null]>;
  private readonly addTransaction: (predictionId: number, correctCode: number, reviewer: string | null) => FeedbackRecord;

  constructor(
    private readonly db: Db,
    predictions: PredictionStore,
  ) {
    this.insertStatement = db.prepare('INSERT INTO feedback (prediction_id, correct_code, created_at, reviewer) VALUES (?, ?, ?, ?)');
    this.addTransaction = db.transaction((predictionId: number, correctCode: number, reviewer: string | null): FeedbackRecord => {
      const createdAt = new Date().toISOString();
      const id = Number(this.insertStatement.run(predictionId, correctCode, createdAt, reviewer).lastInsertRowid);
      predictions.setReviewed(predictionId, true);
      return { id, predictionId, correctCode, createdAt, reviewer };
    });
  }

  /** Records that `predictionId`'s product belongs to `correctCode` (said by `reviewer`) and takes it off the review queue (one transaction). */
  add(predictionId: number, correctCode: number, reviewer: string | null = null): FeedbackRecord {
    return this.addTransaction(predictionId, correctCode, reviewer);
  }

  get(id: number): FeedbackWithProduct | undefined {
    const row = this.db.prepare<[number], Row>(`${WITH_PRODUCT} WHERE f.id = ?`).get(id);
    return row ? fromRow(row) : undefined;
  }

  /** Most recent first. */
  list(limit: number, offset: number): FeedbackWithProduct[] {
    return this.db.prepare<[number, number], Row>(`${WITH_PRODUCT} ORDER BY f.id DESC LIMIT ? OFFSET ?`).all(limit, offset).map(fromRow);
  }

  count(): number {
    return this.db.prepare<[], number>('SELECT COUNT(*) FROM feedback').pluck().get() ?? 0;
  }

  /** The latest feedback of each prediction, oldest first: the labelled products retraining adds. */
  latestPerPrediction(): FeedbackWithProduct[] {
    return this.db
      .prepare<[], Row>(`${WITH_PRODUCT} WHERE f.id IN (SELECT MAX(id) FROM feedback GROUP BY prediction_id) ORDER BY f.id ASC`)
      .all()
      .map(fromRow);
  }

  /** Deletes one feedback row; its prediction goes back to the review queue when no other feedback remains. */
  remove(id: number): boolean {
    return this.db.transaction(() => {
      const row = this.db.prepare<[number], { prediction_id: number }>('SELECT prediction_id FROM feedback WHERE id = ?').get(id);
      if (!row) return false;
      this.db.prepare('DELETE FROM feedback WHERE id = ?').run(id);
      const left = this.db.prepare<[number], number>('SELECT COUNT(*) FROM feedback WHERE prediction_id = ?').pluck().get(row.prediction_id) ?? 0;
      if (left === 0) this.db.prepare('UPDATE predictions SET reviewed = 0 WHERE id = ?').run(row.prediction_id);
      return true;
    })();
  }
}
