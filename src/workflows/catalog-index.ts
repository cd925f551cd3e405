// The served models' similarity indexes: opened once per model folder, kept up to date with the products filed since they were built, and saved.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isProdclassError, ProdclassError } from '../core/errors.js';
import { TAXONOMY_FILE } from '../models/model-store.js';
import { modelIndexDir, openIndex, type OpenedIndex } from '../models/similar/similar-view.js';
import type { ServedModel } from './served-model.js';

/** A product filed since the index was built: classified automatically, or corrected by a person. */
export interface FiledProduct {
  /** Its id in the index: `prediction-<id>` for a product the server classified. */
  id: string;
  designation: string;
  description: string;
  /** The category key it is filed under, in the served model's taxonomy. */
  category: number;
}

/** The index id of a product the server classified: what `GET /api/products/:id/similar` takes. */
export function predictionProductId(predictionId: number): string {
  return `prediction-${predictionId}`;
}

/** A model without an index is looked at again after a minute (an index built beside a running server is found). */
const MISSING_RECHECK_MS = 60_000;

/** Ten seconds: products filed in a burst (a review session) are written together, and a crash loses at most that. */
const DEFAULT_SAVE_DELAY_MS = 10_000;

/**
 * The catalog the similarity index covers is the data the model was trained on plus the products classified or
 * corrected since: `file` adds or updates them (a correction moves a product already added), and changes are saved
 * beside the model a few seconds later, and when the server closes.
 */
export class CatalogIndexes {
  private readonly opened = new Map<string, Promise<OpenedIndex>>();
  private readonly versions = new WeakMap<OpenedIndex, number>();
  private readonly unsaved = new Set<OpenedIndex>();
  /** Model folders found without an index, and when: filing does not look again for a minute. */
  private readonly missing = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;
  private saving: Promise<void> = Promise.resolve();
  private readonly saveDelayMs: number;
  private readonly log: (message: string) => void;

  constructor(options: { saveDelayMs?: number; log?: (message: string) => void } = {}) {
    this.saveDelayMs = options.saveDelayMs ?? DEFAULT_SAVE_DELAY_MS;
    this.log = options.log ?? (() => {});
  }

  /**
   * The served model's index, opened on first use.
   * @throws ProdclassError NOT_FOUND when the model has none (saying how to build it); MODEL_CORRUPT when it is damaged.
   */
  of(served: ServedModel): Promise<OpenedIndex> {
    if (!served.dir) {
      return Promise.reject(new ProdclassError('NOT_FOUND', 'the active model was handed over in memory and has no similarity index; serve a model folder indexed with "prodclass index --model"'));
    }
    const dir = modelIndexDir(served.dir);
    let loading = this.opened.get(dir);
    if (!loading) {
      loading = openIndex(dir, served.taxonomy).catch((error: unknown) => {
        this.opened.delete(dir);
        if (isProdclassError(error) && error.code === 'NOT_FOUND') {
          throw new ProdclassError('NOT_FOUND', `model ${served.id} has no similarity index: build it with "prodclass index --model MODEL_DIR --data CATALOG" (or train with --similar)`);
        }
        throw error;
      });
      this.opened.set(dir, loading);
    }
    return loading;
  }

  /** How many times `index` changed since it was opened: what a cache of answers derived from it is keyed by. */
  version(index: OpenedIndex): number {
    return this.versions.get(index) ?? 0;
  }

  /**
   * Adds products filed with `served` to its index, or updates them (new category, new text); nothing when the model has
   * no index. Saved a few seconds later.
   * @throws ProdclassError MODEL_CORRUPT when the index cannot be opened.
   */
  async file(served: ServedModel, products: readonly FiledProduct[]): Promise<void> {
    if (products.length === 0 || !served.dir) return;
    const lookedAt = this.missing.get(served.dir);
    if (lookedAt !== undefined && Date.now() - lookedAt < MISSING_RECHECK_MS) return;
    let opened: OpenedIndex;
    try {
      opened = await this.of(served);
    } catch (error) {
      if (isProdclassError(error) && error.code === 'NOT_FOUND') {
        this.missing.set(served.dir, Date.now());
        return;
      }
      throw error;
    }
    this.missing.delete(served.dir);
    opened.index.upsert(
      products.map((p) => ({ product: { index: 0, id: p.id, designation: p.designation, description: p.description, productid: '', imageid: '' }, category: p.category })),
    );
    this.versions.set(opened, this.version(opened) + 1);
    this.unsaved.add(opened);
    this.timer ??= setTimeout(() => void this.flush(), this.saveDelayMs).unref();
  }

  /** Writes every index changed since its last save (one save at a time). */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const pending = [...this.unsaved];
    this.unsaved.clear();
    this.saving = this.saving.then(async () => {
      for (const opened of pending) {
        try {
          await opened.index.save(opened.dir, ownTaxonomy(opened.dir));
        } catch (error) {
          // Kept in memory and tried again with the next change: the products stay searchable meanwhile.
          this.unsaved.add(opened);
          this.log(`the similarity index in ${opened.dir} could not be saved: ${(error as Error).message}`);
        }
      }
    });
    return this.saving;
  }

  /** Saves what is pending (when the server closes). */
  close(): Promise<void> {
    return this.flush();
  }
}

/** The taxonomy file an index built on its own keeps in its folder, written back as it was. */
function ownTaxonomy(dir: string): Record<string, string> {
  const path = join(dir, TAXONOMY_FILE);
  return existsSync(path) ? { [TAXONOMY_FILE]: readFileSync(path, 'utf8') } : {};
}
