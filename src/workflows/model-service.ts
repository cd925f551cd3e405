// The active model of a running application: which registered model serves, switching it, and staying in step with the registry.

import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ProdclassError } from '../core/errors.js';
import { MANIFEST_FILE, readManifest } from '../core/model-folder.js';
import { modelKindOrNull } from '../models/model-kinds.js';
import { loadModel, readModelTaxonomy } from '../models/model-store.js';
import type { ModelEntry } from '../storage/model-registry.js';
import type { Storage } from '../storage/storage.js';
import { localModelDir, publishModelFolder } from './model-folders.js';
import { PredictionPool, type PooledModel } from './prediction-pool.js';
import { registryEntryOf, servedModel, type ServedModel } from './served-model.js';
import { findChild, withAdditions } from './taxonomy-additions.js';

export interface ModelListing extends ModelEntry {
  /** Whether the model can be activated: its folder still holds it (or it is held in memory). */
  available: boolean;
}

export interface ModelServiceOptions {
  /** The model to serve when the registry has no usable active model (and to register). */
  initial: ServedModel;
  /** Folder whose sub-folders are model folders to register at start (e.g. models/); null for none. */
  modelsDir: string | null;
  /** Keep the registry's active model when it loads (npm start); otherwise `initial` becomes active (serve --model). */
  preferRegistry: boolean;
  /**
   * Worker threads that classify for the active model (text models served from a folder); 0 classifies in the
   * server's own thread. Each worker holds the active and the previous model, built on one copy of their weights that the workers share.
   */
  predictWorkers?: number;
  /**
   * Worker threads another service started (another catalog's): used instead of starting some, and left running when
   * this service closes. The workers hold models by folder, so catalogs share them.
   */
  sharedPool?: PredictionPool | null;
  /** PostgreSQL: where models whose folder this host lacks are fetched to from the database (`<var>/model-cache`). */
  modelCacheDir?: string | null;
  log?: (message: string) => void;
}

/** Holds the active model; swaps are atomic for callers (a request uses the model it read at its start). */
export class ModelService {
  private current: ServedModel;
  /** The model active before the current one, kept loaded (with its workers) so that switching back is instant. */
  private previous: ServedModel | null = null;
  private readonly inMemory = new Map<string, ServedModel>();
  private switching: Promise<unknown> = Promise.resolve();
  private readonly log: (message: string) => void;

  private constructor(
    private readonly storage: Storage,
    initial: ServedModel,
    readonly modelsDir: string | null,
    private readonly pool: PredictionPool | null,
    log: ((message: string) => void) | undefined,
    private readonly cacheDir: string | null = null,
    private readonly ownsPool = true,
  ) {
    this.current = initial;
    this.log = log ?? (() => {});
  }

  /**
   * Registers the initial model and the folders of `modelsDir`, then settles which model is active.
   * @throws ProdclassError from the registry (database errors) only; unloadable registered models are logged and skipped.
   */
  static async start(storage: Storage, options: ModelServiceOptions): Promise<ModelService> {
    const log = options.log ?? (() => {});
    let pool: PredictionPool | null = options.sharedPool ?? null;
    if (!pool && (options.predictWorkers ?? 0) > 0) {
      try {
        pool = await PredictionPool.start(options.predictWorkers!);
      } catch (error) {
        log(`models are served without worker threads: ${(error as Error).message}`);
      }
    }
    const service = new ModelService(storage, options.initial, options.modelsDir, pool, log, options.modelCacheDir ?? null, !options.sharedPool);
    if (options.modelsDir) await service.scan(options.modelsDir);
    await service.register(options.initial);
    const active = await storage.models.active();
    if (options.preferRegistry && active && active.id !== options.initial.id) {
      try {
        service.current = await service.loadServing(active.id);
        return service;
      } catch (error) {
        service.log(`the registry's active model ${active.id} cannot be loaded (${(error as Error).message}); serving ${options.initial.id}`);
      }
    }
    await storage.models.setActive(options.initial.id);
    service.current = await service.withPool({ ...options.initial, taxonomy: withAdditions(options.initial.taxonomy, await storage.categoryAdditions.list(options.initial.id)) });
    return service;
  }

  /**
   * Adds a category to the active model's taxonomy (a correction into a category the model does not know yet): recorded,
   * so restarts and retraining see it; retraining from this model learns it. An existing category of that name under
   * that parent is returned instead of a second one.
   * @throws ProdclassError DATA_UNKNOWN_CODE for a parent outside the taxonomy.
   */
  async addCategory(name: string, parent: number | null): Promise<number> {
    const served = this.current;
    if (parent !== null) served.taxonomy.get(parent);
    const existing = findChild(served.taxonomy, parent, name);
    if (existing !== undefined) return existing;
    const { taxonomy, key } = served.taxonomy.withCategory(name.trim(), parent);
    await this.storage.categoryAdditions.add(served.id, name.trim(), parent);
    served.taxonomy = taxonomy;
    return key;
  }

  get active(): ServedModel {
    return this.current;
  }

  /** The folders of the models this service holds (active and previous): the model-cache clean-up keeps them. */
  get heldDirs(): string[] {
    return [this.current.dir, this.previous?.dir].filter((dir): dir is string => typeof dir === 'string');
  }

  /** The worker threads this service classifies with (null: its own thread), for another catalog's service to share. */
  get predictionPool(): PredictionPool | null {
    return this.pool;
  }

  /** Adds a loaded model to the registry (and keeps it in memory when it has no folder). */
  async register(served: ServedModel): Promise<ModelEntry> {
    if (served.dir === null) this.inMemory.set(served.id, served);
    const entry = await this.storage.models.upsert(registryEntryOf(served.card, served.dir === null ? null : resolve(served.dir)));
    if (served.dir !== null) await publishModelFolder(this.storage, served.id, resolve(served.dir));
    return entry;
  }

  async list(): Promise<ModelListing[]> {
    const entries = await this.storage.models.list();
    return Promise.all(entries.map(async (entry) => ({ ...entry, available: this.isAvailable(entry) || (this.storage.backend === 'postgres' && (await this.storage.modelFiles.digest(entry.id)) !== null) })));
  }

  /** The folder this host loads `entry` from: its own, or (PostgreSQL) a copy fetched from the database. */
  private async folderOf(entry: ModelEntry): Promise<string | null> {
    return this.cacheDir === null ? entry.dir : localModelDir(this.storage, entry, this.cacheDir);
  }

  /**
   * Loads a registered model (the active one is returned as it is).
   * @throws ProdclassError NOT_FOUND for an unknown id; MODEL_NOT_FOUND when its folder is gone or now holds another model; MODEL_CORRUPT.
   */
  async load(id: string): Promise<ServedModel> {
    if (id === this.current.id) return this.current;
    if (id === this.previous?.id) return this.previous;
    const held = this.inMemory.get(id);
    if (held) return held;
    const entry = await this.storage.models.get(id);
    if (!entry) throw new ProdclassError('NOT_FOUND', `no model "${id}" in the registry; GET /api/models lists them`);
    const dir = await this.folderOf(entry);
    if (!dir) throw new ProdclassError('MODEL_NOT_FOUND', `model ${id} was served from memory by an earlier run and has no folder to load it from`);
    const loaded = await loadModel(dir);
    if (loaded.card.modelId !== id) {
      throw new ProdclassError('MODEL_NOT_FOUND', `${dir} now holds model ${loaded.card.modelId}, not ${id}`);
    }
    return servedModel({ id, model: loaded.model, card: loaded.card, dir, taxonomy: withAdditions(loaded.taxonomy, await this.storage.categoryAdditions.list(id)) });
  }

  /**
   * Makes `id` the active model: loads it, swaps it in and records it in the registry. Activations run one at a time.
   * @throws as `load`.
   */
  async activate(id: string): Promise<ServedModel> {
    let retiring: Promise<void> = Promise.resolve();
    const run = this.switching.then(async () => {
      if (id === this.current.id) {
        await this.storage.models.setActive(id);
        return this.current;
      }
      const next = this.previous?.id === id ? this.previous : await this.loadServing(id);
      const dropped = this.previous !== next ? this.previous : null;
      this.previous = this.current;
      await this.storage.models.setActive(id);
      this.current = next;
      this.log(`active model: ${id}`);
      // Requests that read a dropped model finish on the workers before they free it. The switch is done once the new
      // model serves, so the caller does not wait for that; the next activation does (one model retiring at a time).
      retiring = dropped?.pool?.release() ?? Promise.resolve();
      return next;
    });
    this.switching = run.then(() => retiring).catch(() => {});
    return run;
  }

  /**
   * Follows an activation made by another process (`prodclass retrain` beside a running server): when the
   * registry's active model differs from the one served, loads it. Returns true when the model changed.
   */
  async syncWithRegistry(): Promise<boolean> {
    const active = await this.storage.models.active();
    if (!active || active.id === this.current.id) return false;
    try {
      await this.activate(active.id);
      return true;
    } catch (error) {
      this.log(`the registry names ${active.id} as active but it cannot be loaded: ${(error as Error).message}`);
      return false;
    }
  }

  /**
   * Follows a change of model `id`'s stored files (an index a worker built and published): when this host serves it
   * from a copy of those files, it serves it from the copy holding the new ones. Returns true when the folder changed.
   */
  async refreshFolder(id: string): Promise<boolean> {
    if (id !== this.current.id || this.cacheDir === null) return false;
    const entry = await this.storage.models.get(id);
    const dir = entry ? await this.folderOf(entry) : null;
    if (!dir || dir === this.current.dir) return false;
    this.current = { ...this.current, dir };
    this.log(`model ${id}: its stored files changed; now read from ${dir}`);
    return true;
  }

  /**
   * Stops the worker threads once the requests they hold are answered (when the application closes); shared ones stay
   * for their owner to stop, this service's models released from them.
   */
  async close(): Promise<void> {
    await this.switching;
    if (this.ownsPool) await this.pool?.close();
    else await Promise.all([this.current.pool?.release(), this.previous?.pool?.release()]);
  }

  /**
   * A registered model loaded to serve: by the worker threads when the service has them and the model can use them (a
   * text model with a folder; this thread then reads only its card and taxonomy), else in this thread.
   * @throws as `load`.
   */
  private async loadServing(id: string): Promise<ServedModel> {
    const entry = await this.storage.models.get(id);
    const kind = entry ? modelKindOrNull(entry.kind) : null;
    const textOnly = kind !== null && kind.modalities.every((m) => m === 'text');
    const pool = this.pool;
    const dir = entry ? await this.folderOf(entry) : null;
    if (!(pool?.usable && dir && textOnly && !this.inMemory.has(id))) return this.withPool(await this.load(id));
    const [manifest, taxonomy, additions] = await Promise.all([readManifest(dir), readModelTaxonomy(dir), this.storage.categoryAdditions.list(id)]);
    if (manifest.card.modelId !== id) throw new ProdclassError('MODEL_NOT_FOUND', `${dir} now holds model ${manifest.card.modelId}, not ${id}`);
    let pooled: PooledModel;
    try {
      pooled = await pool.load(dir, { modelId: id });
    } catch (error) {
      if (pool.usable) throw error;
      this.log(`model ${id} is served without worker threads: ${(error as Error).message}`);
      return this.load(id);
    }
    return { id, model: null, classes: pooled.classes, modalities: kind.modalities, card: manifest.card, dir, taxonomy: withAdditions(taxonomy, additions), pool: pooled };
  }

  /**
   * `served` held by the worker threads too when the service runs some and the model can use them (a text model with a
   * folder); a model the workers cannot load is served from this thread, and the reason logged.
   */
  private async withPool(served: ServedModel): Promise<ServedModel> {
    const textOnly = served.modalities.every((m) => m === 'text');
    if (!this.pool?.usable || !served.dir || !textOnly || served.pool?.usable) return served;
    try {
      return { ...served, pool: await this.pool.load(served.dir, { classes: served.classes }) };
    } catch (error) {
      this.log(`model ${served.id} is served without worker threads: ${(error as Error).message}`);
      return served;
    }
  }

  private isAvailable(entry: ModelEntry): boolean {
    if (this.inMemory.has(entry.id) || entry.id === this.current.id) return true;
    return entry.dir !== null && existsSync(join(entry.dir, MANIFEST_FILE));
  }

  /** Registers every model folder directly under `dir`; folders that are not models are ignored. */
  private async scan(dir: string): Promise<void> {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    const holds = new Map<string, string>();
    for (const entry of entries) {
      if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
      const folder = resolve(dir, entry.name);
      if (!existsSync(join(folder, MANIFEST_FILE))) continue;
      try {
        const manifest = await readManifest(folder);
        await this.storage.models.upsert(registryEntryOf(manifest.card, folder));
        await publishModelFolder(this.storage, manifest.card.modelId, folder);
        holds.set(folder, manifest.card.modelId);
      } catch (error) {
        this.log(`skipping ${folder}: ${(error as Error).message}`);
      }
    }
    // A folder retrained in place (models/default deleted and trained again) no longer holds its old model.
    for (const entry of await this.storage.models.list()) {
      const now = entry.dir === null ? undefined : holds.get(entry.dir);
      if (now !== undefined && now !== entry.id) await this.storage.models.upsert({ ...entry, dir: null });
    }
  }
}
