// The photos a retraining's feedback names, brought from the database into a worker's var folder (the API hosts' are elsewhere).

import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Storage } from '../storage/storage.js';
import { photoDigest, uploadDigest } from '../storage/upload-photos.js';
import { writeAtomic } from './atomic-file.js';

/** What a fetch brought: paths relative to the var folder, as the feedback rows name them. */
export interface FeedbackPhotos {
  /** Now in the var folder (fetched and checked, or there already). */
  found: string[];
  /** Not to be had, and why: the rows naming them train from their text. */
  missing: { path: string; reason: string }[];
}

/** A batch row's photo: `jobs/<job id>/images/<file>`, stored among the job's files by its file name. */
const JOB_PHOTO = /^jobs\/([a-z0-9][a-z0-9-]{0,63})\/images\/((?:[^/\\]+\/)*[^/\\]+)$/;

/**
 * Brings the photos `images` (paths relative to a var folder, as predictions record them) into `varDir` at the same
 * paths, so that a retraining there reads them as the API host's would: an uploaded photo from the shared store (its
 * bytes checked against the SHA-256 its name carries), a batch row's photo from its job's stored files. Those already
 * there are kept (a fetched file is written whole, once checked). A photo the database lacks, or whose bytes do not
 * match, is reported missing, never written.
 * @throws Error when the database cannot be read or the var folder written.
 */
export async function fetchFeedbackPhotos(storage: Storage, images: Iterable<string>, varDir: string): Promise<FeedbackPhotos> {
  const result: FeedbackPhotos = { found: [], missing: [] };
  const uploads = new Map<string, string[]>();
  const jobPhotos = new Map<string, string[]>();
  for (const path of new Set(images)) {
    const digest = uploadDigest(path);
    const job = digest ? null : JOB_PHOTO.exec(path);
    if (!digest && (!job || path.split('/').some((part) => part === '.' || part === '..'))) {
      result.missing.push({ path, reason: 'not the path of an uploaded photo or of a batch job photo' });
    } else if (existsSync(join(varDir, path))) {
      result.found.push(path);
    } else if (digest) {
      uploads.set(digest, [...(uploads.get(digest) ?? []), path]);
    } else {
      jobPhotos.set(job![1], [...(jobPhotos.get(job![1]) ?? []), path]);
    }
  }
  const write = async (path: string, bytes: Buffer) => {
    await mkdir(dirname(join(varDir, path)), { recursive: true });
    await writeAtomic(join(varDir, path), bytes);
    result.found.push(path);
  };
  for (const photo of await storage.photos.get(uploads.keys())) {
    const paths = uploads.get(photo.sha256)!;
    uploads.delete(photo.sha256);
    if (photoDigest(photo.bytes) !== photo.sha256) {
      for (const path of paths) result.missing.push({ path, reason: 'the stored photo does not match its checksum' });
      continue;
    }
    for (const path of paths) await write(path, photo.bytes);
  }
  for (const paths of uploads.values()) for (const path of paths) result.missing.push({ path, reason: 'not in the database (uploaded before photos were shared, or removed)' });
  for (const [jobId, paths] of jobPhotos) {
    // Stored by file name (shareJobImages): the first of a name wins, as on the API host.
    const stored = new Map((await storage.jobFiles.get(jobId, paths.map((p) => `images/${basename(p)}`))).map((f) => [f.path, f.bytes]));
    for (const path of paths) {
      const bytes = stored.get(`images/${basename(path)}`);
      if (bytes) await write(path, bytes);
      else result.missing.push({ path, reason: `not among the stored photos of job ${jobId}` });
    }
  }
  return result;
}

/**
 * A retraining's `fetchPhotos` on a host without the API hosts' var folder: fetches into `varDir`, says each photo it
 * could not have through `warn`, and resolves with those.
 */
export function photoFetcher(storage: Storage, varDir: string, warn: (message: string) => void): (images: string[]) => Promise<Set<string>> {
  return async (images) => {
    const { missing } = await fetchFeedbackPhotos(storage, images, varDir);
    for (const { path, reason } of missing) warn(`feedback photo ${path}: ${reason}; its row trains from its text`);
    return new Set(missing.map((m) => m.path));
  };
}
