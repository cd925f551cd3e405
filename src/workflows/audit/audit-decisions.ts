// What a reviewer decides about each audit suspect: keep it where it is, or move it (recorded as feedback, which retraining learns).

import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ProdclassError } from '../../core/errors.js';
import type { JobRecord } from '../../storage/job-store.js';
import type { Storage } from '../../storage/storage.js';
import type { Taxonomy } from '../../taxonomy/index.js';
import { jobPaths } from '../job-folder.js';
import { readAuditJob } from './audit-job.js';

export type AuditDecision = 'keep' | 'move';

export interface DecisionRecord {
  decision: AuditDecision;
  /** The feedback row a move recorded. */
  feedbackId: number | null;
  at: string;
}

/** Decisions of one audit job, by the suspect's data row. */
export type AuditDecisions = Record<string, DecisionRecord>;

/** Each decision is one of the job's files (by row), so that two reviewers deciding on two hosts at once lose neither. */
const DECISIONS = 'decisions/';

/** The job folder's decisions file of an audit made before decisions were stored in the database. */
function legacyDecisionsFile(varDir: string, id: string): string {
  return join(jobPaths(varDir, id).dir, 'decisions.json');
}

/** The decisions taken about an audit job's suspects, on any host. @throws Error when the database cannot be read. */
export async function readDecisions(storage: Storage, varDir: string, job: JobRecord): Promise<AuditDecisions> {
  const legacy = legacyDecisionsFile(varDir, job.id);
  const decisions = existsSync(legacy) ? (JSON.parse(await readFile(legacy, 'utf8')) as AuditDecisions) : {};
  const files = await storage.jobFiles.get(job.id, await storage.jobFiles.list(job.id, DECISIONS));
  for (const file of files) decisions[file.path.slice(DECISIONS.length)] = JSON.parse(file.bytes.toString('utf8')) as DecisionRecord;
  return decisions;
}

export interface DecideRequest {
  varDir: string;
  job: JobRecord;
  storage: Storage;
  /** The active model's taxonomy: a move names a category of it. */
  taxonomy: Taxonomy;
  modelId: string;
  /** The suspect's data row (`row` in the audit). */
  row: number;
  decision: AuditDecision;
  reviewer: string | null;
}

/**
 * Records a decision about one suspect. "move" files the product under the suggested category the way the Review page
 * does: a prediction record of the product (its given category as the prediction) corrected by feedback, so the next
 * retraining trains on it under the suggested category. Deciding again replaces the decision (a second move adds no
 * second feedback row).
 * @throws ProdclassError NOT_FOUND when the job has no suspect at `row`; INVALID_INPUT when a category left the taxonomy.
 */
export async function decideSuspect(request: DecideRequest): Promise<DecisionRecord> {
  const { varDir, job, storage, taxonomy, row, decision } = request;
  const audit = await readAuditJob(storage, varDir, job);
  const index = audit.suspects.findIndex((s) => s.row === row);
  if (index < 0) throw new ProdclassError('NOT_FOUND', `audit ${job.id} has no suspect at row ${row}`, { location: { field: 'row' } });
  const suspect = audit.suspects[index];
  const previous = (await readDecisions(storage, varDir, job))[String(row)];
  let feedbackId = previous?.decision === 'move' ? previous.feedbackId : null;
  if (decision === 'move' && feedbackId === null) {
    const given = taxonomy.byId(suspect.given);
    const suggested = taxonomy.byId(suspect.suggested);
    if (!given || !suggested) {
      throw new ProdclassError('INVALID_INPUT', `category ${given ? suspect.suggested : suspect.given} is no longer in the active model's taxonomy; run the audit again`);
    }
    const predictionId = await storage.predictions.insert({
      origin: 'batch',
      modelId: request.modelId,
      jobId: job.id,
      rowIndex: row,
      designation: suspect.title,
      description: audit.descriptions[index] ?? '',
      code: given.key,
      confidence: suspect.givenProbability,
      top: [[suggested.key, suspect.suggestedProbability], [given.key, suspect.givenProbability]],
    });
    feedbackId = (await storage.feedback.add(predictionId, suggested.key, request.reviewer)).id;
  } else if (decision === 'keep' && feedbackId !== null) {
    // Changing one's mind: the move's feedback goes, so retraining does not learn it.
    await storage.feedback.remove(feedbackId);
    feedbackId = null;
  }
  const record: DecisionRecord = { decision, feedbackId, at: new Date().toISOString() };
  await storage.jobFiles.put(job.id, [{ path: `${DECISIONS}${row}`, bytes: Buffer.from(JSON.stringify(record)) }]);
  return record;
}
