// Runs a retraining in a child process at a lower CPU priority, so that the server's requests keep their latency while it trains.

import { fork, type ChildProcess } from 'node:child_process';
import { runInBackground } from '../core/background-priority.js';
import { fileURLToPath } from 'node:url';
import { fromWorkerFailure, ProdclassError, type WorkerFailure } from '../core/errors.js';
import type { NextTaxonomyFiles } from './next-taxonomy.js';
import type { RetrainOutcome } from './retrain.js';

export interface RetrainChildRequest {
  varDir: string;
  /** The server's PostgreSQL URL, when its storage is there rather than in `varDir`. */
  databaseUrl?: string | null;
  /** The catalog retrained: its feedback is learnt and the new model registered there (default: "default"). */
  catalog?: string;
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
 * The child process a server retrains in: started on first use, or ahead with `start()` (a server does so once it
 * serves, so that a retraining never forks beside live requests: forking copies the page tables of the whole server,
 * tens of milliseconds its thread cannot answer, and the child's start-up is a second of CPU), then kept for the next
 * retraining. One retraining at a time.
 */
export class RetrainProcess {
  private child: ChildProcess | null = null;
  private running = false;

  /** Forks the child now unless it runs already. */
  start(): void {
    if (this.child) return;
    const fromSources = import.meta.url.endsWith('.ts');
    const script = fileURLToPath(new URL(`./retrain-child.${fromSources ? 'ts' : 'js'}`, import.meta.url));
    const child = fork(script, [], {
      // --expose-gc: a child kept between retrainings collects what one left (gigabytes of features) before it waits.
      execArgv: ['--expose-gc', ...(fromSources ? ['--import', import.meta.resolve('tsx/esm')] : [])],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    // Before the child starts its threads, which take the niceness of the thread that starts them.
    if (child.pid !== undefined) runInBackground(child.pid);
    // A child waiting for work keeps neither the server alive nor its own exit from being noticed.
    child.unref();
    child.channel?.unref();
    child.on('error', () => {});
    child.once('exit', () => {
      if (this.child === child) this.child = null;
    });
    this.child = child;
  }

  /**
   * Retrains from feedback (retrainFromFeedback) in the child and resolves with its outcome; the new model is saved
   * and registered by the child but not activated (the caller activates it when `outcome.activated`). Aborting `signal`
   * kills the child (the next retraining starts another).
   * @throws the child's ProdclassError (its code kept); INTERNAL when the child dies without an answer; CONFLICT while
   *   another retraining runs.
   */
  run(request: RetrainChildRequest, onStage: (stage: string) => void, signal?: AbortSignal): Promise<RetrainOutcome> {
    if (this.running) return Promise.reject(new ProdclassError('CONFLICT', 'a retraining is already running; wait for it to end'));
    this.start();
    const child = this.child!;
    this.running = true;
    child.ref();
    child.channel?.ref();
    return new Promise<RetrainOutcome>((resolve, reject) => {
      let settled = false;
      const settle = (fn: () => void) => {
        if (settled) return;
        settled = true;
        signal?.removeEventListener('abort', abort);
        child.off('message', onMessage);
        child.off('error', onError);
        child.off('exit', onExit);
        child.unref();
        child.channel?.unref();
        this.running = false;
        fn();
      };
      const abort = () => {
        child.kill('SIGKILL');
        settle(() => reject(signal!.reason ?? new ProdclassError('CONFLICT', 'the retraining was stopped')));
      };
      const onMessage = (message: RetrainChildMessage) => {
        if (message.type === 'stage') onStage(message.stage);
        else if (message.type === 'done') settle(() => resolve(message.outcome));
        else settle(() => reject(fromWorkerFailure(message.failure)));
      };
      const onError = (error: Error) => settle(() => reject(new ProdclassError('INTERNAL', `the retraining process could not start: ${error.message}`, { cause: error })));
      const onExit = (code: number | null, sig: NodeJS.Signals | null) =>
        settle(() => reject(new ProdclassError('INTERNAL', `the retraining process stopped (${sig ?? `exit code ${code}`}) before it finished`)));
      signal?.addEventListener('abort', abort, { once: true });
      child.on('message', onMessage);
      child.on('error', onError);
      child.on('exit', onExit);
      child.send(request);
    });
  }

  /** Stops the child (a retraining it runs is lost: the caller marks it failed). */
  close(): void {
    this.child?.kill('SIGKILL');
    this.child = null;
  }
}
