// Public door of the storage layer (the only folder that imports better-sqlite3, pg and kysely).

export { openDatabase, schemaVersion, IN_MEMORY, type Db } from './database.js';
export { MIGRATIONS } from './migrations.js';
export { POSTGRES_MIGRATIONS } from './postgres-migrations.js';
export { isPostgresUrl, redactUrl } from './postgres.js';
export { openStorage, DATABASE_FILE, type Storage, type Stores, type StorageOptions } from './storage.js';
export type { Backend } from './schema.js';
export type { NewPrediction, PredictionOrigin, PredictionRecord, ReviewQuery } from './prediction-store.js';
export { PredictionLog, type PredictionLogOptions, type PredictionLogView } from './prediction-log.js';
export type { FeedbackRecord, FeedbackWithProduct } from './feedback-store.js';
export type { JobKind, JobRecord, JobStatus, JobUpdate } from './job-store.js';
export type { DoneChunk } from './job-chunks.js';
export type { JobFile } from './job-files.js';
export type { DatasetFile } from './dataset-files.js';
export type { ModelEntry } from './model-registry.js';
export type { CategoryAddition } from './category-additions.js';
export { DEFAULT_CATALOG, CATALOG_NAME_PATTERN, checkCatalogName } from './catalog-scope.js';
export type { CatalogRecord, RemovedCatalog } from './catalog-store.js';
