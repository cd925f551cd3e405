// The audit as a background job: the server's labelled data audited with progress, the suspects kept with the job's files.

import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ProdclassError } from '../../core/errors.js';
import type { JsonObject } from '../../core/estimator.js';
import type { Progress } from '../../core/progress.js';
import { loadCatalog, readAsRecorded } from '../../data/load-catalog.js';
import type { JobRecord } from '../../storage/job-store.js';
import type { Storage } from '../../storage/storage.js';
import { jobPaths } from '../job-folder.js';
import type { ServedModel } from '../served-model.js';
import { auditJson, type AuditJson } from './audit-output.js';
import { auditCatalog } from './label-audit.js';

export interface AuditJobContext {
  /** Where the suspects go (the job's files in the database, which every host sharing it reads). */
  storage: Storage;
  /** The labelled data to audit, a folder or a file on this host (see auditSource). */
  source: string;
  /** The active model: its taxonomy and how it read its data. */
  base: ServedModel;
  signal?: AbortSignal;
  /** Called with the job's progress as it moves: { stage, done, total }. */
  onProgress(progress: JsonObject): void;
}

/** Where an audit job keeps its suspects among its files (and, before they were stored in the database, in its folder). */
export const AUDIT_FILE = 'audit.json';

/**
 * The labelled data an audit of `base`'s catalog reads (an index build and a queued retraining too): `dataDir` (the server's --data) or the folder or file the
 * model's card names, when it is on this host.
 * @throws ProdclassError DATA_NOT_FOUND when it is not.
 */
export function auditSource(base: ServedModel, dataDir?: string): string {
  const source = dataDir ?? base.card.data?.source;
  if (!source || !existsSync(source)) {
    throw new ProdclassError('DATA_NOT_FOUND', `the catalog's labelled data (${source ?? 'none recorded'}) is not on this machine; start the server with --data`);
  }
  return source;
}

/**
 * Audits the labelled data at `ctx.source` (read as the active model read its own, under its taxonomy, so a suggested
 * category is one the model knows) and stores `{ suspects, noise }` with the job's files, for any host to serve.
 * @throws ProdclassError DATA_NOT_FOUND when the data is not there; whatever loading and auditing throw.
 */
export async function runAuditJob(job: JobRecord, ctx: AuditJobContext): Promise<JsonObject> {
  const { card, taxonomy } = ctx.base;
  const { source } = ctx;
  if (!existsSync(source)) throw new ProdclassError('DATA_NOT_FOUND', `the labelled data to audit (${source}) is not on this machine`);
  ctx.onProgress({ stage: 'loading the data', done: 0, total: 0 });
  const catalog = await loadCatalog(source, { taxonomy, requireLabels: true, ...readAsRecorded(card.data?.reading) });
  const { products, labels } = catalog.train;
  const report = await auditCatalog({
    products,
    labels,
    taxonomy,
    seed: card.seed ?? 42,
    rowOf: catalog.format === 'challenge' ? (position) => position + 1 : (position) => products[position].index,
    progress: jobProgress(ctx.onProgress),
    signal: ctx.signal,
  });
  // Descriptions ride along (not in the issue's JSON) so that a "move" teaches retraining the whole product text.
  const stored: StoredAudit = { ...auditJson(report), descriptions: report.suspects.map((s) => products[s.position].description) };
  await ctx.storage.jobFiles.put(job.id, [{ path: AUDIT_FILE, bytes: Buffer.from(JSON.stringify(stored)) }]);
  return { source: catalog.source, products: products.length, suspects: report.suspects.length, estimatedIssues: report.estimatedIssues, seconds: report.seconds };
}

/** What an audit job keeps: the issue's JSON, and each suspect's description (same order). */
export interface StoredAudit extends AuditJson {
  descriptions: string[];
}

/**
 * The suspects of a finished audit job: from its files in the database, or the job's folder in `varDir` for an audit
 * made before they were stored there.
 * @throws ProdclassError NOT_FOUND when the job has none (not done, or not an audit).
 */
export async function readAuditJob(storage: Storage, varDir: string, job: JobRecord): Promise<StoredAudit> {
  const notFound = () => new ProdclassError('NOT_FOUND', `job ${job.id} has no audit result (it is a ${job.kind} job, ${job.status})`);
  if (job.kind !== 'audit' || job.status !== 'done') throw notFound();
  const [stored] = await storage.jobFiles.get(job.id, [AUDIT_FILE]);
  if (stored) return JSON.parse(stored.bytes.toString('utf8')) as StoredAudit;
  const file = join(jobPaths(varDir, job.id).dir, AUDIT_FILE);
  if (!existsSync(file)) throw notFound();
  return JSON.parse(await readFile(file, 'utf8')) as StoredAudit;
}

/** A Progress that reports each task's stage and count, at most once per whole percent (a job's progress notes). */
export function jobProgress(report: (progress: JsonObject) => void): Progress {
  return {
    task(label, total) {
      let done = 0;
      let shown = -1;
      report({ stage: label, done, total });
      return {
        tick(count = 1) {
          done += count;
          const percent = total > 0 ? Math.floor((100 * done) / total) : 0;
          if (percent !== shown) {
            shown = percent;
            report({ stage: label, done, total });
          }
        },
        done() {},
      };
    },
  };
}
