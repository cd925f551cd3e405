// Corrections and confirmations people send for predictions: kept as long as their prediction, the latest per prediction counts.

import { DEFAULT_CATALOG, inCatalog } from './catalog-scope.js';
import type { PendingWrites } from './prediction-store.js';
import { inTransaction, type Queryable } from './transaction.js';

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

/** One catalog's feedback (on its models' predictions): listing, counting and retraining see no other catalog's. */
export class FeedbackStore {
  /** `pending`: the prediction log whose buffered rows feedback waits for (the prediction it names must be written). */
  constructor(
    private readonly db: Queryable,
    private readonly pending: PendingWrites = { settle: async () => {} },
    readonly catalog: string = DEFAULT_CATALOG,
  ) {}

  private withProduct() {
    return this.db
      .selectFrom('feedback as f')
      .innerJoin('predictions as p', 'p.id', 'f.prediction_id')
      .where(inCatalog('p.model_id', this.catalog))
      .select(['f.id', 'f.prediction_id', 'f.correct_code', 'f.created_at', 'f.reviewer', 'p.code', 'p.designation', 'p.description', 'p.image', 'p.model_id']);
  }

  /**
   * Records that `predictionId`'s product belongs to `correctCode` (said by `reviewer`) and takes it off the review
   * queue, in one transaction: once this resolves the feedback is durable (committed). A prediction still in the
   * prediction log's buffer is written first.
   */
  async add(predictionId: number, correctCode: number, reviewer: string | null = null): Promise<FeedbackRecord> {
    await this.pending.settle();
    return inTransaction(this.db, async (trx) => {
      const createdAt = new Date().toISOString();
      const { id } = await trx
        .insertInto('feedback')
        .values({ prediction_id: predictionId, correct_code: correctCode, created_at: createdAt, reviewer })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx.updateTable('predictions').set({ reviewed: 1 }).where('id', '=', predictionId).execute();
      return { id, predictionId, correctCode, createdAt, reviewer };
    });
  }

  async get(id: number): Promise<FeedbackWithProduct | undefined> {
    const row = await this.withProduct().where('f.id', '=', id).executeTakeFirst();
    return row ? fromRow(row) : undefined;
  }

  /** Which of `predictionIds` (of any catalog) received feedback. */
  async given(predictionIds: readonly number[]): Promise<Set<number>> {
    if (predictionIds.length === 0) return new Set();
    const rows = await this.db.selectFrom('feedback').select('prediction_id').distinct().where('prediction_id', 'in', [...predictionIds]).execute();
    return new Set(rows.map((r) => Number(r.prediction_id)));
  }

  /** Most recent first. */
  async list(limit: number, offset: number): Promise<FeedbackWithProduct[]> {
    return (await this.withProduct().orderBy('f.id', 'desc').limit(limit).offset(offset).execute()).map(fromRow);
  }

  async count(): Promise<number> {
    const { n } = await this.db
      .selectFrom('feedback as f')
      .innerJoin('predictions as p', 'p.id', 'f.prediction_id')
      .where(inCatalog('p.model_id', this.catalog))
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(n);
  }

  /** The latest feedback of each prediction, oldest first: the labelled products retraining adds. */
  async latestPerPrediction(): Promise<FeedbackWithProduct[]> {
    const rows = await this.withProduct()
      .where('f.id', 'in', (eb) => eb.selectFrom('feedback').select((e) => e.fn.max('id').as('id')).groupBy('prediction_id'))
      .orderBy('f.id', 'asc')
      .execute();
    return rows.map(fromRow);
  }

  /** Deletes one feedback row of this catalog; its prediction goes back to the review queue when no other feedback remains. */
  remove(id: number): Promise<boolean> {
    return inTransaction(this.db, async (trx) => {
      const row = await trx
        .selectFrom('feedback as f')
        .innerJoin('predictions as p', 'p.id', 'f.prediction_id')
        .where(inCatalog('p.model_id', this.catalog))
        .select('f.prediction_id')
        .where('f.id', '=', id)
        .executeTakeFirst();
      if (!row) return false;
      await trx.deleteFrom('feedback').where('id', '=', id).execute();
      const { n } = await trx
        .selectFrom('feedback')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('prediction_id', '=', row.prediction_id)
        .executeTakeFirstOrThrow();
      if (Number(n) === 0) await trx.updateTable('predictions').set({ reviewed: 0 }).where('id', '=', row.prediction_id).execute();
      return true;
    });
  }
}
