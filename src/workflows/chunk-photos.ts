// The photos of a queued chunk's rows, as a worker finds them: uploaded ones from the database, a catalog file's URLs fetched.

import { basename } from 'node:path';
import { cachedImagePath, photoLocation } from '../data/catalog-images.js';
import { imageFileName } from '../data/image-index.js';
import type { Product } from '../data/product.js';
import { fetchRemoteImages, type FetchImagesReport } from '../data/remote-images.js';
import type { Storage } from '../storage/storage.js';
import { jobPaths } from './job-folder.js';
import { photoCacheDir, type JobPhotosReport } from './job-photos.js';
import { fetchJobImages } from './shared-job-files.js';

/** What a chunk's photo cells could not give, and what its fetches did: the API host adds the chunks' up (addChunkPhotos). */
export interface ChunkPhotoReport {
  fetched: number;
  cached: number;
  /** Every URL of the chunk that could not be had, and why. */
  failed: { url: string; reason: string }[];
  /** Every cell of the chunk naming a file the upload did not bring. */
  notUploaded: string[];
}

export interface ChunkPhotos {
  /** The local file of a row's photo, or null: the row is classified from its text. */
  imageOf(product: Product): string | null;
  /** For a catalog file's rows; null for a challenge upload's (photos named by product, all uploaded). */
  report: ChunkPhotoReport | null;
}

/**
 * Finds the photos of `products` into this worker's own var folder. A challenge upload's rows name their photo by
 * product (imageFileName): fetched from the job's files in the database. A catalog file's rows give a photo cell: a URL
 * is fetched (once per worker: its cache is `<var>/cache/images`, as an API host's) with the same limits, refusals and
 * per-row reports as an in-process job (fetchRemoteImages), private addresses only when the API host allows them; a
 * path is the uploaded file of that name, as an API host finds it by its file name in the job's images.
 * @throws Error when the database cannot be read or the cache written (a photo that cannot be had is reported, not thrown).
 */
export async function findChunkPhotos(storage: Storage, jobId: string, products: readonly Product[], varDir: string, catalog: { allowPrivate: boolean } | null): Promise<ChunkPhotos> {
  const imagesDir = jobPaths(varDir, jobId).images;
  if (!catalog) {
    const images = await fetchJobImages(storage, jobId, products.map(imageFileName), imagesDir);
    return { imageOf: (p) => images.get(imageFileName(p)) ?? null, report: null };
  }
  const cacheDir = photoCacheDir(varDir);
  const urls: string[] = [];
  const files = new Map<string, string>();
  for (const cell of new Set(products.map((p) => p.imageid.trim()).filter((c) => c !== ''))) {
    // The base folder is never read: a path cell is looked up by its file name among the job's stored photos only.
    const where = photoLocation(imagesDir, cell);
    if (where && 'url' in where) urls.push(where.url);
    else files.set(cell, basename(cell.replaceAll('\\', '/')));
  }
  const found = new Map<string, string>();
  const report: ChunkPhotoReport = { fetched: 0, cached: 0, failed: [], notUploaded: [] };
  if (files.size > 0) {
    const stored = await fetchJobImages(storage, jobId, files.values(), imagesDir);
    for (const [cell, name] of files) {
      const path = stored.get(name);
      if (path) found.set(cell, path);
      else report.notUploaded.push(cell);
    }
  }
  if (urls.length > 0) {
    const fetched = await fetchOnce(urls, cacheDir, catalog.allowPrivate);
    Object.assign(report, fetched);
    const failed = new Set(fetched.failed.map((f) => f.url));
    for (const url of urls) if (!failed.has(url)) found.set(url, cachedImagePath(cacheDir, url));
  }
  return { imageOf: (p) => found.get(p.imageid.trim()) ?? null, report };
}

/** The fetches under way in this process, by cache folder, permission and URL: chunks taken together name the same URLs. */
const inFlight = new Map<string, Promise<FetchImagesReport>>();

/**
 * Fetches `urls` (fetchRemoteImages), each once in this process: a URL another chunk is fetching now is waited for, and
 * counted as cached when that fetch had it, as failed with its reason when not.
 */
async function fetchOnce(urls: readonly string[], cacheDir: string, allowPrivate: boolean): Promise<FetchImagesReport> {
  const key = (url: string) => `${cacheDir}\n${allowPrivate}\n${url}`;
  const mine = urls.filter((url) => !inFlight.has(key(url)));
  const waited = new Map(urls.filter((url) => inFlight.has(key(url))).map((url) => [url, inFlight.get(key(url))!]));
  const own = fetchRemoteImages(mine, { cacheDir, allowPrivate });
  for (const url of mine) inFlight.set(key(url), own);
  try {
    const report = await own;
    for (const [url, other] of waited) {
      const failure = (await other).failed.find((f) => f.url === url);
      if (failure) report.failed.push(failure);
      else report.cached++;
    }
    return report;
  } finally {
    for (const url of mine) if (inFlight.get(key(url)) === own) inFlight.delete(key(url));
  }
}

/** How many not-uploaded cells a job's report lists, as an in-process job's does. */
const LISTED = 20;

/**
 * A queued catalog job's photo report from its chunks' (`cells`: the distinct photo cells of the whole file): what
 * the in-process job reports, each URL and cell counted once however many chunks named it.
 */
export function jobPhotosReport(cells: number, chunks: readonly ChunkPhotoReport[]): JobPhotosReport {
  const failed = new Map<string, string>();
  const notUploaded = new Set<string>();
  let fetched = 0;
  let cached = 0;
  for (const chunk of chunks) {
    fetched += chunk.fetched;
    cached += chunk.cached;
    for (const f of chunk.failed) if (!failed.has(f.url)) failed.set(f.url, f.reason);
    for (const cell of chunk.notUploaded) notUploaded.add(cell);
  }
  const fetch = chunks.some((c) => c.fetched + c.cached + c.failed.length > 0) ? { fetched, cached, failed: [...failed].map(([url, reason]) => ({ url, reason })) } : null;
  return { cells, found: cells - failed.size - notUploaded.size, fetch, notUploaded: [...notUploaded].slice(0, LISTED) };
}
