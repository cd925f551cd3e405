// Filings into the similarity index off the request path: queued by the routes, written in batches by one owner, flushed on close.

import type { CatalogIndexes, FiledProduct } from './catalog-index.js';
import type { ServedModel } from './served-model.js';

export interface IndexFilingsOptions {
  indexes: Pick<CatalogIndexes, 'file'>;
  /** How long a first queued filing waits for others to join its batch (default 50 ms: each write has a fixed cost, see bench/index-filing.ts). */
  delayMs?: number;
  /** Filings that make a batch go at once, whatever the delay (default 256). */
  maxBatch?: number;
  /** Counts what was filed and what failed (the application's metrics). */
  onFiled?(count: number): void;
  onFailed?(count: number, error: Error): void;
  /**
   * Of these product ids, those a person has filed since (feedback): their queued automatic filing is dropped, so that
   * it never lands after the correction another host recorded meanwhile.
   */
  corrected?(ids: readonly string[]): Promise<Set<string>>;
  log?(message: string): void;
}

export const DEFAULT_FILING_DELAY_MS = 50;
export const DEFAULT_FILING_BATCH = 256;

/**
 * The automatic filings of `POST /api/predict`, which answers without waiting for them: each one is queued (`add`),
 * and the queue is written with one change-log append per model every DEFAULT_FILING_DELAY_MS or every `maxBatch` products,
 * one batch at a time and in the order queued. A failed batch is logged and counted, not retried: the products it held
 * miss the index until they are filed again (a correction, a rebuild). Readers of the index call `flush` first, so that
 * a product this host answered for is found by its next similar-products request; `close` files what is queued.
 */
export class IndexFilings {
  private queued = new Map<ServedModel, FiledProduct[]>();
  private size = 0;
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();
  private closed = false;
  private readonly delayMs: number;
  private readonly maxBatch: number;

  constructor(private readonly options: IndexFilingsOptions) {
    this.delayMs = options.delayMs ?? DEFAULT_FILING_DELAY_MS;
    this.maxBatch = options.maxBatch ?? DEFAULT_FILING_BATCH;
  }

  /** Filings queued and not yet written. */
  get pending(): number {
    return this.size;
  }

  /** Queues `products` for `served`'s index and returns at once; after `close`, they are written at once (not awaited). */
  add(served: ServedModel, products: readonly FiledProduct[]): void {
    if (products.length === 0) return;
    const list = this.queued.get(served) ?? [];
    list.push(...products);
    this.queued.set(served, list);
    this.size += products.length;
    if (this.closed || this.size >= this.maxBatch) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), this.delayMs);
  }

  /**
   * Files `products` now, after everything queued before them (a correction then lands after the automatic filing of
   * the same product), and waits for it.
   * @throws the index's error (ProdclassError MODEL_CORRUPT, the database's).
   */
  async file(served: ServedModel, products: readonly FiledProduct[]): Promise<void> {
    await this.flush();
    await this.options.indexes.file(served, products);
  }

  /** Writes everything queued so far; resolves once it and the batches before it are written (failures are logged, never thrown). */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.size === 0) return this.writing;
    const batch = this.queued;
    this.queued = new Map();
    this.size = 0;
    this.writing = this.writing.then(() => this.write(batch));
    return this.writing;
  }

  /** Files what is queued and waits for it; later filings are written as they come. */
  async close(): Promise<void> {
    this.closed = true;
    await this.flush();
  }

  private async write(batch: Map<ServedModel, FiledProduct[]>): Promise<void> {
    for (const [served, queued] of batch) {
      try {
        const corrected = (await this.options.corrected?.(queued.map((p) => p.id))) ?? new Set<string>();
        const products = queued.filter((p) => !corrected.has(p.id));
        await this.options.indexes.file(served, products);
        this.options.onFiled?.(products.length);
      } catch (error) {
        this.options.onFailed?.(queued.length, error as Error);
        this.options.log?.(`${queued.length} products were not filed into the similarity index of model ${served.id}: ${(error as Error).message}`);
      }
    }
  }
}
