// What every route of the application shares: storage, the active model, the job queue, metrics, limits and settings.

import type { Storage } from '../storage/storage.js';
import type { JobQueue } from '../workflows/job-queue.js';
import type { ModelService } from '../workflows/model-service.js';
import type { Limits } from './limits.js';
import type { AppMetrics } from './plugins/metrics.js';
import type { UploadStore } from './upload-store.js';

export interface AppContext {
  storage: Storage;
  models: ModelService;
  jobs: JobQueue;
  metrics: AppMetrics;
  uploads: UploadStore;
  limits: Limits;
  /** The application's state folder (database, jobs, uploaded images). */
  varDir: string;
  /** PRODCLASS_ADMIN_TOKEN; null disables admin actions. */
  adminToken: string | null;
  /** Predictions under this confidence go to review: configured, or from the active model's card. */
  reviewThreshold(): number;
  startedAt: number;
}
