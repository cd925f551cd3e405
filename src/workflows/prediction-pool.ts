// Worker threads that hold model folders and classify products for them, so the server uses every core.

import type { Worker } from 'node:worker_threads';
import { DenseMatrix } from '../core/dense-matrix.js';
import { fromWorkerFailure, ProdclassError } from '../core/errors.js';
import type { ModelFolderFiles } from '../core/model-folder.js';
import { startWorkerScript } from '../core/worker-script.js';
import type { ClassifiedProduct } from '../models/classify-one.js';
import type { ProductInput } from '../models/product-model.js';
import { ModelReader } from './model-reader.js';
import type { PredictionJob, PredictionJobResult } from './prediction-worker.js';

type JobInput = DistributiveOmit<PredictionJob, 'id'>;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export interface Slot {
  worker: Worker;
  /** Jobs posted and not answered yet. */
  load: number;
  /** Loading a model: requests go to the other workers while there are some. */
  busy: boolean;
  /** Whether the worker has loaded a model before (its JIT is warm: a short warm-up does). */
  warm: boolean;
}

/** Rows of a batch below which it goes to one worker whole (splitting costs more than it saves). */
const MIN_ROWS_PER_WORKER = 32;
/** Warm-up rounds of a worker's first model (the JIT compiles the hot paths) and of the next ones (first-use tables only). */
const FIRST_WARM_UP_ROUNDS = 20;
const NEXT_WARM_UP_ROUNDS = 2;

/**
 * `size` worker threads, each holding the models loaded into the pool (from their folders, so each one's predictions
 * are those of the folder's model, bit for bit). A model's job goes to the least loaded worker holding it; a batch of
 * products is cut into one part per worker. The main thread keeps HTTP, storage and everything else.
 *
 * Loading a model goes one worker at a time, the others answering meanwhile, and the model serves as soon as the first
 * worker holds it: a switch costs one worker's load, never a pause of every worker. The folder is read and checked
 * once, by a low-priority thread of its own (ModelReader), into memory every worker shares: the workers only rebuild
 * the model around the same bytes.
 */
export class PredictionPool {
  private readonly pending = new Map<number, { resolve: (r: PredictionJobResult) => void; reject: (e: unknown) => void }>();
  private nextId = 0;
  private nextKey = 0;
  private failed: unknown;
  private closed = false;

  private constructor(
    private readonly slots: Slot[],
    private readonly reader: ModelReader | null,
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
   * Starts `size` workers, holding no model yet.
   * @throws ProdclassError INTERNAL when a worker cannot start.
   */
  static async start(size: number): Promise<PredictionPool> {
    const workers = Array.from({ length: size }, () => startWorkerScript(import.meta.url, 'prediction-worker'));
    // Without the reader thread each worker reads its folders itself, as it can.
    const reader = ModelReader.start().catch(() => null);
    try {
      await Promise.all(
        workers.map(
          (worker) =>
            new Promise<void>((resolve, reject) => {
              worker.once('online', resolve);
              worker.once('error', (error) => reject(new ProdclassError('INTERNAL', `a prediction worker could not start: ${error.message}`, { cause: error })));
            }),
        ),
      );
      return new PredictionPool(
        workers.map((worker) => ({ worker, load: 0, busy: false, warm: false })),
        await reader,
      );
    } catch (error) {
      await Promise.all([...workers.map((w) => w.terminate()), reader.then((r) => r?.close())]);
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

  /**
   * Loads the model folder `dir` into the workers, one at a time; resolves once the first holds it (the others follow,
   * see PooledModel.complete).
   * @param expected what the folder must hold (the registry's id, or the classes of this thread's copy).
   * @throws ProdclassError as loadModel in a worker (MODEL_NOT_FOUND, MODEL_CORRUPT...); MODEL_NOT_FOUND when the folder
   *   holds another model than `expected`; CONFLICT once the pool is closed.
   */
  async load(dir: string, expected: { modelId?: string; classes?: Int32Array } = {}): Promise<PooledModel> {
    const key = this.nextKey++;
    const [first, ...rest] = [...this.slots].sort((a, b) => a.load - b.load);
    // Read once, in shared memory, for every worker. A folder the reader cannot read is read again by each worker,
    // which then reports why (MODEL_CORRUPT...).
    let files = await this.reader?.read(dir).catch(() => undefined);
    const loaded = await this.loadInto(first, key, dir, files);
    const { classes, modelId } = loaded;
    if ((expected.modelId !== undefined && modelId !== expected.modelId) || (expected.classes && !sameClasses(classes, expected.classes))) {
      await this.submit(first, { kind: 'drop', key }).catch(() => {});
      throw new ProdclassError('MODEL_NOT_FOUND', `${dir} now holds model ${modelId}${expected.modelId ? `, not ${expected.modelId}` : ' with other classes than the one being served'}`);
    }
    const model = new PooledModel(this, key, classes, modelId, first);
    model.complete = (async () => {
      for (const slot of rest) {
        if (model.released || !this.usable) break;
        const next = await this.loadInto(slot, key, dir, files).catch(() => null);
        // A worker that cannot load it (the folder changed meanwhile) leaves the model to the others.
        if (next && sameClasses(next.classes, classes) && next.modelId === modelId) model.addSlot(slot);
      }
      // The workers hold the bytes now; this thread lets go of its reference.
      files = undefined;
      if (model.released) await this.dropKey(key);
    })();
    return model;
  }

  /** Lets the jobs already submitted finish, then stops the workers; jobs submitted afterwards are refused. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.drained();
    await Promise.all([...this.slots.map((s) => s.worker.terminate()), this.reader?.close()]);
  }

  /** @internal the least loaded of `slots`, a worker that is loading a model only when all of them are. */
  pick(slots: readonly Slot[]): Slot {
    let best: Slot | undefined;
    for (const slot of slots) {
      if (!best || (best.busy && !slot.busy) || (best.busy === slot.busy && slot.load < best.load)) best = slot;
    }
    if (!best) throw new ProdclassError('INTERNAL', 'a pooled model held by no worker');
    return best;
  }

  /** @internal posts a job to one worker. */
  submit(slot: Slot, input: JobInput): Promise<PredictionJobResult> {
    if (this.failed !== undefined) return Promise.reject(this.failed);
    if (this.closed) return Promise.reject(new ProdclassError('CONFLICT', 'the prediction workers are stopping; retry the request'));
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

  /** @internal removes a model from every worker (the ones that never held it ignore it). */
  async dropKey(key: number): Promise<void> {
    if (!this.usable) return;
    await Promise.all(this.slots.map((slot) => this.submit(slot, { kind: 'drop', key }).catch(() => {})));
  }

  private async loadInto(slot: Slot, key: number, dir: string, files: ModelFolderFiles | undefined): Promise<{ classes: Int32Array; modelId: string }> {
    slot.busy = true;
    try {
      const warmUpRounds = slot.warm ? NEXT_WARM_UP_ROUNDS : FIRST_WARM_UP_ROUNDS;
      const result = await this.submit(slot, { kind: 'load', key, dir, files, warmUpRounds });
      slot.warm = true;
      return { classes: result.loaded!.classes, modelId: result.loaded!.modelId };
    } finally {
      slot.busy = false;
    }
  }

  private drained(): Promise<void> {
    if (this.pending.size === 0) return Promise.resolve();
    return new Promise((resolve) => {
      this.onDrained = resolve;
    });
  }

  private onDrained: (() => void) | undefined;

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

/** One model held by a pool's workers: what the served model classifies with. */
export class PooledModel {
  private readonly slots: Slot[];
  released = false;
  /** Settles once every worker holds the model (or could not load it). */
  complete: Promise<void> = Promise.resolve();

  /** @internal made by PredictionPool.load. */
  constructor(
    private readonly pool: PredictionPool,
    private readonly key: number,
    readonly classes: Int32Array,
    readonly modelId: string,
    first: Slot,
  ) {
    this.slots = [first];
  }

  /** Workers holding the model now. */
  get size(): number {
    return this.slots.length;
  }

  /** Workers of the pool: those that hold the model once `complete` settles. */
  get workers(): number {
    return this.pool.size;
  }

  /** False once the pool is closed or a worker failed: callers then classify in their own thread. */
  get usable(): boolean {
    return this.pool.usable;
  }

  /** @internal a worker that has loaded the model. */
  addSlot(slot: Slot): void {
    this.slots.push(slot);
  }

  /** One product's probabilities and, when asked, the explanation of its most likely class. */
  async classify(input: ProductInput, options: { explain: boolean; topTerms?: number }): Promise<ClassifiedProduct> {
    this.refuseReleased();
    const result = await this.pool.submit(this.pool.pick(this.slots), { kind: 'classify', key: this.key, input, explain: options.explain, topTerms: options.topTerms ?? 8 });
    return { proba: new DenseMatrix(1, this.classes.length, result.proba!), explanation: result.explanation ?? null };
  }

  /** Probabilities of many products, the batch cut into one part per worker holding the model. */
  async predictProba(inputs: ProductInput[]): Promise<DenseMatrix> {
    this.refuseReleased();
    const parts = Math.max(1, Math.min(this.slots.length, Math.floor(inputs.length / MIN_ROWS_PER_WORKER)));
    const per = Math.ceil(inputs.length / parts);
    const results = await Promise.all(
      Array.from({ length: parts }, (_, p) => this.pool.submit(this.pool.pick(this.slots), { kind: 'proba', key: this.key, inputs: inputs.slice(p * per, (p + 1) * per) })),
    );
    const out = new DenseMatrix(inputs.length, this.classes.length);
    let at = 0;
    for (const r of results) {
      out.data.set(r.proba!, at);
      at += r.proba!.length;
    }
    return out;
  }

  /**
   * Frees the model in the workers once the jobs already submitted for it are answered (a worker answers its jobs in
   * order, so the drop comes after them); jobs submitted afterwards are refused.
   */
  private refuseReleased(): void {
    if (this.released) throw new ProdclassError('CONFLICT', `model ${this.modelId} was replaced while the request waited; retry the request`);
  }

  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    await this.pool.dropKey(this.key);
  }
}

function sameClasses(a: Int32Array, b: Int32Array): boolean {
  return a.length === b.length && a.every((c, j) => c === b[j]);
}
