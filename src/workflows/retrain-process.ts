// Runs a retraining in a child process at a lower CPU priority, so that the server's requests keep their latency while it trains.

import { fork } from 'node:child_process';
import { runInBackground } from '../core/background-priority.js';
import { fileURLToPath } from 'node:url';
import { fromWorkerFailure, ProdclassError, type WorkerFailure } from '../core/errors.js';
import type { NextTaxonomyFiles } from './next-taxonomy.js';
import type { RetrainOutcome } from './retrain.js';

export interface RetrainChildRequest {
  varDir: string;
  /** The server's PostgreSQL URL, when its storage is there rather than in `varDir`. */
  databaseUrl?: string | null;
  modelsDir: string;
  dataDir?: string;
  baseId: string;
  /** The base model's folder: the child loads its own copy. */
  baseDir: string;
  /** Retrain onto this new taxonomy version (absolute paths; see readNextTaxonomy). */
  nextTaxonomy?: NextTaxonomyFiles;
}

export type RetrainChildMessage = { type: 'stage'; stage: string } | { type: 'done'; outcome: RetrainOutcome } | { type: 'failed'; failure: WorkerFailure };

/**
 * Retrains from feedback (retrainFromFeedback) in a child process and resolves with its outcome; the new model is saved
 * and registered by the child but not activated (the caller activates it when `outcome.activated`). Aborting `signal`
 * kills the child.
 * @throws the child's ProdclassError (its code kept); INTERNAL when the child dies without an answer.
 */
export function retrainInChildProcess(request: RetrainChildRequest, onStage: (stage: string) => void, signal?: AbortSignal): Promise<RetrainOutcome> {
  const fromSources = import.meta.url.endsWith('.ts');
  const script = fileURLToPath(new URL(`./retrain-child.${fromSources ? 'ts' : 'js'}`, import.meta.url));
  const child = fork(script, [], {
    execArgv: fromSources ? ['--import', import.meta.resolve('tsx/esm')] : [],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  if (child.pid !== undefined) runInBackground(child.pid);
  return new Promise<RetrainOutcome>((resolve, reject) => {
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', abort);
      fn();
    };
    const abort = () => {
      child.kill('SIGKILL');
      settle(() => reject(signal!.reason ?? new ProdclassError('CONFLICT', 'the retraining was stopped')));
    };
    signal?.addEventListener('abort', abort, { once: true });
    child.on('message', (message: RetrainChildMessage) => {
      if (message.type === 'stage') onStage(message.stage);
      else if (message.type === 'done') settle(() => resolve(message.outcome));
      else settle(() => reject(fromWorkerFailure(message.failure)));
    });
    child.on('error', (error) => settle(() => reject(new ProdclassError('INTERNAL', `the retraining process could not start: ${error.message}`, { cause: error }))));
    child.on('exit', (code, sig) => settle(() => reject(new ProdclassError('INTERNAL', `the retraining process stopped (${sig ?? `exit code ${code}`}) before it finished`))));
    child.send(request);
  });
}
