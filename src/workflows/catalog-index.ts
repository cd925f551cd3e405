// The served models' similarity indexes: opened once per model folder, kept up to date with the products filed since they were built (by any host sharing the database), and saved.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isProdclassError, ProdclassError } from '../core/errors.js';
import { TAXONOMY_FILE } from '../models/model-store.js';
import { removeLegacyChanges, type IndexChange } from '../models/similar/index-changes.js';
import { modelIndexDir, openIndex, type OpenedIndex } from '../models/similar/similar-view.js';
import type { IndexChangeStore } from '../storage/index-change-store.js';
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

/** The prediction id of an index id predictionProductId made; null for any other id. */
export function predictionIdOf(productId: string): number | null {
  const match = /^prediction-(\d+)$/.exec(productId);
  return match ? Number(match[1]) : null;
}

/** A model without an index is looked at again after a minute (an index built beside a running server is found). */
const MISSING_RECHECK_MS = 60_000;

/** How often an index in use looks for the changes other hosts recorded: a product filed on one host is found on all within this. */
const DEFAULT_SYNC_MS = 1_000;

/**
 * How long after a change is numbered it surely is committed: a change numbered before a later one may become visible
 * after it (two hosts inserting at once), so the watermark trails what was seen by this much.
 */
const COMMIT_WINDOW_MS = 3_000;

/** Ten seconds: an index whose change log has grown long is written whole once the burst of filing that grew it pauses. */
const DEFAULT_SAVE_DELAY_MS = 10_000;

/**
 * Changes applied before an index is written whole again: a tenth of its size (at least 1,000), so the cost of rewriting
 * it stays a few products' worth per product filed, and replaying the log when it opens stays short.
 */
function compactionThreshold(size: number): number {
  return Math.max(1000, Math.floor(size / 10));
}

/** What this host saw of an index's change log: when it last looked, and the newest change seen at each look. */
interface SyncState {
  modelId: string;
  lastSync: number;
  seen: { at: number; change: { seq: number; id: string } | null }[];
  syncing: Promise<void> | null;
}

/**
 * The catalog the similarity index covers is the data the model was trained on plus the products classified or
 * corrected since: `file` records them in the database's change log (a correction moves a product already added) and
 * applies them; every host's copy of the index applies the log's other changes within a second of being used
 * (DEFAULT_SYNC_MS). A host writes its copy whole only when it has applied many changes since it last did (see
 * compactionThreshold), recording up to which change; loading replays the log from there.
 */
export class CatalogIndexes {
  private readonly opened = new Map<string, Promise<OpenedIndex>>();
  private readonly syncs = new WeakMap<OpenedIndex, SyncState>();
  private readonly versions = new WeakMap<OpenedIndex, number>();
  private readonly unsaved = new Set<OpenedIndex>();
  /** Model folders found without an index, and when: filing does not look again for a minute. */
  private readonly missing = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;
  private saving: Promise<void> = Promise.resolve();
  private readonly saveDelayMs: number;
  private readonly compactAfter: (size: number) => number;
  private readonly log: (message: string) => void;
  private readonly changes: IndexChangeStore;
  private readonly syncMs: number;

  /**
   * @param options.changes the change log (the storage's); options.saveDelayMs how long after the last change an index
   *   due to be written whole waits for more; options.compactAfter how many applied changes make it due (default:
   *   compactionThreshold of its size); options.syncMs how often an index in use looks for other hosts' changes.
   */
  constructor(options: { changes: IndexChangeStore; saveDelayMs?: number; compactAfter?: number; syncMs?: number; log?: (message: string) => void }) {
    this.changes = options.changes;
    this.syncMs = options.syncMs ?? DEFAULT_SYNC_MS;
    this.saveDelayMs = options.saveDelayMs ?? DEFAULT_SAVE_DELAY_MS;
    const { compactAfter } = options;
    this.compactAfter = compactAfter === undefined ? compactionThreshold : () => compactAfter;
    this.log = options.log ?? (() => {});
  }

  /**
   * The served model's index, opened on first use, with the changes other hosts recorded applied (looked for at most
   * once per DEFAULT_SYNC_MS).
   * @throws ProdclassError NOT_FOUND when the model has none (saying how to build it); MODEL_CORRUPT when it is damaged;
   *   the database's error when the change log cannot be read.
   */
  async of(served: ServedModel): Promise<OpenedIndex> {
    const opened = await this.open(served);
    await this.sync(opened, false);
    return opened;
  }

  private open(served: ServedModel): Promise<OpenedIndex> {
    if (!served.dir) {
      return Promise.reject(new ProdclassError('NOT_FOUND', 'the active model was handed over in memory and has no similarity index; serve a model folder indexed with "prodclass index --model"'));
    }
    const dir = modelIndexDir(served.dir);
    let loading = this.opened.get(dir);
    if (!loading) {
      loading = openIndex(dir, served.taxonomy).then(async (opened) => {
        this.syncs.set(opened, { modelId: served.id, lastSync: 0, seen: [], syncing: null });
        const mark = opened.index.watermarkChange;
        if (mark && !(await this.changes.has(served.id, mark))) opened.index.forgetWatermark();
        // A folder saved by an earlier version logged its changes beside its files: they move to the database.
        const legacy = opened.index.takeLegacyChanges();
        if (legacy.length > 0) {
          opened.index.apply(await this.changes.append(served.id, legacy));
          await opened.index.save(opened.dir, ownTaxonomy(opened.dir));
          await removeLegacyChanges(opened.dir);
        }
        await this.sync(opened, true);
        return opened;
      });
      loading = loading.catch((error: unknown) => {
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

  /**
   * Forgets the index of the model folder `modelDir` (built again in place): the next use opens the new one, and the old
   * one's pending save, which would overwrite it, is dropped.
   */
  async forget(modelDir: string): Promise<void> {
    const dir = modelIndexDir(modelDir);
    const opening = this.opened.get(dir);
    this.opened.delete(dir);
    this.missing.delete(modelDir);
    const opened = await opening?.catch(() => null);
    if (opened) this.unsaved.delete(opened);
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
    const recorded = await this.changes.append(
      served.id,
      products.map((p) => ({ id: p.id, designation: p.designation, description: p.description, category: p.category })),
    );
    this.applied(opened, recorded);
  }

  /** Applies changes of the log to an opened index; saves it a few seconds later when it has applied many since it was last saved. */
  private applied(opened: OpenedIndex, changes: readonly IndexChange[]): void {
    if (opened.index.apply(changes) === 0) return;
    this.versions.set(opened, this.version(opened) + 1);
    if (opened.index.unsavedChanges < this.compactAfter(opened.index.size)) return;
    this.unsaved.add(opened);
    this.timer ??= setTimeout(() => void this.flush(), this.saveDelayMs).unref();
  }

  /**
   * Applies the changes recorded after the index's watermark (unless it looked less than DEFAULT_SYNC_MS ago and
   * `force` is false), then moves the watermark to the newest change seen COMMIT_WINDOW_MS ago or more.
   */
  private sync(opened: OpenedIndex, force: boolean): Promise<void> {
    const state = this.syncs.get(opened)!;
    if (state.syncing) return state.syncing;
    const now = Date.now();
    if (!force && now - state.lastSync < this.syncMs) return Promise.resolve();
    state.lastSync = now;
    state.syncing = (async () => {
      let newest = state.seen.at(-1)?.change ?? opened.index.watermarkChange;
      for (let after = opened.index.watermark; ; ) {
        const changes = await this.changes.since(state.modelId, after);
        if (changes.length === 0) break;
        this.applied(opened, changes);
        const last = changes[changes.length - 1];
        after = last.seq;
        if (!newest || last.seq > newest.seq) newest = { seq: last.seq, id: last.id };
      }
      state.seen.push({ at: now, change: newest });
      // Every change numbered up to what was seen COMMIT_WINDOW_MS ago is committed by now, and this look read it.
      let settled = -1;
      while (settled + 1 < state.seen.length - 1 && state.seen[settled + 1].at <= now - COMMIT_WINDOW_MS) settled++;
      if (settled >= 0) {
        const change = state.seen[settled].change;
        if (change) opened.index.advanceWatermark(change);
        state.seen.splice(0, settled);
      }
    })().finally(() => {
      state.syncing = null;
    });
    return state.syncing;
  }

  /** Writes whole every index that has applied many changes since it was last saved (one save at a time). */
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
