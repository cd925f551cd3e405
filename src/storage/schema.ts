// The application database's tables as TypeScript types: the one schema Kysely checks every query against, on every backend.

import type { Generated } from 'kysely';

/** Which engine holds the data: SQLite (one file, the default) or PostgreSQL (shared by several hosts). */
export type Backend = 'sqlite' | 'postgres';

// Flags are INTEGER 0/1 and JSON is TEXT on both engines, so the same query and the same row mapping serve both.

export interface ModelsTable {
  id: string;
  dir: string | null;
  kind: string;
  demo: number;
  created_at: string;
  registered_at: string;
  metrics: string;
  info: string;
  active: Generated<number>;
  /** The catalog the model files products for ("default" for every model registered before catalogs were). */
  catalog: Generated<string>;
}

export interface PredictionsTable {
  id: Generated<number>;
  created_at: string;
  origin: string;
  model_id: string;
  job_id: string | null;
  row_index: number | null;
  designation: string;
  description: string;
  image: string | null;
  code: number;
  confidence: number;
  top: string;
  reviewed: Generated<number>;
  spot_check: Generated<number>;
  held: Generated<number>;
  filed_code: number | null;
}

export interface FeedbackTable {
  id: Generated<number>;
  prediction_id: number;
  correct_code: number;
  created_at: string;
  reviewer: string | null;
}

export interface JobsTable {
  /** Insertion order: SQLite's implicit rowid, an identity column of the same name on PostgreSQL. */
  rowid: Generated<number>;
  id: string;
  kind: string;
  status: string;
  created_at: string;
  updated_at: string;
  model_id: string | null;
  input: string;
  progress: string;
  result: string | null;
  message: string | null;
  idempotency_key: string | null;
  /** The host whose var folder holds the job's files (hostname:varDir); null for jobs recorded before hosts were. */
  host: Generated<string | null>;
  /** The catalog whose model runs the job. */
  catalog: Generated<string>;
}

export interface CatalogsTable {
  name: string;
  /** The catalog's folder of model folders: scanned at start, and where its retrained models are written. */
  models_dir: string;
  created_at: string;
}

export interface CategoryAdditionsTable {
  id: Generated<number>;
  model_id: string;
  name: string;
  parent_key: number | null;
  created_at: string;
}

export interface ModelFilesTable {
  model_id: string;
  /** Relative to the model folder, with forward slashes. */
  path: string;
  sha256: string;
  bytes: Buffer;
}

export interface IndexChangesTable {
  /** PostgreSQL returns a BIGSERIAL as a string; the store turns it into a number. */
  seq: Generated<number | string>;
  model_id: string;
  product_id: string;
  designation: string;
  description: string;
  category: number | null;
  created_at: string;
}

export interface JobChunksTable {
  job_id: string;
  chunk: number;
  /** The chunk's input rows as the API host cut them (JSON). */
  rows: string;
  /** Its result lines once done, else null. */
  part: Buffer | null;
  /** Its tally (JSON) once done, else null: set in the transaction that records its predictions. */
  summary: string | null;
}

export interface JobFilesTable {
  job_id: string;
  /** Relative to the job's folder, with forward slashes. */
  path: string;
  bytes: Buffer;
}

export interface DatasetFilesTable {
  /** The data set's digest (SHA-256 of its files' paths and checksums): the same files are stored once. */
  digest: string;
  /** Relative to the data's folder, with forward slashes. */
  path: string;
  sha256: string;
  bytes: Buffer;
  created_at: string;
}

export interface UploadPhotosTable {
  /** Hex SHA-256 of `bytes`: a photo is stored once, whoever uploads it again. */
  sha256: string;
  bytes: Buffer;
  /** When it was last uploaded (ISO 8601): retention counts its age from then. */
  created_at: string;
}

export interface Schema {
  models: ModelsTable;
  predictions: PredictionsTable;
  feedback: FeedbackTable;
  jobs: JobsTable;
  category_additions: CategoryAdditionsTable;
  model_files: ModelFilesTable;
  catalogs: CatalogsTable;
  index_changes: IndexChangesTable;
  job_chunks: JobChunksTable;
  job_files: JobFilesTable;
  dataset_files: DatasetFilesTable;
  upload_photos: UploadPhotosTable;
}
