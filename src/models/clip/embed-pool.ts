// A pool of worker threads, each with its own CLIP encoder, that embeds batches in parallel.

import type { Worker } from 'node:worker_threads';
import { startWorkerScript } from '../../core/worker-script.js';
import { fromWorkerFailure, ProdclassError } from '../../core/errors.js';
import type { AugmentOptions } from '../../image/augment.js';
import type { ClipSpec } from './clip-spec.js';
import type { ImageBatchResult, ImageItem } from './embed-batch.js';
import type { EmbedJob, EmbedJobResult } from './embed-worker.js';

type JobInput = { kind: 'text'; texts: string[] } | { kind: 'image'; items: ImageItem[]; augment: AugmentOptions };

interface Pending {
  resolve: (r: EmbedJobResult) => void;
  reject: (e: unknown) => void;
}

/**
 * `size` workers, each loading the CLIP towers it is asked to use (with one ONNX Runtime thread, so n workers
 * keep n cores busy without oversubscription). Jobs queue and go to the next free worker; results come back in
 * any order and are matched by id.
 */
export class EmbedPool {
  private readonly workers: Worker[] = [];
  private readonly idle: Worker[] = [];
  private readonly queue: { job: EmbedJob; transfer: ArrayBuffer[] }[] = [];
  private readonly pending = new Map<number, Pending>();
  private readonly busy = new Map<Worker, number>();
  private nextId = 0;
  private failed: unknown;

  constructor(spec: ClipSpec, readonly size: number) {
    for (let i = 0; i < size; i++) {
      const worker = startWorkerScript(import.meta.url, 'embed-worker', { spec, threads: 1 });
      worker.on('message', (result: EmbedJobResult) => this.finish(worker, result));
      worker.on('error', (error) => this.fail(new ProdclassError('INTERNAL', `CLIP embedding worker failed: ${error.message}`, { cause: error })));
      worker.on('exit', (code) => {
        if (code !== 0 && this.failed === undefined && this.workers.includes(worker)) this.fail(new ProdclassError('INTERNAL', `CLIP embedding worker exited with code ${code}`));
      });
      this.workers.push(worker);
      this.idle.push(worker);
    }
  }

  /** Embeds texts on the next free worker. */
  async texts(texts: string[]): Promise<Float32Array> {
    return (await this.submit({ kind: 'text', texts }, [])).vectors!;
  }

  /** Embeds images (and their views) on the next free worker; the item bytes are copied to it. */
  async images(items: ImageItem[], augment: AugmentOptions): Promise<ImageBatchResult> {
    const result = await this.submit({ kind: 'image', items, augment }, []);
    return { vectors: result.vectors!, errors: result.errors! };
  }

  /**
   * Stops every worker once its current batch is done: each releases its ONNX Runtime sessions and ends
   * (terminating a thread inside a native inference can abort the whole process). Queued batches are dropped.
   */
  async close(): Promise<void> {
    this.queue.length = 0;
    const workers = this.workers.splice(0);
    await Promise.all(
      workers.map(
        (w) =>
          new Promise<void>((resolve) => {
            const timer = setTimeout(() => void w.terminate().then(() => resolve()), 30_000);
            w.once('exit', () => {
              clearTimeout(timer);
              resolve();
            });
            const ask = () => w.postMessage({ id: -1, kind: 'close' } satisfies EmbedJob);
            if (!this.busy.has(w)) ask();
            else this.closing.set(w, ask);
          }),
      ),
    );
  }

  private readonly closing = new Map<Worker, () => void>();

  private submit(input: JobInput, transfer: ArrayBuffer[]): Promise<EmbedJobResult> {
    if (this.failed !== undefined) return Promise.reject(this.failed);
    const job = { ...input, id: this.nextId++ } as EmbedJob;
    return new Promise<EmbedJobResult>((resolve, reject) => {
      this.pending.set(job.id, { resolve, reject });
      this.queue.push({ job, transfer });
      this.dispatch();
    }).then((result) => {
      if (result.failure) throw fromWorkerFailure(result.failure);
      return result;
    });
  }

  private dispatch(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const worker = this.idle.pop()!;
      const { job, transfer } = this.queue.shift()!;
      this.busy.set(worker, job.id);
      worker.postMessage(job, transfer);
    }
  }

  private finish(worker: Worker, result: EmbedJobResult): void {
    this.busy.delete(worker);
    const closing = this.closing.get(worker);
    if (closing) {
      this.closing.delete(worker);
      closing();
    } else this.idle.push(worker);
    const pending = this.pending.get(result.id);
    this.pending.delete(result.id);
    pending?.resolve(result);
    this.dispatch();
  }

  private fail(error: unknown): void {
    if (this.failed !== undefined) return;
    this.failed = error;
    for (const p of this.pending.values()) p.reject(error);
    this.pending.clear();
    const workers = this.workers.splice(0);
    for (const w of workers) void w.terminate();
  }
}

