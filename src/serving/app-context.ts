// What every route of the application shares: storage, the active model, the job queue, the explored data, metrics, limits and settings.

import type { Storage } from '../storage/storage.js';
import type { JobQueue } from '../workflows/job-queue.js';
import type { ModelService } from '../workflows/model-service.js';
import type { SpotChecks } from '../workflows/spot-checks.js';
import type { CatalogIndexes } from '../workflows/catalog-index.js';
import type { IndexFilings } from '../workflows/index-filings.js';
import type { ExploreData } from './explore-data.js';
import type { Limits } from './limits.js';
import type { ModelInsights } from './model-insights.js';
import type { ReviewerTokens } from './plugins/admin-auth.js';
import type { AppMetrics } from './plugins/metrics.js';
import type { PublicPaths } from './public-paths.js';
import type { ReportDownload } from './report-download.js';
import type { UploadStore } from './upload-store.js';

export interface AppContext {
  storage: Storage;
  models: ModelService;
  jobs: JobQueue;
  metrics: AppMetrics;
  uploads: UploadStore;
  /** The data folder the Explore page shows, and its analysis. */
  explore: ExploreData;
  /** The Models page's summary of the registered models. */
  insights: ModelInsights;
  report: ReportDownload;
  limits: Limits;
  /** The application's state folder (database, jobs, uploaded images). */
  varDir: string;
  /** Server paths as answers show them (relative, never absolute). */
  paths: PublicPaths;
  /** PRODCLASS_ADMIN_TOKEN; null disables admin actions. */
  adminToken: string | null;
  /** PRODCLASS_REVIEWER_TOKENS; empty leaves feedback open. */
  reviewerTokens: ReviewerTokens;
  /** Predictions under this confidence go to review: configured, or from the active model's card. */
  reviewThreshold(): number;
  /** Each category's own threshold applies too (a category that never reaches the target is always reviewed). */
  perCategoryThresholds: boolean;
  /** Which automatic filings also go to review, to measure the precision reached in production. */
  spotChecks: SpotChecks;
  /** The served models' similarity indexes, kept up to date with the products filed since they were built. */
  indexes: CatalogIndexes;
  /** Filings into those indexes off the request path: readers flush it first. */
  filings: IndexFilings;
  startedAt: number;
}
