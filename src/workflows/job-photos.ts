// The photo of each row of an uploaded catalog: a file that came with the upload, or a URL fetched once into a cache.

import { basename, join } from 'node:path';
import { photoLocation, cachedImagePath } from '../data/catalog-images.js';
import { fetchRemoteImages, type FetchImagesOptions, type FetchImagesReport } from '../data/remote-images.js';
import { indexJobImages, type JobPaths } from './job-folder.js';
import { realPathInside, resolveInside } from './safe-path.js';

export interface JobPhotos {
  /** The local file of a photo cell, or null (no photo, not uploaded, or not fetched): that row is classified from its text. */
  pathOf(cell: string): string | null;
  /** What the cells asked for and what could not be had. */
  report: JobPhotosReport;
}

export interface JobPhotosReport {
  /** Distinct photo cells. */
  cells: number;
  /** Distinct cells with a local file. */
  found: number;
  fetch: FetchImagesReport | null;
  /** Cells naming a file the upload did not bring (the first 20). */
  notUploaded: string[];
}

const LISTED = 20;

/** Where a server keeps the photos its batches fetched, shared by jobs so that each URL is fetched once. */
export function photoCacheDir(varDir: string): string {
  return join(varDir, 'cache', 'images');
}

/**
 * Finds the photo of every distinct cell. A path is looked for inside the job's images (as written, then by its file
 * name, since zips are often made one folder above or below the file's references); an absolute path is looked up
 * by its file name only, so an upload can never make the server read its own files. URLs are fetched (unless
 * already cached) with `fetch`'s limits; private addresses stay refused unless it allows them. Failures are
 * reported, never thrown.
 */
export async function locateJobPhotos(paths: JobPaths, cells: readonly string[], fetch: FetchImagesOptions & { cacheDir: string }): Promise<JobPhotos> {
  const index = await indexJobImages(paths);
  const distinct = [...new Set(cells.map((c) => c.trim()).filter((c) => c !== ''))];
  const found = new Map<string, string>();
  const urls: string[] = [];
  const notUploaded: string[] = [];
  for (const cell of distinct) {
    const where = photoLocation(paths.images, cell);
    if (where === null) continue;
    if ('url' in where) {
      urls.push(where.url);
      continue;
    }
    const local = (await asWritten(paths.images, cell)) ?? index.get(basename(cell.replaceAll('\\', '/'))) ?? null;
    if (local) found.set(cell, local);
    else if (notUploaded.length < LISTED) notUploaded.push(cell);
  }
  let report: FetchImagesReport | null = null;
  if (urls.length > 0) {
    report = await fetchRemoteImages(urls, fetch);
    const failed = new Set(report.failed.map((f) => f.url));
    for (const url of urls) if (!failed.has(url)) found.set(url, cachedImagePath(fetch.cacheDir, url));
  }
  return {
    pathOf: (cell) => found.get(cell.trim()) ?? null,
    report: { cells: distinct.length, found: found.size, fetch: report, notUploaded },
  };
}

/** The upload's file at the cell's relative path, when there is one inside the job's images. */
async function asWritten(images: string, cell: string): Promise<string | null> {
  try {
    return await realPathInside(images, resolveInside(images, cell));
  } catch {
    return null;
  }
}
