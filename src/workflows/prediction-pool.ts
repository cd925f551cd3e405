// Worker threads that each load the active model's folder and classify products, so the server uses every core.

import type { Worker } from 'node:worker_threads';
import { DenseMatrix } from '../core/dense-matrix.js';
import { fromWorkerFailure, ProdclassError } from '../core/errors.js';
import { startWorkerScript } from '../core/worker-script.js';
import type { ClassifiedProduct } from '../models/classify-one.js';
import type { ProductInput } from '../models/product-model.js';
import type { PredictionJob, PredictionJobResult, PredictionWorkerReady } from './prediction-worker.js';

type JobInput = { kind: 'classify'; input: ProductInput; explain: boolean; topTerms: number } | { kind: 'proba'; inputs: ProductInput[] };

interface Slot {
  worker: Worker;
  /** Jobs posted and not answered yet. */
  load: number;
}

/** Rows of a batch below which it goes to one worker whole (splitting costs more than it saves). */
const MIN_ROWS_PER_WORKER = 32;

/**
 * `size` workers holding the same model (loaded from its folder, so each one's predictions are those of the
 * folder's model, bit for bit). A job goes to the worker with the fewest unanswered jobs; a batch of products is
 * cut into one part per worker. The main thread keeps HTTP, storage and everything else.
 */
export class PredictionPool {
  private readonly pending = new Map<number, { resolve: (r: PredictionJobResult) => void; reject: (e: unknown) => void }>();
  private nextId = 0;
  private failed: unknown;
  private closed = false;

  private constructor(
    private readonly slots: Slot[],
    readonly classes: Int32Array,
  ) {
    for (const slot of slots) {
      slot.worker.on('message', (result: PredictionJobResult) => this.finish(slot, result));
      slot.worker.on('error', (error) => this.fail(new ProdclassError('INTERNAL', `prediction worker failed: ${error.message}`, { cause: error })));
      slot.worker.on('exit', (code) => {
        if (!this.closed) this.fail(new ProdclassError('INTERNAL', `prediction worker exited with code ${code}`));
      });
    }
  }

  /**
   * Starts `size` workers on the model folder `dir` and waits until each has loaded it.
   * @param classes the classes the workers must find (the main thread's copy of the model); default: the first worker's.
   * @throws ProdclassError as loadModel in a worker (MODEL_NOT_FOUND, MODEL_CORRUPT...); INTERNAL when a worker's
   *   classes differ from `classes` (the folder changed since the main thread loaded it).
   */
  static async start(dir: string, size: number, expected?: Int32Array): Promise<PredictionPool> {
    const workers = Array.from({ length: size }, () => startWorkerScript(import.meta.url, 'prediction-worker', { dir }));
    try {
      const ready = await Promise.all(
        workers.map(
          (worker) =>
            new Promise<PredictionWorkerReady>((resolve, reject) => {
              worker.once('message', resolve);
              worker.once('error', reject);
            }),
        ),
      );
      const classes = expected ?? Int32Array.from(ready[0]?.classes ?? []);
      for (const r of ready) {
        if (r.failure) throw fromWorkerFailure(r.failure);
        if (!r.classes || r.classes.length !== classes.length || r.classes.some((c, j) => c !== classes[j])) {
          throw new ProdclassError('INTERNAL', `the model in ${dir} has other classes than the one being served`);
        }
      }
      return new PredictionPool(workers.map((worker) => ({ worker, load: 0 })), classes);
    } catch (error) {
      await Promise.all(workers.map((w) => w.terminate()));
      throw error;
    }
  }

  get size(): number {
    return this.slots.length;
  }

  /** False once closed or after a worker failed: callers then classify in their own thread. */
  get usable(): boolean {
    return !this.closed && this.failed === undefined;
  }

  /** One product's probabilities and, when asked, the explanation of its most likely class. */
  async classify(input: ProductInput, options: { explain: boolean; topTerms?: number }): Promise<ClassifiedProduct> {
    const result = await this.submit(this.leastLoaded(), { kind: 'classify', input, explain: options.explain, topTerms: options.topTerms ?? 8 });
    return { proba: new DenseMatrix(1, this.classes.length, result.proba!), explanation: result.explanation ?? null };
  }

  /** Probabilities of many products, the batch cut into one part per worker. */
  async predictProba(inputs: ProductInput[]): Promise<DenseMatrix> {
    const parts = Math.max(1, Math.min(this.slots.length, Math.floor(inputs.length / MIN_ROWS_PER_WORKER)));
    const per = Math.ceil(inputs.length / parts);
    const results = await Promise.all(
      Array.from({ length: parts }, (_, p) => this.submit(this.leastLoaded(), { kind: 'proba', inputs: inputs.slice(p * per, (p + 1) * per) })),
    );
    const out = new DenseMatrix(inputs.length, this.classes.length);
    let at = 0;
    for (const r of results) {
      out.data.set(r.proba!, at);
      at += r.proba!.length;
    }
    return out;
  }

  /** Lets the jobs already submitted finish, then stops the workers; jobs submitted afterwards are refused. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.drained();
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }

  private drained(): Promise<void> {
    if (this.pending.size === 0) return Promise.resolve();
    return new Promise((resolve) => {
      this.onDrained = resolve;
    });
  }

  private onDrained: (() => void) | undefined;

  private leastLoaded(): Slot {
    let best = this.slots[0];
    for (const slot of this.slots) if (slot.load < best.load) best = slot;
    return best;
  }

  private submit(slot: Slot, input: JobInput): Promise<PredictionJobResult> {
    if (this.failed !== undefined) return Promise.reject(this.failed);
    if (this.closed) return Promise.reject(new ProdclassError('CONFLICT', 'the prediction pool of the previous model is closed; retry the request'));
    const job = { ...input, id: this.nextId++ } as PredictionJob;
    slot.load++;
    return new Promise<PredictionJobResult>((resolve, reject) => {
      this.pending.set(job.id, { resolve, reject });
      slot.worker.postMessage(job);
    }).then((result) => {
      if (result.failure) throw fromWorkerFailure(result.failure);
      return result;
    });
  }

  private finish(slot: Slot, result: PredictionJobResult): void {
    slot.load--;
    const pending = this.pending.get(result.id);
    this.pending.delete(result.id);
    pending?.resolve(result);
    if (this.pending.size === 0) this.onDrained?.();
  }

  private fail(error: unknown): void {
    if (this.failed !== undefined) return;
    this.failed = error;
    for (const p of this.pending.values()) p.reject(error);
    this.pending.clear();
    this.onDrained?.();
    for (const s of this.slots) void s.worker.terminate();
  }
}
