// The application's storage in one handle, on either engine: the stores for predictions, feedback, jobs and models.

import { join } from 'node:path';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { cachingStatements } from './statement-cache.js';
import { IN_MEMORY, openDatabase } from './database.js';
import { CategoryAdditionStore } from './category-additions.js';
import { DEFAULT_CATALOG } from './catalog-scope.js';
import { CatalogStore } from './catalog-store.js';
import { FeedbackStore } from './feedback-store.js';
import { IndexChangeStore } from './index-change-store.js';
import { JobChunkStore } from './job-chunks.js';
import { DatasetFileStore } from './dataset-files.js';
import { JobFileStore } from './job-files.js';
import { JobStore } from './job-store.js';
import { UploadPhotoStore } from './upload-photos.js';
import { ModelFileStore } from './model-files.js';
import { ModelRegistry } from './model-registry.js';
import { ACTIVE_MODEL_CHANNEL, isPostgresUrl, listenPostgres, openPostgres, redactUrl } from './postgres.js';
import { catalogLogView, PredictionLog, type PredictionLogOptions, type PredictionLogView } from './prediction-log.js';
import { PredictionStore, type PendingWrites } from './prediction-store.js';
import type { Backend, Schema } from './schema.js';
import { inTransaction, type Queryable } from './transaction.js';

/** The database file inside a var folder. */
export const DATABASE_FILE = 'prodclass.db';

/**
 * The stores, all on one connection or one transaction, seen from one catalog: its models and active model, its jobs,
 * and the predictions and feedback of its models (see each store for the queries that span every catalog).
 */
export interface Stores {
  /** The catalog these stores serve ("default" unless Storage.forCatalog chose another). */
  readonly catalog: string;
  readonly predictions: PredictionStore;
  readonly feedback: FeedbackStore;
  readonly jobs: JobStore;
  readonly models: ModelRegistry;
  readonly categoryAdditions: CategoryAdditionStore;
  /** Model folders' files (stored on PostgreSQL only, where hosts share no filesystem). */
  readonly modelFiles: ModelFileStore;
  /** The catalogs the deployment holds beside the default one (the same for every catalog's view). */
  readonly catalogs: CatalogStore;
  /** Products filed into the models' similarity indexes since they were built. */
  readonly indexChanges: IndexChangeStore;
  /** Queued batch jobs' chunks: inputs, result lines, summaries (by job id, the same for every catalog's view). */
  readonly jobChunks: JobChunkStore;
  /** Jobs' files hosts without the job's folder need: uploaded photos, a queued job's cut (by job id). */
  readonly jobFiles: JobFileStore;
  /** Labelled data files by content, for workers on other hosts (the same for every catalog's view). */
  readonly datasetFiles: DatasetFileStore;
  /** Uploaded photos by content (written on PostgreSQL only, for workers on other hosts; the same for every catalog's view). */
  readonly photos: UploadPhotoStore;
}

export interface Storage extends Stores {
  readonly backend: Backend;
  /** The SQLite file (or ":memory:") or the PostgreSQL URL without its password: for logs and /api/health. */
  readonly location: string;
  /** The PostgreSQL connection string (password included), for child processes that open the same database; null on SQLite. */
  readonly databaseUrl: string | null;
  /** The query builder itself, for what no store offers (tests back-date rows with it). */
  readonly db: Kysely<Schema>;
  /**
   * Where the API records its predictions: on PostgreSQL written behind the answer in multi-row INSERTs (the stores
   * above wait for its buffered rows before they read); on SQLite at once.
   */
  readonly predictionLog: PredictionLogView;
  /**
   * The same storage seen from catalog `name` (the same connections and prediction log): its stores list that
   * catalog's rows, and record new models and jobs under it. Closing the view closes nothing; close the storage.
   */
  forCatalog(name: string): Storage;
  /** Runs `fn` in one transaction with stores bound to it: all of its writes land, or none. */
  transaction<T>(fn: (stores: Stores) => Promise<T>): Promise<T>;
  /**
   * Calls `listener` with the model id whenever a host makes another model active (or `catalog-removed:NAME` when one
   * removes a catalog): at once on PostgreSQL (LISTEN/NOTIFY);
   * never on SQLite, where one host owns the file (a server still polls for `prodclass retrain` beside it). Resolves
   * with a function that stops watching; closing the storage stops it too.
   * @throws ProdclassError DATABASE_UNAVAILABLE when PostgreSQL cannot be listened to.
   */
  watchActiveModel(listener: (id: string) => void, onError?: (error: Error) => void): Promise<() => Promise<void>>;
  /** Resolves when the database answers a query; rejects with the driver's error when it does not. */
  ping(): Promise<void>;
  /** Writes the prediction log's buffered rows, then closes the connections. @throws Error when those rows cannot be written. */
  close(): Promise<void>;
}

export interface StorageOptions {
  /** A `postgres://` URL: the shared PostgreSQL database instead of the var folder's SQLite file. */
  databaseUrl?: string | null;
  /** How the prediction log writes (PostgreSQL): flush interval, rows per write. */
  predictionLog?: PredictionLogOptions;
}

function storesOn(db: Queryable, backend: Backend, pending: PendingWrites, catalog: string): Stores {
  return {
    catalog,
    predictions: new PredictionStore(db, pending, catalog),
    feedback: new FeedbackStore(db, pending, catalog),
    jobs: new JobStore(db, catalog),
    models: new ModelRegistry(db, backend, catalog),
    categoryAdditions: new CategoryAdditionStore(db),
    modelFiles: new ModelFileStore(db, backend),
    catalogs: new CatalogStore(db, pending, backend),
    indexChanges: new IndexChangeStore(db),
    jobChunks: new JobChunkStore(db),
    jobFiles: new JobFileStore(db),
    datasetFiles: new DatasetFileStore(db),
    photos: new UploadPhotoStore(db),
  };
}

/**
 * Opens the application's storage: the PostgreSQL database at `options.databaseUrl` when given, else the SQLite file
 * of a var folder (`<varDir>/prodclass.db`), or an in-memory one when `varDir` is null. Either way the schema is
 * migrated to this prodclass's version first.
 * @throws ProdclassError as openDatabase (SQLite) or openPostgres (DATABASE_UNAVAILABLE, CONFLICT).
 */
export async function openStorage(varDir: string | null, options: StorageOptions = {}): Promise<Storage> {
  const url = options.databaseUrl ?? null;
  if (url !== null && isPostgresUrl(url)) return around(await openPostgres(url), 'postgres', redactUrl(url), url, options.predictionLog);
  const file = varDir === null ? IN_MEMORY : join(varDir, DATABASE_FILE);
  const sqlite = openDatabase(file);
  return around(new Kysely<Schema>({ dialect: new SqliteDialect({ database: cachingStatements(sqlite) }) }), 'sqlite', file, null, options.predictionLog);
}

function around(db: Kysely<Schema>, backend: Backend, location: string, databaseUrl: string | null, logOptions: PredictionLogOptions = {}): Storage {
  let closed = false;
  const watchers = new Set<() => Promise<void>>();
  const predictionLog = new PredictionLog(db, backend, logOptions);
  const watchActiveModel: Storage['watchActiveModel'] = async (listener, onError) => {
    if (databaseUrl === null) return async () => {};
    const stop = await listenPostgres(databaseUrl, ACTIVE_MODEL_CHANNEL, listener, onError);
    watchers.add(stop);
    return async () => {
      watchers.delete(stop);
      await stop();
    };
  };
  const ping = async () => {
    await sql`SELECT 1`.execute(db);
  };
  const views = new Map<string, Storage>();
  const view = (catalog: string, close: () => Promise<void>): Storage => ({
    backend,
    location,
    databaseUrl,
    db,
    predictionLog: catalogLogView(predictionLog, catalog),
    ...storesOn(db, backend, predictionLog, catalog),
    forCatalog: (name) => forCatalog(name),
    transaction: <T>(fn: (stores: Stores) => Promise<T>): Promise<T> => inTransaction(db, (trx) => fn(storesOn(trx, backend, predictionLog, catalog))),
    watchActiveModel,
    ping,
    close,
  });
  const forCatalog = (name: string): Storage => {
    let found = views.get(name);
    if (!found) views.set(name, (found = view(name, async () => {})));
    return found;
  };
  const storage = view(DEFAULT_CATALOG, async () => {
    if (closed) return;
    closed = true;
    await Promise.all([...watchers].map((stop) => stop()));
    // The buffered predictions are written before the connections go; a failure still closes them, then reports.
    try {
      await predictionLog.close();
    } finally {
      await db.destroy();
    }
  });
  views.set(DEFAULT_CATALOG, storage);
  return storage;
}
