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

/** Ten seconds: an index whose change log has grown long is written whole once the burst of filing that grew it pauses. */
const DEFAULT_SAVE_DELAY_MS = 10_000;

/**
 * Changes logged before an index is written whole again: a tenth of its size (at least 1,000), so the cost of rewriting
 * it stays a few products' worth per product filed, and replaying the log when it opens stays short.
 */
function compactionThreshold(size: number): number {
  return Math.max(1000, Math.floor(size / 10));
}

/**
 * The catalog the similarity index covers is the data the model was trained on plus the products classified or
 * corrected since: `file` adds or updates them (a correction moves a product already added) and appends them to the
 * index's change log at once; the index is written whole only when that log has grown long (see compactionThreshold).
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
  private readonly compactAfter: (size: number) => number;
  private readonly log: (message: string) => void;

  /**
   * @param options.saveDelayMs how long after the last change an index due to be written whole waits for more;
   *   options.compactAfter how many logged changes make it due (default: compactionThreshold of its size).
   */
  constructor(options: { saveDelayMs?: number; compactAfter?: number; log?: (message: string) => void } = {}) {
    this.saveDelayMs = options.saveDelayMs ?? DEFAULT_SAVE_DELAY_MS;
    const { compactAfter } = options;
    this.compactAfter = compactAfter === undefined ? compactionThreshold : () => compactAfter;
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
    const recorded = opened.index.record(
      opened.dir,
      products.map((p) => ({ id: p.id, designation: p.designation, description: p.description, category: p.category })),
    );
    this.versions.set(opened, this.version(opened) + 1);
    await recorded;
    if (opened.index.unsavedChanges < this.compactAfter(opened.index.size)) return;
    this.unsaved.add(opened);
    this.timer ??= setTimeout(() => void this.flush(), this.saveDelayMs).unref();
  }

  /** Writes whole every index whose change log has grown long (one save at a time). */
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

  /** Writes the indexes due to be written whole, and waits for the saves under way (when the server closes). */
  close(): Promise<void> {
    return this.flush();
  }
}

/** The taxonomy file an index built on its own keeps in its folder, written back as it was. */
function ownTaxonomy(dir: string): Record<string, string> {
  const path = join(dir, TAXONOMY_FILE);
  return existsSync(path) ? { [TAXONOMY_FILE]: readFileSync(path, 'utf8') } : {};
}
