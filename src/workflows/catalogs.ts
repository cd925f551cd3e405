// The catalogs one deployment serves: each its own models, active model and job queue, created at run time and reopened at start.

import { existsSync, statSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ProdclassError } from '../core/errors.js';
import { MANIFEST_FILE, readManifest } from '../core/model-folder.js';
import { loadModel } from '../models/model-store.js';
import { catalogNotFound, checkCatalogName, DEFAULT_CATALOG } from '../storage/catalog-scope.js';
import type { CatalogRecord, RemovedCatalog } from '../storage/catalog-store.js';
import type { Storage } from '../storage/storage.js';
import type { CatalogIndexes } from './catalog-index.js';
import { JobQueue } from './job-queue.js';
import { localModelDir } from './model-folders.js';
import { ModelService } from './model-service.js';
import { defaultReviewThreshold, servedModel, type ServedModel } from './served-model.js';
import type { SpotChecks } from './spot-checks.js';
import { withAdditions } from './taxonomy-additions.js';
import type { ZipLimits } from './zip-images.js';

/** One catalog at work: its view of the storage, its active model and its job queue. */
export interface Catalog {
  readonly name: string;
  /** The storage seen from this catalog (Storage.forCatalog). */
  readonly storage: Storage;
  readonly models: ModelService;
  readonly jobs: JobQueue;
  /** Its folder of model folders: scanned at start, and where its retrained models are written. */
  readonly modelsDir: string;
  /** Predictions under this confidence go to its review queue. */
  reviewThreshold(): number;
}

/** What the catalogs' job queues and model services share with the default catalog's. */
export interface CatalogSettings {
  host: string;
  varDir: string;
  chunkSize: number;
  zipLimits: ZipLimits;
  spotChecks: SpotChecks;
  perCategoryThresholds: boolean;
  indexes: CatalogIndexes;
  allowPrivatePhotos: boolean;
  retrainInChild: boolean;
  /** Redis of the shared work queue, as the default catalog's jobs use it (null: batches run in-process). */
  redisUrl: string | null;
  /** PostgreSQL: where models whose folder this host lacks are fetched to. */
  modelCacheDir: string | null;
  log(message: string): void;
}

export interface CatalogSummary {
  name: string;
  /** Its active model's id; null when it has none yet. */
  activeModel: string | null;
  /** How many models it has registered. */
  models: number;
  /** When it was created; null for the default catalog, which always exists. */
  createdAt: string | null;
}

export interface NewCatalog {
  name: string;
  /** A folder of model folders (as models/ is for the default catalog), read on this server. */
  modelsDir: string;
  /** Which of them to serve first; default: the most recently trained. */
  activeModel?: string;
}

/**
 * The default catalog (the application's own model service and job queue) and the others, opened once each: at start
 * for those recorded, at creation, or at first use for one another host created (PostgreSQL).
 */
export class Catalogs {
  private readonly opened = new Map<string, Promise<Catalog>>();
  /** Catalogs being removed: not opened again meanwhile, though their record still exists. */
  private readonly removing = new Set<string>();

  constructor(
    private readonly storage: Storage,
    private readonly settings: CatalogSettings,
    readonly defaultCatalog: Catalog,
  ) {
    this.opened.set(DEFAULT_CATALOG, Promise.resolve(defaultCatalog));
  }

  /**
   * Opens every recorded catalog, so that their interrupted jobs resume. One that cannot open is logged and skipped
   * (its routes answer why at their first request).
   */
  async startAll(): Promise<void> {
    for (const record of await this.storage.catalogs.list()) {
      await this.get(record.name).catch((error: unknown) => this.settings.log(`catalog ${record.name} cannot open: ${(error as Error).message}`));
    }
  }

  /**
   * The catalog `name`, opened if need be; undefined when no such catalog exists.
   * @throws ProdclassError INVALID_INPUT for a name no catalog can have; MODEL_NOT_FOUND when none of its models loads.
   */
  async get(name: string): Promise<Catalog | undefined> {
    checkCatalogName(name, 'catalog');
    const open = this.opened.get(name);
    if (open) return open;
    if (this.removing.has(name)) return undefined;
    const record = await this.storage.catalogs.get(name);
    if (!record) return undefined;
    return this.remember(name, this.openCatalog(record));
  }

  /** Every catalog, the default one first and the others by name, with its active model. */
  async list(): Promise<CatalogSummary[]> {
    const summary = async (name: string, createdAt: string | null): Promise<CatalogSummary> => {
      const registry = this.storage.forCatalog(name).models;
      const [active, models] = await Promise.all([registry.active(), registry.list()]);
      return { name, activeModel: active?.id ?? null, models: models.length, createdAt };
    };
    const records = await this.storage.catalogs.list();
    return Promise.all([summary(DEFAULT_CATALOG, null), ...records.map((r) => summary(r.name, r.createdAt))]);
  }

  /**
   * Creates a catalog serving the model folders of `request.modelsDir`, recorded so that every restart (and every host
   * sharing the database) serves it again.
   * @throws ProdclassError INVALID_INPUT for a bad name; CONFLICT for a name taken or a folder another catalog uses, or
   *   a model another catalog holds; DATA_NOT_FOUND for a folder that does not exist; MODEL_NOT_FOUND when it holds no
   *   model folder (or not `activeModel`); MODEL_CORRUPT.
   */
  async create(request: NewCatalog): Promise<Catalog> {
    const name = checkCatalogName(request.name);
    // The name first: a client that reuses one learns it before anything about its folder.
    if (name === DEFAULT_CATALOG || (await this.storage.catalogs.get(name))) {
      throw new ProdclassError('CONFLICT', name === DEFAULT_CATALOG ? 'the catalog "default" always exists; choose another name' : `a catalog "${name}" exists already (GET /api/catalogs lists them); choose another name`, { location: { field: 'name' } });
    }
    const modelsDir = resolve(request.modelsDir);
    if (!existsSync(modelsDir) || !statSync(modelsDir).isDirectory()) {
      throw new ProdclassError('DATA_NOT_FOUND', `no folder ${request.modelsDir} on the server: give "modelsDir", a folder of model folders (each with its ${MANIFEST_FILE})`, { location: { field: 'modelsDir' } });
    }
    const taken = [this.defaultCatalog, ...(await this.storage.catalogs.list())].find((c) => resolve(c.modelsDir) === modelsDir);
    if (taken) throw new ProdclassError('CONFLICT', `catalog "${taken.name}" already serves the models of ${request.modelsDir}: give the new catalog its own folder`, { location: { field: 'modelsDir' } });
    const record = await this.storage.catalogs.create(name, modelsDir);
    try {
      return await this.remember(name, this.openCatalog(record, request.activeModel ?? null));
    } catch (error) {
      // Nothing half-made stays: the name is free again for a corrected request.
      await this.storage.catalogs.remove(name);
      throw error;
    }
  }

  /**
   * Removes catalog `name` from this server and its rows from the storage (see CatalogStore.remove): its jobs and models
   * stop here, and other hosts drop it at their next sync (at once on PostgreSQL, which notifies them). Its models folder
   * and the job folders stay on disk.
   * @throws ProdclassError CATALOG_IS_DEFAULT for the default catalog; CATALOG_NOT_FOUND when there is no such catalog;
   *   CATALOG_BUSY while one of its jobs is queued or running; INVALID_INPUT for a name no catalog can have.
   */
  async remove(name: string): Promise<{ record: CatalogRecord; removed: RemovedCatalog }> {
    checkCatalogName(name, 'catalog');
    if (name === DEFAULT_CATALOG) {
      throw new ProdclassError('CATALOG_IS_DEFAULT', 'the default catalog is the server\'s own (the routes under /api serve it) and cannot be removed; remove another catalog', { location: { field: 'catalog' } });
    }
    const record = await this.storage.catalogs.get(name);
    if (!record) throw catalogNotFound(name);
    const busy = await this.storage.forCatalog(name).jobs.unfinished();
    if (busy.length > 0) {
      const job = busy[0];
      throw new ProdclassError('CATALOG_BUSY', `catalog "${name}" has ${busy.length} unfinished job(s) (${job.kind} ${job.id} is ${job.status}): wait until GET /api/catalogs/${name}/jobs/${job.id} says done or failed, then remove it`, { location: { field: 'catalog' } });
    }
    this.removing.add(name);
    try {
      const open = this.opened.get(name);
      this.opened.delete(name);
      // Stopped before its rows go: nothing it does afterwards writes a row under a model no longer registered.
      await this.stop(open);
      return { record, removed: await this.storage.catalogs.remove(name) };
    } finally {
      this.removing.delete(name);
    }
  }

  /** Follows activations made elsewhere (another host, `prodclass retrain`) in every open catalog, and opens new ones. */
  async syncWithRegistry(): Promise<string[]> {
    const changed: string[] = [];
    // Opened before the list was read: one created here meanwhile is recorded, but after the list.
    const openedBefore = new Set(this.opened.keys());
    const records = await this.storage.catalogs.list();
    for (const record of records) if (!this.opened.has(record.name)) await this.get(record.name).catch(() => undefined);
    // A catalog another host removed stops here too.
    const recorded = new Set(records.map((r) => r.name));
    for (const [name, open] of [...this.opened]) {
      if (name === DEFAULT_CATALOG || recorded.has(name) || !openedBefore.has(name)) continue;
      this.opened.delete(name);
      await this.stop(open);
    }
    for (const [name, open] of this.opened) {
      if (name === DEFAULT_CATALOG) continue;
      const catalog = await open.catch(() => null);
      if (catalog && (await catalog.models.syncWithRegistry())) changed.push(name);
    }
    return changed;
  }

  /** Every open catalog's ModelService.refreshFolder(id): the catalog serving model `id` reads its new stored files. */
  async refreshFolders(id: string): Promise<void> {
    for (const open of [this.defaultCatalog, ...this.opened.values()]) await (await Promise.resolve(open).catch(() => null))?.models.refreshFolder(id);
  }

  /** The model folders every open catalog serves from: the model-cache clean-up keeps them. */
  async modelDirsInUse(): Promise<string[]> {
    const open = await Promise.all([...this.opened.values()].map((opening) => opening.catch(() => null)));
    return open.flatMap((catalog) => catalog?.models.heldDirs ?? []);
  }

  /** Stops every catalog's jobs and models but the default one's (the application closes that one, and the shared worker threads). */
  async close(): Promise<void> {
    for (const [name, open] of this.opened) if (name !== DEFAULT_CATALOG) await this.stop(open);
  }

  /** Stops an opened catalog's jobs and models (nothing for one that failed to open). */
  private async stop(open: Promise<Catalog> | undefined): Promise<void> {
    const catalog = await open?.catch(() => null);
    if (!catalog) return;
    await catalog.jobs.close();
    await catalog.models.close();
  }

  /** Keeps one opening per name (two first requests at once open it once); a failed opening is forgotten, to be tried again. */
  private remember(name: string, opening: Promise<Catalog>): Promise<Catalog> {
    this.opened.set(name, opening);
    opening.catch(() => {
      if (this.opened.get(name) === opening) this.opened.delete(name);
    });
    return opening;
  }

  private async openCatalog(record: CatalogRecord, requested: string | null = null): Promise<Catalog> {
    const { settings } = this;
    const log = (message: string) => settings.log(`catalog ${record.name}: ${message}`);
    const storage = this.storage.forCatalog(record.name);
    const initial = await this.initialModel(storage, record.modelsDir, requested, log);
    const models = await ModelService.start(storage, {
      initial,
      modelsDir: record.modelsDir,
      preferRegistry: requested === null,
      sharedPool: this.defaultCatalog.models.predictionPool,
      modelCacheDir: settings.modelCacheDir,
      log,
    });
    // A threshold configured for the default catalog was chosen for its taxonomy: each other catalog uses its model's card.
    const reviewThreshold = () => defaultReviewThreshold(models.active.card);
    const jobs = new JobQueue({
      storage,
      host: settings.host,
      models,
      varDir: settings.varDir,
      modelsDir: record.modelsDir,
      chunkSize: settings.chunkSize,
      // Queue workers load each job's model from its catalog's registry (ChunkTask.catalog).
      redisUrl: settings.redisUrl,
      reviewThreshold,
      spotChecks: settings.spotChecks,
      perCategoryThresholds: settings.perCategoryThresholds,
      indexes: settings.indexes,
      zipLimits: settings.zipLimits,
      allowPrivatePhotos: settings.allowPrivatePhotos,
      retrainInChild: settings.retrainInChild,
      log,
    });
    await jobs.resume();
    return { name: record.name, storage, models, jobs, modelsDir: record.modelsDir, reviewThreshold };
  }

  /**
   * The model a catalog starts with: its registry's active model (a restart), else `requested` or the most recently
   * trained model folder of `modelsDir`.
   * @throws ProdclassError MODEL_NOT_FOUND when there is none; MODEL_CORRUPT.
   */
  private async initialModel(storage: Storage, modelsDir: string, requested: string | null, log: (message: string) => void): Promise<ServedModel> {
    const active = requested === null ? await storage.models.active() : undefined;
    if (active) {
      try {
        const dir = this.settings.modelCacheDir === null ? active.dir : await localModelDir(storage, active, this.settings.modelCacheDir);
        if (dir) return await this.served(storage, dir, active.id);
      } catch (error) {
        log(`its active model ${active.id} cannot be loaded (${(error as Error).message}); starting from its models folder`);
      }
    }
    const folders: { dir: string; id: string; createdAt: string }[] = [];
    for (const entry of await readdir(modelsDir, { withFileTypes: true }).catch(() => [])) {
      const dir = join(modelsDir, entry.name);
      if (!entry.isDirectory() || !existsSync(join(dir, MANIFEST_FILE))) continue;
      const { card } = await readManifest(dir);
      folders.push({ dir, id: card.modelId, createdAt: card.createdAt });
    }
    const chosen = requested === null ? folders.sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0] : folders.find((f) => f.id === requested);
    if (!chosen) {
      const what = requested === null ? `no model folder (a folder with its ${MANIFEST_FILE})` : `no model "${requested}" (it holds ${folders.map((f) => f.id).join(', ') || 'none'})`;
      throw new ProdclassError('MODEL_NOT_FOUND', `the catalog's models folder holds ${what}: train one there (prodclass train --out)`, { location: { field: requested === null ? 'modelsDir' : 'activeModel' } });
    }
    return this.served(storage, chosen.dir, chosen.id);
  }

  private async served(storage: Storage, dir: string, id: string): Promise<ServedModel> {
    const loaded = await loadModel(dir);
    if (loaded.card.modelId !== id) throw new ProdclassError('MODEL_NOT_FOUND', `${dir} now holds model ${loaded.card.modelId}, not ${id}`);
    return servedModel({ id, model: loaded.model, card: loaded.card, dir, taxonomy: withAdditions(loaded.taxonomy, await storage.categoryAdditions.list(id)) });
  }
}
