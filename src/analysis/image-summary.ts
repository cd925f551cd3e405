// Image statistics of a dataset: how many products lack a photo, and the size, shape and brightness of (a sample of) the photos.

import { relative } from 'node:path';
import { isProdclassError } from '../core/errors.js';
import { Rng } from '../core/rng.js';
import { imageStats, type ImageStats } from '../image/image-stats.js';
import type { ImageAnalysis, ValueDistribution } from './dataset-analysis-types.js';
import { histogram, linearEdges, summarize } from './histogram.js';

export interface ImageAnalysisOptions {
  /** Most distinct image files decoded (a seeded random sample beyond that; default 1000, Infinity for all). */
  maxImages?: number;
  /** Images decoded at once (default 4). */
  concurrency?: number;
  seed?: number;
  /** Called after each decoded image, for progress bars. */
  onImage?: () => void;
}

/**
 * Decodes up to `maxImages` distinct files of `paths` (null where a product has no image) with bounded
 * concurrency and summarises them. A file that fails to decode is counted in `corrupt`, never thrown.
 * @param dataDir the data folder, to report corrupt files by relative path
 */
export async function imageAnalysis(paths: readonly (string | null)[], dataDir: string, options: ImageAnalysisOptions = {}): Promise<ImageAnalysis> {
  const maxImages = options.maxImages ?? 1000;
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const distinct = [...new Set(paths.filter((p): p is string => p !== null))].sort();
  const withImage = paths.reduce((n, p) => n + (p === null ? 0 : 1), 0);
  const chosen = distinct.length > maxImages ? new Rng(options.seed ?? 0).shuffle([...distinct]).slice(0, maxImages) : distinct;

  const stats: ImageStats[] = [];
  const corruptFiles: { file: string; reason: string }[] = [];
  let corrupt = 0;
  let next = 0;
  const worker = async () => {
    while (next < chosen.length) {
      const path = chosen[next++];
      try {
        stats.push(await imageStats(path));
      } catch (error) {
        if (!isProdclassError(error, 'IMAGE_INVALID') && !isProdclassError(error, 'DATA_NOT_FOUND')) throw error;
        corrupt++;
        if (corruptFiles.length < 20) corruptFiles.push({ file: relative(dataDir, path), reason: error.message.replace(`${path} `, '') });
      }
      options.onImage?.();
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, chosen.length) }, worker));
  corruptFiles.sort((a, b) => (a.file < b.file ? -1 : 1));

  const sizes = new Map<string, { width: number; height: number; count: number }>();
  const formats = new Map<string, number>();
  for (const s of stats) {
    const key = `${s.width}x${s.height}`;
    const entry = sizes.get(key) ?? { width: s.width, height: s.height, count: 0 };
    entry.count++;
    sizes.set(key, entry);
    formats.set(s.format, (formats.get(s.format) ?? 0) + 1);
  }
  const distribution = (values: number[], edges: number[]): ValueDistribution => ({ summary: summarize(values), histogram: histogram(values, edges) });
  return {
    products: paths.length,
    withImage,
    missing: paths.length - withImage,
    distinctFiles: distinct.length,
    analysed: chosen.length,
    sampled: chosen.length < distinct.length,
    corrupt,
    corruptFiles,
    width: summarize(stats.map((s) => s.width)),
    height: summarize(stats.map((s) => s.height)),
    commonSizes: [...sizes.values()].sort((a, b) => b.count - a.count || a.width - b.width || a.height - b.height).slice(0, 10),
    formats: [...formats].map(([format, count]) => ({ format, count })).sort((a, b) => b.count - a.count || (a.format < b.format ? -1 : 1)),
    aspect: distribution(stats.map((s) => (s.height > 0 ? s.width / s.height : 0)), linearEdges(0.25, 2.5, 0.125)),
    brightness: distribution(stats.map((s) => s.brightness), linearEdges(0, 1, 0.05)),
    whiteBorder: distribution(stats.map((s) => s.whiteBorder), linearEdges(0, 1, 0.05)),
    fileBytes: summarize(stats.map((s) => s.bytes)),
  };
}
