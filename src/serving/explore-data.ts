// The data the server explores (--data, else the active model's training folder): loaded once and analysed once, in the background.

import { existsSync, statSync } from 'node:fs';
import { realpath } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { analyzeFolder } from '../analysis/analysis-cache.js';
import type { DatasetAnalysis } from '../analysis/dataset-analysis.js';
import { ProdclassError } from '../core/errors.js';
import type { ModelCard } from '../core/model-card.js';
import type { ChallengeFolder } from '../data/challenge-folder.js';
import { loadCatalog, readAsRecorded } from '../data/load-catalog.js';
import { dataFingerprint } from '../data/fingerprint.js';
import { IMAGE_FOLDERS, type ImageIndex } from '../data/image-index.js';
import type { Product } from '../data/product.js';
import type { AnalysisPending } from './api-types.js';

/** Image files decoded for the image statistics: `prodclass explore`'s default, so both share one cache entry. */
export const EXPLORE_MAX_IMAGES = 1000;

/** Products kept whole for timing predictions (summarizeModels times on the first 256). */
const LATENCY_PRODUCTS = 256;

/** What the models summary needs of the explored data. */
export interface ExploredFolder {
  dir: string;
  fingerprint: string;
  /**
   * Every labelled product, but only the first LATENCY_PRODUCTS with their description: the rest serve to name
   * misclassified products by title, and 85,000 descriptions held for the server's lifetime would cost ~100 MB.
   */
  products: readonly Product[];
  labels: Int32Array;
  images: ImageIndex;
}

export interface ReadyAnalysis {
  analysis: DatasetAnalysis;
  /** The analysis serialised once: every GET /api/explore sends these bytes. */
  json: string;
  /** Whether it came from the on-disk cache. */
  cached: boolean;
}

interface Entry {
  dir: string;
  startedAt: Date;
  folder: Promise<ExploredFolder>;
  analysis: Promise<ReadyAnalysis>;
  ready: ReadyAnalysis | null;
  failure: { error: unknown } | null;
}

export interface ExploreDataOptions {
  /** The folder to explore; when absent, the active model's `data.source` if that folder exists. */
  dataDir?: string;
  activeCard: () => ModelCard;
  /** Where analyses are cached (analyzeFolder's cache). */
  cacheDir: string;
  log?: (message: string) => void;
  /**
   * The error for "no data here", given why (default DATA_NOT_FOUND advising `--data`: the server's own data); another
   * catalog's says what to do for that catalog.
   */
  noData?: (why: string) => ProdclassError;
}

/**
 * Holds the explored folder and its analysis. The folder is chosen at each call (the active model may change),
 * loaded once per folder and analysed once (analyzeFolder's disk cache makes a restart cheap). A failed load or
 * analysis is reported to the next caller, then forgotten so that the call after retries.
 */
export class ExploreData {
  private entry: Entry | null = null;
  private readonly log: (message: string) => void;

  constructor(private readonly options: ExploreDataOptions) {
    this.log = options.log ?? (() => {});
  }

  /** The folder explored now, or null when none is configured or the model's training folder is not here. */
  dataDir(): string | null {
    if (this.options.dataDir) return resolve(this.options.dataDir);
    const source = this.options.activeCard().data?.source;
    return source && existsSync(source) ? resolve(source) : null;
  }

  /**
   * The folder explored now (or file): what an audit reads too.
   * @throws ProdclassError DATA_NOT_FOUND (or the error `options.noData` gives) when there is none here.
   */
  requireDataDir(): string {
    const dir = this.dataDir();
    if (!dir) throw this.noData();
    return dir;
  }

  /** Starts loading and analysing in the background (server start-up); failures are logged and kept for the next caller. */
  warm(): void {
    try {
      this.current();
    } catch (error) {
      this.log(`nothing to explore: ${(error as Error).message}`);
    }
  }

  /**
   * The analysis when it is ready within `waitMs`, else a pending note (the computation goes on).
   * @throws ProdclassError DATA_NOT_FOUND without data; the errors of loadCatalog and analyzeFolder.
   */
  async analysis(waitMs: number): Promise<ReadyAnalysis | AnalysisPending> {
    const entry = this.settledOrCurrent();
    if (entry.ready) return entry.ready;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<null>((done) => (timer = setTimeout(() => done(null), waitMs)));
    try {
      const ready = await Promise.race([entry.analysis, timeout]);
      if (ready) return ready;
    } catch (error) {
      this.forget(entry);
      throw error;
    } finally {
      clearTimeout(timer);
    }
    return {
      status: 'computing',
      dataDir: entry.dir,
      startedAt: entry.startedAt.toISOString(),
      message: `analysing ${entry.dir} (started ${entry.startedAt.toISOString()}); ask again in a moment`,
    };
  }

  /** The analysis, however long it takes. @throws as `analysis`. */
  async ready(): Promise<ReadyAnalysis> {
    const entry = this.settledOrCurrent();
    try {
      return await entry.analysis;
    } catch (error) {
      this.forget(entry);
      throw error;
    }
  }

  /** The loaded folder (without waiting for the analysis). @throws as `analysis`. */
  async folder(): Promise<ExploredFolder> {
    const entry = this.settledOrCurrent();
    try {
      return await entry.folder;
    } catch (error) {
      this.forget(entry);
      throw error;
    }
  }

  /**
   * The absolute path of a training image of the explored folder, by file name; only regular files whose real
   * path lies inside `<data>/images/image_train` are given out.
   * @throws ProdclassError INVALID_INPUT for a name that is not `image_{imageid}_product_{productid}.jpg` or a
   *   link leading out of the folder; NOT_FOUND when there is no such file; DATA_NOT_FOUND without a data folder.
   */
  async imagePath(name: string): Promise<string> {
    if (!/^image_\d{1,20}_product_\d{1,20}\.jpg$/.test(name)) {
      throw new ProdclassError('INVALID_INPUT', `${JSON.stringify(name)} is not a challenge image name; expected image_{imageid}_product_{productid}.jpg`);
    }
    const dir = this.dataDir();
    if (!dir) throw this.noData();
    const root = join(dir, IMAGE_FOLDERS.train);
    const [realRoot, real] = await Promise.all([realpath(root).catch(() => null), realpath(join(root, name)).catch(() => null)]);
    if (realRoot === null || real === null) throw new ProdclassError('NOT_FOUND', `no image ${name} in the data folder's ${IMAGE_FOLDERS.train}`);
    const rel = relative(realRoot, real);
    if (rel === '' || rel.startsWith(`..${sep}`) || rel === '..' || isAbsolute(rel)) {
      throw new ProdclassError('INVALID_INPUT', `${name} is a link out of the data folder's ${IMAGE_FOLDERS.train}; only the data folder's own images are served`);
    }
    if (!statSync(real).isFile()) throw new ProdclassError('NOT_FOUND', `${name} in the data folder's ${IMAGE_FOLDERS.train} is not a file`);
    return real;
  }

  /** The current entry; a failure not yet reported is thrown once (and forgotten, so the next call retries). */
  private settledOrCurrent(): Entry {
    const entry = this.current();
    if (entry.failure) {
      this.forget(entry);
      throw entry.failure.error;
    }
    return entry;
  }

  private current(): Entry {
    const dir = this.dataDir();
    if (!dir) throw this.noData();
    if (this.entry?.dir === dir) return this.entry;
    // The model's own data is read as training read it; other data by the usual column names.
    const reading = this.options.dataDir ? undefined : this.options.activeCard().data?.reading;
    const loading = loadCatalog(dir, { requireLabels: false, ...readAsRecorded(reading) });
    const folder = loading.then(slimFolder);
    const analysis = loading.then(async (loaded) => {
      const { analysis, cached } = await analyzeFolder(loaded, { cacheDir: this.options.cacheDir, images: { maxImages: EXPLORE_MAX_IMAGES } });
      return { analysis, cached, json: JSON.stringify(analysis) };
    });
    const entry: Entry = { dir, startedAt: new Date(), folder, analysis, ready: null, failure: null };
    // Handled here, so a failure nobody waits for is kept for the next caller rather than left unhandled.
    folder.catch(() => {});
    analysis.then(
      (ready) => {
        entry.ready = ready;
        this.log(`analysis of ${dir} ${ready.cached ? 'read from the cache' : `computed in ${ready.analysis.timings.totalSeconds.toFixed(1)} s`}`);
      },
      (error: unknown) => {
        entry.failure = { error };
        this.log(`the analysis of ${dir} failed: ${(error as Error).message}`);
      },
    );
    this.entry = entry;
    return entry;
  }

  private forget(entry: Entry): void {
    if (this.entry === entry) this.entry = null;
  }

  private noData(): ProdclassError {
    const source = this.options.activeCard().data?.source;
    const why = source
      ? `the active model was trained on ${source}, which is not a folder on this machine`
      : 'the active model does not say which data it was trained on';
    if (this.options.noData) return this.options.noData(why);
    return new ProdclassError('DATA_NOT_FOUND', `this server has no data folder to explore: ${why}; start it with --data DIR (a folder in the challenge layout)`);
  }
}

function slimFolder(folder: ChallengeFolder): ExploredFolder {
  const { products, labels } = folder.train;
  return {
    dir: folder.source,
    fingerprint: dataFingerprint(products, labels),
    products: products.map((p, i) => (i < LATENCY_PRODUCTS ? p : { ...p, description: '' })),
    labels,
    images: folder.images,
  };
}

