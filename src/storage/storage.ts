// The application's storage in one handle: the database and its stores for predictions, feedback, jobs and models.

import { join } from 'node:path';
import { IN_MEMORY, openDatabase, type Db } from './database.js';
import { CategoryAdditionStore } from './category-additions.js';
import { FeedbackStore } from './feedback-store.js';
import { JobStore } from './job-store.js';
import { ModelRegistry } from './model-registry.js';
import { PredictionStore } from './prediction-store.js';

/** The database file inside a var folder. */
export const DATABASE_FILE = 'prodclass.db';

export interface Storage {
  readonly db: Db;
  readonly predictions: PredictionStore;
  readonly feedback: FeedbackStore;
  readonly jobs: JobStore;
  readonly models: ModelRegistry;
  readonly categoryAdditions: CategoryAdditionStore;
  /** Runs `fn` in one transaction: all of its writes land, or none. */
  transaction<T>(fn: () => T): T;
  close(): void;
}

/**
 * Opens the storage of a var folder (`<varDir>/prodclass.db`), or an in-memory one when `varDir` is null.
 * @throws ProdclassError as openDatabase.
 */
export function openStorage(varDir: string | null): Storage {
  const db = openDatabase(varDir === null ? IN_MEMORY : join(varDir, DATABASE_FILE));
  const predictions = new PredictionStore(db);
  return {
    db,
    predictions,
    feedback: new FeedbackStore(db, predictions),
    jobs: new JobStore(db),
    models: new ModelRegistry(db),
    categoryAdditions: new CategoryAdditionStore(db),
    transaction: <T>(fn: () => T): T => db.transaction(fn)() as T,
    close: () => {
      if (db.open) db.close();
    },
  };
}
