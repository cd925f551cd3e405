// An in-process batch job's result kept in the shared database (PostgreSQL) as it is written, so that any API host serves it.

import { readSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { JobRecord } from '../storage/job-store.js';
import type { Storage, Stores } from '../storage/storage.js';
import { HEADER_FILE, MANIFEST_FILE, type ChunkManifest } from './queued-result.js';

/**
 * The result is stored as a queued job's is (its header and manifest in `job_files`, each checkpoint's bytes as a done
 * chunk in `job_chunks`), so that a host without the file writes it with fetchQueuedResult, and retention removes it
 * with the job's other shared rows. On SQLite no other host shares the database: nothing is stored twice.
 */
export function sharesResult(storage: Storage): boolean {
  return storage.backend === 'postgres';
}

/** What an in-process chunk's stored row holds for input: none (its rows are in this host's upload; no worker takes it). */
const NO_INPUT = JSON.stringify({ rows: [] });

/**
 * Stores checkpoint `chunk`'s result bytes (and, for the first, the header before them in the result file `fd`, its
 * first `headerBytes`) in the transaction that records the checkpoint: a job resumed from the checkpoint finds exactly
 * the chunks the file keeps.
 */
export async function shareChunk(stores: Stores, jobId: string, chunk: number, bytes: Buffer, fd: number, headerBytes: number): Promise<void> {
  if (chunk === 0) {
    const header = Buffer.alloc(headerBytes);
    readSync(fd, header, 0, headerBytes, 0);
    await stores.jobFiles.put(jobId, [{ path: HEADER_FILE, bytes: header }]);
  }
  await stores.jobChunks.add(jobId, chunk, NO_INPUT);
  await stores.jobChunks.complete(jobId, chunk, bytes, JSON.stringify({ inProcess: true }));
}

/**
 * Ends a shared result: the manifest saying how many chunks make it (a job none of whose rows was classified stores its
 * whole file, the header alone, here). Other hosts serve the result once this is stored.
 */
export async function shareManifest(storage: Storage, job: JobRecord, chunks: number, resultPath: string, progress: { rowsRead: number; rowsFailed: number; errors: ChunkManifest['errors'] }): Promise<void> {
  if (chunks === 0) await storage.jobFiles.put(job.id, [{ path: HEADER_FILE, bytes: await readFile(resultPath) }]);
  const manifest: ChunkManifest = { chunks, rowsRead: progress.rowsRead, badRows: progress.rowsFailed, errors: progress.errors };
  await storage.jobFiles.put(job.id, [{ path: MANIFEST_FILE, bytes: Buffer.from(JSON.stringify(manifest)) }]);
}
