// Computes a data folder's analysis once: cached on disk under a key of the data fingerprint, the image folder and the options.

import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { packageVersion } from '../core/version.js';
import type { ChallengeFolder } from '../data/challenge-folder.js';
import { dataFingerprint } from '../data/fingerprint.js';
import { IMAGE_FOLDERS } from '../data/image-index.js';
import { ANALYSIS_VERSION, analyzeDataset, type AnalyzeOptions, type DatasetAnalysis } from './dataset-analysis.js';

/** Where analyses are cached unless told otherwise, relative to the working directory (git-ignored `var/`). */
export const DEFAULT_ANALYSIS_CACHE = join('var', 'cache', 'analysis');

export interface FolderAnalysisOptions extends AnalyzeOptions {
  /** Folder of cached analyses (default `var/cache/analysis`), or false to neither read nor write a cache. */
  cacheDir?: string | false;
  /** Recompute (and rewrite the cache) even when a cached analysis matches. */
  refresh?: boolean;
}

export interface FolderAnalysis {
  analysis: DatasetAnalysis;
  /** True when the analysis came from the cache. */
  cached: boolean;
  /** The cache file read or written, or null without a cache. */
  cacheFile: string | null;
}

interface CacheEntry {
  key: string;
  analysis: DatasetAnalysis;
}

/**
 * The analysis of a loaded challenge folder, from the cache when its key matches, else computed and cached.
 * One cache file per data folder, keyed by: the analysis and package versions, the data fingerprint (any change to a
 * product, a label or the row order), the image folder's modification time and image count (images added or
 * removed), and the options that change results. A stale, unreadable or corrupt cache file is recomputed and
 * replaced, never an error. (An image edited in place under the same name keeps the key: pass `refresh`.)
 * @throws the errors of analyzeDataset; file-system errors writing the cache are ignored (the analysis is returned).
 */
export async function analyzeFolder(folder: ChallengeFolder, options: FolderAnalysisOptions = {}): Promise<FolderAnalysis> {
  const { cacheDir = DEFAULT_ANALYSIS_CACHE, refresh = false, ...analyzeOptions } = options;
  const fingerprint = dataFingerprint(folder.train.products, folder.train.labels);
  const input = {
    ...folder.train,
    taxonomy: folder.taxonomy,
    source: folder.source,
    images: folder.images,
    demo: folder.demo,
    unlabelled: folder.unlabelled.length,
    fingerprint,
  };
  if (cacheDir === false) return { analysis: await analyzeDataset(input, analyzeOptions), cached: false, cacheFile: null };

  const key = await cacheKey(folder, fingerprint, analyzeOptions);
  const cacheFile = resolve(cacheDir, `${sha256(folder.source).slice(0, 16)}.json`);
  if (!refresh) {
    const entry = await readEntry(cacheFile);
    if (entry?.key === key) return { analysis: entry.analysis, cached: true, cacheFile };
  }
  const analysis = await analyzeDataset(input, analyzeOptions);
  await writeEntry(cacheFile, { key, analysis }).catch(() => undefined);
  return { analysis, cached: false, cacheFile };
}

/** The cache key of a folder's analysis with the given options (hex SHA-256). */
export async function cacheKey(folder: ChallengeFolder, fingerprint: string, options: AnalyzeOptions): Promise<string> {
  const imageFolder = join(folder.source, IMAGE_FOLDERS.train);
  const imageFolderMtime = (await stat(imageFolder).catch(() => null))?.mtimeMs ?? null;
  const { train } = folder.images.counts;
  const images = options.images === false ? false : { maxImages: options.images?.maxImages ?? null };
  return sha256(
    JSON.stringify({
      version: ANALYSIS_VERSION,
      packageVersion: packageVersion(),
      fingerprint,
      imageFolder: { mtime: imageFolderMtime, withImage: train.products - train.missing },
      options: { terms: options.terms ?? null, duplicates: options.duplicates ?? null, images, samples: options.samplesPerCategory ?? null, seed: options.seed ?? 0 },
    }),
  );
}

async function readEntry(file: string): Promise<CacheEntry | null> {
  try {
    const entry = JSON.parse(await readFile(file, 'utf8')) as CacheEntry;
    return typeof entry?.key === 'string' && entry.analysis?.format === 'prodclass-dataset-analysis' ? entry : null;
  } catch {
    return null;
  }
}

/** Written beside the target and renamed into place, so a reader never sees half a file. */
async function writeEntry(file: string, entry: CacheEntry): Promise<void> {
  await mkdir(resolve(file, '..'), { recursive: true });
  const staging = `${file}.${process.pid}-${Date.now()}.tmp`;
  try {
    await writeFile(staging, JSON.stringify(entry));
    await rename(staging, file);
  } catch (error) {
    await rm(staging, { force: true });
    throw error;
  }
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
