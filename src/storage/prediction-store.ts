// Every prediction the application makes (API, page, batch): what was asked, what the model said, whether someone reviewed it.

import type { Selectable } from 'kysely';
import type { SpotCheckGroup } from '../evaluation/live-precision.js';
import { DEFAULT_CATALOG, inCatalog } from './catalog-scope.js';
import type { PredictionsTable } from './schema.js';
import type { Queryable } from './transaction.js';

/** Predictions recorded but maybe not yet written (the write-behind prediction log): readers wait for them first. */
export interface PendingWrites {
  settle(): Promise<void>;
}

const NONE: PendingWrites = { settle: async () => {} };

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
  /** A spot check: filed automatically, and sent to review as well so that a person measures the live precision. */
  spotCheck?: boolean;
  /** Held for review by its category's own threshold although its confidence reaches the catalog's. */
  held?: boolean;
  /** A tree model filed it automatically at this category, a parent of `code`, its leaf being unsure (see depthFiling). */
  filedCode?: number | null;
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

/** Rows per multi-row INSERT: 14 parameters each stays far below SQLite's and PostgreSQL's parameter limits. */
const INSERT_CHUNK = 500;

function fromRow(row: Selectable<PredictionsTable>): PredictionRecord {
  return {
    id: row.id,
    createdAt: row.created_at,
    origin: row.origin as PredictionOrigin,
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
    spotCheck: row.spot_check === 1,
    held: row.held === 1,
    filedCode: row.filed_code ?? null,
  };
}

/** The table row of a new prediction. */
export function predictionRow(p: NewPrediction, createdAt: string) {
  return {
    created_at: createdAt,
    origin: p.origin,
    model_id: p.modelId,
    job_id: p.jobId ?? null,
    row_index: p.rowIndex ?? null,
    designation: p.designation,
    description: p.description,
    image: p.image ?? null,
    code: p.code,
    confidence: p.confidence,
    top: JSON.stringify(p.top.map(([code, probability]) => [code, Math.round(probability * 1e6) / 1e6])),
    spot_check: p.spotCheck ? 1 : 0,
    held: p.held ? 1 : 0,
    filed_code: p.filedCode ?? null,
  };
}

/**
 * One catalog's predictions (those of its models): reading one, the review queue and the spot-check tally see no other
 * catalog's. Retention's queries (deleting, the photos kept) span every catalog: the var folder is one.
 */
export class PredictionStore {
  /** `pending`: the prediction log whose buffered rows every read waits for (none for a store used alone). */
  constructor(
    private readonly db: Queryable,
    private readonly pending: PendingWrites = NONE,
    readonly catalog: string = DEFAULT_CATALOG,
  ) {}

  /** Records one prediction and returns its id. */
  async insert(p: NewPrediction, createdAt = new Date().toISOString()): Promise<number> {
    const { id } = await this.db.insertInto('predictions').values(predictionRow(p, createdAt)).returning('id').executeTakeFirstOrThrow();
    return id;
  }

  /** Records many predictions (a batch chunk) in a few multi-row statements; call inside a transaction to land them together. */
  async insertMany(predictions: readonly NewPrediction[], createdAt = new Date().toISOString()): Promise<void> {
    for (let start = 0; start < predictions.length; start += INSERT_CHUNK) {
      await this.db
        .insertInto('predictions')
        .values(predictions.slice(start, start + INSERT_CHUNK).map((p) => predictionRow(p, createdAt)))
        .execute();
    }
  }

  async get(id: number): Promise<PredictionRecord | undefined> {
    await this.pending.settle();
    const row = await this.db
      .selectFrom('predictions')
      .selectAll()
      .where('id', '=', id)
      .where(inCatalog('model_id', this.catalog))
      .executeTakeFirst();
    return row ? fromRow(row) : undefined;
  }

  async setReviewed(id: number, reviewed: boolean): Promise<void> {
    await this.pending.settle();
    await this.db.updateTable('predictions').set({ reviewed: reviewed ? 1 : 0 }).where('id', '=', id).execute();
  }

  /**
   * Unreviewed predictions below the threshold, spot checks and those their category's threshold holds whatever their
   * confidence, and how many there are in all: spot checks first (few, and the live precision waits on them), then
   * least confident first.
   */
  async reviewQueue(query: ReviewQuery): Promise<{ items: PredictionRecord[]; total: number }> {
    await this.pending.settle();
    const origins = query.origins.length ? query.origins : (['api', 'page', 'batch'] as const);
    const pending = this.db
      .selectFrom('predictions')
      .where('reviewed', '=', 0)
      .where((eb) => eb.or([eb('confidence', '<', query.threshold), eb('spot_check', '=', 1), eb('held', '=', 1)]))
      .where('origin', 'in', [...origins])
      .where(inCatalog('model_id', this.catalog));
    const rows = await pending
      .selectAll()
      .orderBy('spot_check', 'desc')
      .orderBy('confidence', 'asc')
      .orderBy('id', 'asc')
      .limit(query.limit)
      .offset(query.offset)
      .execute();
    const { total } = await pending.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
    return { items: rows.map(fromRow), total: Number(total) };
  }

  /**
   * Every spot check, grouped by model, what it filed (the class, and the parent filed at when not the class) and the
   * category its latest feedback names (null before any review), as retraining takes the latest feedback.
   * `tallySpotChecks` folds them into counts.
   */
  async spotCheckGroups(): Promise<SpotCheckGroup[]> {
    await this.pending.settle();
    const rows = await this.db
      .selectFrom('predictions as p')
      .leftJoin(
        (eb) => eb.selectFrom('feedback').select((f) => ['prediction_id', f.fn.max('id').as('latest')]).groupBy('prediction_id').as('l'),
        (join) => join.onRef('l.prediction_id', '=', 'p.id'),
      )
      .leftJoin('feedback as f', 'f.id', 'l.latest')
      .where('p.spot_check', '=', 1)
      .where(inCatalog('p.model_id', this.catalog))
      .groupBy(['p.model_id', 'p.code', 'p.filed_code', 'f.correct_code'])
      .select((eb) => ['p.model_id', 'p.code', 'p.filed_code', 'f.correct_code', eb.fn.countAll<number>().as('n')])
      .orderBy('p.model_id')
      .execute();
    return rows.map((r) => ({ modelId: r.model_id, code: Number(r.code), filedCode: r.filed_code === null ? null : Number(r.filed_code), correctCode: r.correct_code === null ? null : Number(r.correct_code), n: Number(r.n) }));
  }

  /**
   * Retention: deletes predictions made before `before` (ISO) that received no feedback (those are what retraining
   * learns from, and stay): every catalog's, or with `catalogOnly` this catalog's alone. Returns how many went.
   */
  async deleteWithoutFeedbackBefore(before: string, options: { catalogOnly?: boolean } = {}): Promise<number> {
    await this.pending.settle();
    let query = this.db
      .deleteFrom('predictions')
      .where('created_at', '<', before)
      .where('id', 'not in', (eb) => eb.selectFrom('feedback').select('prediction_id'));
    if (options.catalogOnly) query = query.where(inCatalog('model_id', this.catalog));
    const result = await query.executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  /** The photos (paths relative to the var folder) of predictions that received feedback: retraining reads them. */
  async imagesWithFeedback(): Promise<Set<string>> {
    await this.pending.settle();
    const rows = await this.db
      .selectFrom('predictions as p')
      .innerJoin('feedback as f', 'f.prediction_id', 'p.id')
      .select('p.image')
      .distinct()
      .where('p.image', 'is not', null)
      .execute();
    return new Set(rows.map((r) => r.image!));
  }

  /** Every photo (path relative to the var folder) a stored prediction names. */
  async images(): Promise<Set<string>> {
    await this.pending.settle();
    const rows = await this.db.selectFrom('predictions').select('image').distinct().where('image', 'is not', null).execute();
    return new Set(rows.map((r) => r.image!));
  }

  /** How many predictions this catalog's models made. */
  async count(): Promise<number> {
    await this.pending.settle();
    const { n } = await this.db
      .selectFrom('predictions')
      .where(inCatalog('model_id', this.catalog))
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(n);
  }
}
