// The schema of the application database, as an ordered list of migrations applied once each (PRAGMA user_version).

/** Migration n (1-based) brings a database at version n-1 to version n. Append only; never edit a released one. */
export const MIGRATIONS: readonly string[] = [
  // 1: model registry, predictions, feedback, jobs.
  `
  CREATE TABLE models (
    id            TEXT PRIMARY KEY,
    dir           TEXT,
    kind          TEXT NOT NULL,
    demo          INTEGER NOT NULL,
    created_at    TEXT NOT NULL,
    registered_at TEXT NOT NULL,
    metrics       TEXT NOT NULL,
    info          TEXT NOT NULL,
    active        INTEGER NOT NULL DEFAULT 0
  );
  CREATE UNIQUE INDEX models_one_active ON models(active) WHERE active = 1;

  CREATE TABLE predictions (
    id          INTEGER PRIMARY KEY,
    created_at  TEXT NOT NULL,
    origin      TEXT NOT NULL,
    model_id    TEXT NOT NULL,
    job_id      TEXT,
    row_index   INTEGER,
    designation TEXT NOT NULL,
    description TEXT NOT NULL,
    image       TEXT,
    code        INTEGER NOT NULL,
    confidence  REAL NOT NULL,
    top         TEXT NOT NULL,
    reviewed    INTEGER NOT NULL DEFAULT 0
  );
  CREATE INDEX predictions_review ON predictions(confidence) WHERE reviewed = 0;
  CREATE INDEX predictions_job ON predictions(job_id) WHERE job_id IS NOT NULL;

  CREATE TABLE feedback (
    id            INTEGER PRIMARY KEY,
    prediction_id INTEGER NOT NULL REFERENCES predictions(id) ON DELETE CASCADE,
    correct_code  INTEGER NOT NULL,
    created_at    TEXT NOT NULL
  );
  CREATE INDEX feedback_prediction ON feedback(prediction_id);

  CREATE TABLE jobs (
    id         TEXT PRIMARY KEY,
    kind       TEXT NOT NULL,
    status     TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    model_id   TEXT,
    input      TEXT NOT NULL,
    progress   TEXT NOT NULL,
    result     TEXT,
    message    TEXT
  );
  CREATE INDEX jobs_created ON jobs(created_at);
  `,
  // 2: who gave each feedback (reviewer tokens), a batch's idempotency key, predictions by age (retention).
  `
  ALTER TABLE feedback ADD COLUMN reviewer TEXT;
  ALTER TABLE jobs ADD COLUMN idempotency_key TEXT;
  CREATE UNIQUE INDEX jobs_idempotency ON jobs(idempotency_key) WHERE idempotency_key IS NOT NULL;
  CREATE INDEX predictions_created ON predictions(created_at);
  `,
  // 3: categories added through feedback (newCategory), which extend a model's taxonomy until a retraining learns them.
  `
  CREATE TABLE category_additions (
    id         INTEGER PRIMARY KEY,
    model_id   TEXT NOT NULL,
    name       TEXT NOT NULL,
    parent_key INTEGER,
    created_at TEXT NOT NULL
  );
  CREATE INDEX category_additions_model ON category_additions(model_id);
  `,
  // 4: the host running each job (its var folder holds the job's files): hosts sharing a database resume only their own.
  `
  ALTER TABLE jobs ADD COLUMN host TEXT;
  `,
  // 5: spot checks, automatic filings also sent to review so that people measure the precision reached in production.
  `
  ALTER TABLE predictions ADD COLUMN spot_check INTEGER NOT NULL DEFAULT 0;
  CREATE INDEX predictions_spot_checks ON predictions(model_id) WHERE spot_check = 1;
  `,
  // 6: predictions held for review by their category's own threshold although they reach the catalog's.
  `
  ALTER TABLE predictions ADD COLUMN held INTEGER NOT NULL DEFAULT 0;
  `,
  // 7: the category a tree model filed a product at automatically when its leaf was unsure (a parent), else null.
  `
  ALTER TABLE predictions ADD COLUMN filed_code INTEGER;
  `,
  // 8: model folders' files (used on PostgreSQL, where hosts share no filesystem; kept here so both engines hold one schema).
  `
  CREATE TABLE model_files (
    model_id TEXT NOT NULL,
    path     TEXT NOT NULL,
    sha256   TEXT NOT NULL,
    bytes    BLOB NOT NULL,
    PRIMARY KEY (model_id, path)
  );
  `,
  // 9: several catalogs on one deployment: each model and job belongs to one (rows so far to "default"), and the active
  // model is one per catalog.
  `
  ALTER TABLE models ADD COLUMN catalog TEXT NOT NULL DEFAULT 'default';
  DROP INDEX models_one_active;
  CREATE UNIQUE INDEX models_one_active_per_catalog ON models(catalog) WHERE active = 1;
  ALTER TABLE jobs ADD COLUMN catalog TEXT NOT NULL DEFAULT 'default';
  CREATE TABLE catalogs (
    name       TEXT PRIMARY KEY,
    models_dir TEXT NOT NULL,
    created_at TEXT NOT NULL
  );
  `,
  // 10: products filed into a model's similarity index since it was built (every host sharing the database replays them).
  `
  CREATE TABLE index_changes (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    model_id    TEXT NOT NULL,
    product_id  TEXT NOT NULL,
    designation TEXT NOT NULL,
    description TEXT NOT NULL,
    category    INTEGER,
    created_at  TEXT NOT NULL
  );
  CREATE INDEX index_changes_by_model ON index_changes(model_id, seq);
  `,
  // 11: a queued batch job's chunks and files in the database (used on PostgreSQL, where workers and API hosts share no
  // filesystem; kept here so both engines hold one schema).
  `
  CREATE TABLE job_chunks (
    job_id  TEXT NOT NULL,
    chunk   INTEGER NOT NULL,
    rows    TEXT NOT NULL,
    part    BLOB,
    summary TEXT,
    PRIMARY KEY (job_id, chunk)
  );
  CREATE TABLE job_files (
    job_id TEXT NOT NULL,
    path   TEXT NOT NULL,
    bytes  BLOB NOT NULL,
    PRIMARY KEY (job_id, path)
  );
  `,
  // 12: labelled data files by content, which an API host shares with the workers that audit, index or retrain on it.
  `
  CREATE TABLE dataset_files (
    digest     TEXT NOT NULL,
    path       TEXT NOT NULL,
    sha256     TEXT NOT NULL,
    bytes      BLOB NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (digest, path)
  );
  `,
  // 13: uploaded photos by content (SHA-256), which an API host on PostgreSQL shares with the workers that retrain on
  // feedback naming them (unused on SQLite, where one host keeps them in its var folder; kept so both hold one schema).
  `
  CREATE TABLE upload_photos (
    sha256     TEXT PRIMARY KEY,
    bytes      BLOB NOT NULL,
    created_at TEXT NOT NULL
  );
  `,
];
