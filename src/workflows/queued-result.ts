// A queued batch job's result file, written from its chunks in the database: by the host that ran it, or any other asked for it.

import { closeSync, openSync, writeSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ProdclassError } from '../core/errors.js';
import type { Storage } from '../storage/storage.js';

/** The cut of a queued job, stored with its files once every chunk is: a resumed job queues these again. */
export interface ChunkManifest {
  chunks: number;
  rowsRead: number;
  badRows: number;
  /** The first bad rows (up to MAX_ERRORS_LISTED). */
  errors: { line: number; message: string }[];
}

/** The job files of a queued job's cut (see JobFileStore): its manifest, and the first bytes of its result. */
export const MANIFEST_FILE = 'chunks/manifest.json';
export const HEADER_FILE = 'chunks/header';

/** Chunks fetched per query: a few MB of result lines at a time, whatever the job's size. */
const CHUNKS_PER_READ = 32;

/**
 * Writes job `jobId`'s result to `path` (through a temporary file: whole or not at all): its stored header, then the
 * result lines of its `chunks` chunks in order, handing each chunk's summary (JSON) to `onSummary`.
 * @returns the result's size in bytes.
 * @throws ProdclassError INTERNAL when a chunk is not done (or its rows were cleaned up).
 */
export async function writeResultFromChunks(storage: Storage, jobId: string, chunks: number, path: string, onSummary?: (summary: string) => void): Promise<number> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.${Math.random().toString(36).slice(2, 8)}.tmp`;
  const fd = openSync(tmp, 'w');
  let bytes = 0;
  try {
    const [header] = await storage.jobFiles.get(jobId, [HEADER_FILE]);
    if (header) bytes += writeSync(fd, header.bytes);
    for (let from = 0; from < chunks; from += CHUNKS_PER_READ) {
      const to = Math.min(chunks, from + CHUNKS_PER_READ);
      const parts = await storage.jobChunks.parts(jobId, from, to);
      if (parts.length !== to - from) throw new ProdclassError('INTERNAL', `job ${jobId} lacks the result of some of its chunks ${from} to ${to - 1}`);
      for (const part of parts) {
        bytes += writeSync(fd, part.part);
        onSummary?.(part.summary);
      }
    }
    closeSync(fd);
    await rename(tmp, path);
    return bytes;
  } catch (error) {
    try {
      closeSync(fd);
    } catch {
      // Closed already.
    }
    await rm(tmp, { force: true });
    throw error;
  }
}

/**
 * Whether job `jobId`'s result is in the database (a queued job: its cut and chunks), so that a host without the file
 * can write its copy; then writes it to `path`.
 * @returns false when the database holds no result of the job (an in-process job, or one cleaned up).
 */
export async function fetchQueuedResult(storage: Storage, jobId: string, path: string): Promise<boolean> {
  const [stored] = await storage.jobFiles.get(jobId, [MANIFEST_FILE]);
  if (!stored) return false;
  const manifest = JSON.parse(stored.bytes.toString('utf8')) as ChunkManifest;
  if ((await storage.jobChunks.done(jobId)).length < manifest.chunks) return false;
  await writeResultFromChunks(storage, jobId, manifest.chunks, path);
  return true;
}
