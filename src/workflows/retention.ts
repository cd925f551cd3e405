// Retention: removes what the var folder no longer needs (old batch files, old photos, old unreviewed predictions, orphans), never what feedback or retraining reads.

import type { Dirent } from 'node:fs';
import { readdir, rm, rmdir, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { Storage } from '../storage/storage.js';
import { uploadDigest } from '../storage/upload-photos.js';
import { cleanCaches } from './cache-cleanup.js';
import { jobPaths } from './job-folder.js';

export interface RetentionPolicy {
  /** Days the files of a finished batch job (upload, photos, result) and uploaded photos are kept. */
  fileDays: number;
  /** Days a prediction that received no feedback is kept. */
  predictionDays: number;
  /** Most bytes the var folder may hold: past it, the oldest removable files go first; null for no cap. */
  maxVarBytes: number | null;
}

export const DEFAULT_RETENTION: Readonly<RetentionPolicy> = Object.freeze({ fileDays: 30, predictionDays: 90, maxVarBytes: null });

export interface GcReport {
  /** Job folders no job names (an upload cut short by a crash). */
  orphanFolders: number;
  /** Finished batch jobs whose files were removed. */
  expiredJobs: number;
  predictions: number;
  /** Uploaded photos and other files removed. */
  files: number;
  /** Old model-cache versions, unused data-cache copies and stored data sets removed (cleanCaches). */
  modelVersions: number;
  dataCaches: number;
  datasets: number;
  bytesFreed: number;
  /** What the var folder holds afterwards. */
  varBytes: number;
  /** Uploaded photos removed from the database (PostgreSQL shares them): last uploaded before the cutoff, named by no prediction. */
  sharedPhotos: number;
}

export interface GcOptions {
  now?: Date;
  /** Job folders younger than this are left alone even without a job: an upload may be under way (default 1 hour; 0 at start-up). */
  orphanGraceMs?: number;
  /**
   * Only what belongs to the storage's catalog (`prodclass gc --catalog`): its old predictions and its finished jobs'
   * files; the var folder's own clean-ups (orphan job folders, uploaded photos, the size cap) belong to no catalog and wait.
   */
  catalogOnly?: boolean;
  /** The model folders this process serves from (see cleanCaches); absent, the model cache is left alone. */
  modelDirsInUse?: Iterable<string>;
}

const DAY_MS = 86_400_000;

interface FileEntry {
  path: string;
  bytes: number;
  mtimeMs: number;
}

async function listFiles(dir: string): Promise<FileEntry[]> {
  const entries: Dirent[] = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const files: FileEntry[] = [];
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await listFiles(path)));
    else if (entry.isFile()) {
      const s = await stat(path).catch(() => null);
      if (s) files.push({ path, bytes: s.size, mtimeMs: s.mtimeMs });
    }
  }
  return files;
}

/** Removes the empty folders under `dir` (and `dir` itself when it ends up empty). */
async function removeEmptyFolders(dir: string): Promise<void> {
  const entries: Dirent[] = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) if (entry.isDirectory()) await removeEmptyFolders(join(dir, entry.name));
  await rmdir(dir).catch(() => {});
}

/**
 * Applies `policy` to the var folder:
 * 1. job folders that no job names, older than the grace period, are removed (a crash during an upload leaves one);
 * 2. finished batch jobs older than `fileDays` lose their files (the job and its summary stay; its result answers 404);
 * 3. predictions older than `predictionDays` that received no feedback are deleted;
 * 4. uploaded photos not touched for `fileDays` are removed; so are the database's copies not uploaded since then that
 *    no stored prediction names;
 * 5. old model-cache versions (only with `modelDirsInUse`), data-cache copies and stored data sets that no queued or
 *    running job names (cleanCaches: data sets after `fileDays`);
 * 6. past `maxVarBytes`, the oldest removable files (finished jobs', photos, caches) go until the folder fits.
 * A photo a prediction with feedback names is never removed: retraining reads it. Queued and running jobs are not touched.
 */
export async function collectGarbage(storage: Storage, varDir: string, policy: RetentionPolicy, options: GcOptions = {}): Promise<GcReport> {
  const now = (options.now ?? new Date()).getTime();
  const report: GcReport = { orphanFolders: 0, expiredJobs: 0, predictions: 0, files: 0, modelVersions: 0, dataCaches: 0, datasets: 0, bytesFreed: 0, varBytes: 0, sharedPhotos: 0 };
  const keep = await storage.predictions.imagesWithFeedback();
  const kept = (path: string) => keep.has(relative(varDir, path).split(sep).join('/')) || keep.has(relative(varDir, path));
  const removeFile = async (file: FileEntry) => {
    await rm(file.path, { force: true });
    report.files++;
    report.bytesFreed += file.bytes;
  };

  const jobsDir = join(varDir, 'jobs');
  const known = await storage.jobs.ids();
  const grace = options.orphanGraceMs ?? 3_600_000;
  const catalogOnly = options.catalogOnly ?? false;
  for (const entry of catalogOnly ? [] : await readdir(jobsDir, { withFileTypes: true }).catch((): Dirent[] => [])) {
    if (!entry.isDirectory() || known.has(entry.name)) continue;
    const dir = join(jobsDir, entry.name);
    const files = await listFiles(dir);
    const newest = Math.max((await stat(dir)).mtimeMs, ...files.map((f) => f.mtimeMs));
    if (now - newest < grace) continue;
    await rm(dir, { recursive: true, force: true });
    report.orphanFolders++;
    report.bytesFreed += files.reduce((a, f) => a + f.bytes, 0);
  }

  const fileCutoff = new Date(now - policy.fileDays * DAY_MS).toISOString();
  for (const job of await storage.jobs.finishedBefore('batch', fileCutoff, { catalogOnly })) {
    // Another host sharing the database may have removed the job's shared rows already: this host's copy goes still.
    const marked = typeof job.message === 'string' && job.message.startsWith('files removed');
    const dir = jobPaths(varDir, job.id).dir;
    const files = (await listFiles(dir)).filter((file) => !kept(file.path));
    if (marked && files.length === 0) continue;
    for (const file of files) await removeFile(file);
    await removeEmptyFolders(dir);
    if (!marked) {
      // The rows a queued job shared through the database (its chunks, its photos but those feedback names).
      const prefix = `jobs/${job.id}/`;
      const keptPhotos = [...keep].filter((path) => path.startsWith(prefix)).map((path) => path.slice(prefix.length));
      await storage.jobChunks.remove(job.id);
      await storage.jobFiles.remove(job.id, keptPhotos);
      await storage.jobs.update(job.id, { message: `files removed after ${policy.fileDays} days (retention)` });
    }
    report.expiredJobs++;
  }

  report.predictions = await storage.predictions.deleteWithoutFeedbackBefore(new Date(now - policy.predictionDays * DAY_MS).toISOString(), { catalogOnly });
  if (catalogOnly) {
    report.varBytes = (await listFiles(varDir)).reduce((a, f) => a + f.bytes, 0);
    return report;
  }

  const uploads = join(varDir, 'uploads');
  for (const file of await listFiles(uploads)) {
    if (now - file.mtimeMs > policy.fileDays * DAY_MS && !kept(file.path)) await removeFile(file);
  }
  await removeEmptyFolders(uploads);
  // The database's copies (written on PostgreSQL only): one goes once no stored prediction names it, on any host.
  // Every prediction's photo is read only when some stored copy is old enough to go (never on SQLite, which stores none).
  const candidates = await storage.photos.storedBefore(fileCutoff);
  if (candidates.length > 0) {
    const named = new Set([...(await storage.predictions.images())].map((path) => uploadDigest(path)));
    report.sharedPhotos = await storage.photos.remove(candidates.filter((digest) => !named.has(digest)));
  }

  // Kept as long as a finished job's files: a data set shared for a job is no older than its job.
  const caches = await cleanCaches(storage, varDir, { now: new Date(now), modelDirsInUse: options.modelDirsInUse, storedDataDays: policy.fileDays });
  report.modelVersions = caches.modelVersions;
  report.dataCaches = caches.dataCaches;
  report.datasets = caches.datasets;
  report.bytesFreed += caches.bytesFreed;

  const all = await listFiles(varDir);
  report.varBytes = all.reduce((a, f) => a + f.bytes, 0);
  if (policy.maxVarBytes !== null && report.varBytes > policy.maxVarBytes) {
    const finished = new Set((await storage.jobs.finishedBefore('batch', new Date(now + DAY_MS).toISOString())).map((j) => j.id));
    const removable = all
      .filter((f) => {
        const [top, id] = relative(varDir, f.path).split(sep);
        return (top === 'uploads' || top === 'cache' || (top === 'jobs' && finished.has(id))) && !kept(f.path);
      })
      .sort((a, b) => a.mtimeMs - b.mtimeMs);
    for (const file of removable) {
      if (report.varBytes <= policy.maxVarBytes) break;
      await removeFile(file);
      report.varBytes -= file.bytes;
    }
  }
  return report;
}
