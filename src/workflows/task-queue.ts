// Whole-job tasks (audits, index builds, retraining) on their own BullMQ queue, so that a long one never holds up batch chunks.

import { Queue } from 'bullmq';
import { ProdclassError } from '../core/errors.js';
import type { JsonObject } from '../core/estimator.js';
import type { JobRecord } from '../storage/job-store.js';
import type { Storage } from '../storage/storage.js';
import { redisConnection } from './chunk-queue.js';

/** The BullMQ queue API hosts add whole-job tasks to and `prodclass worker` processes take them from. */
export const TASK_QUEUE = 'prodclass-tasks';

export type TaskKind = 'audit' | 'index' | 'retrain';

/** What a queued task names: the job (its record says the rest: its model, its input, its shared data). */
export interface TaskMessage {
  kind: TaskKind;
  jobId: string;
  /** The catalog the job is recorded under. */
  catalog: string;
}

/**
 * Queues the task for job `message.jobId` under that id, so that adding it again (a retried request) queues nothing
 * twice. Its BullMQ record is kept once it ends (the job record in the database is what clients read).
 * @throws Error when Redis cannot be reached.
 */
export async function queueTask(redisUrl: string, message: TaskMessage): Promise<void> {
  const queue = new Queue<TaskMessage>(TASK_QUEUE, { connection: redisConnection(redisUrl) });
  try {
    // One attempt: a task that throws failed for a reason a retry would meet again (its job says why); a task whose
    // worker died is put back by BullMQ's stalled-job check, which does not count as an attempt.
    await queue.add(message.kind, message, { jobId: message.jobId, attempts: 1, removeOnComplete: 1000, removeOnFail: 1000 });
  } finally {
    await queue.close();
  }
}

/**
 * Records a job of `request.kind` under `storage`'s catalog (as `request.id`, else a new id) and queues its task; a job Redis refuses is marked failed.
 * @throws ProdclassError INTERNAL when Redis refuses the task.
 */
export async function submitQueuedTask(storage: Storage, redisUrl: string, request: { id?: string; kind: TaskKind; modelId: string; host: string; input: JsonObject }): Promise<JobRecord> {
  const { id, ...fields } = request;
  const job = await storage.jobs.create({ id: id ?? crypto.randomUUID(), ...fields });
  try {
    await queueTask(redisUrl, { kind: request.kind, jobId: job.id, catalog: storage.catalog });
  } catch (error) {
    await storage.jobs.update(job.id, { status: 'failed', message: `the task queue refused it: ${(error as Error).message}` });
    throw new ProdclassError('INTERNAL', `cannot queue the ${request.kind} job on Redis: ${(error as Error).message}; check PRODCLASS_REDIS_URL`, { cause: error });
  }
  return job;
}
