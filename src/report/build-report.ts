// Builds the report end to end from a data folder and model folders: the analysis (cached), the models summary, sample thumbnails, the HTML.

import { join } from 'node:path';
import { analyzeFolder, type FolderAnalysisOptions } from '../analysis/analysis-cache.js';
import type { DatasetAnalysis } from '../analysis/dataset-analysis.js';
import { summarizeModels, type ModelsSummary, type SummarizeModelsOptions } from '../analysis/models-summary.js';
import { isProdclassError } from '../core/errors.js';
import { silentProgress, type Progress } from '../core/progress.js';
import type { Catalog } from '../data/catalog.js';
import type { DisplayLanguage as Language } from '../taxonomy/index.js';
import { thumbnailDataUri } from '../image/image-thumbnail.js';
import { renderReport } from './html-report.js';

export interface BuildReportOptions {
  /** The loaded data (a catalog file or the challenge folder). */
  data: Catalog;
  /** Model folders to compare (none: the report has no models part). */
  modelDirs?: readonly string[];
  tuneLog?: string;
  lang?: Language;
  /** Embed sample photos (default true). */
  photos?: boolean;
  /** Photos per category (default 6). */
  photosPerCategory?: number;
  analysis?: Omit<FolderAnalysisOptions, 'progress'>;
  latency?: SummarizeModelsOptions['latency'];
  progress?: Progress;
}

export interface BuiltReport {
  html: string;
  analysis: DatasetAnalysis;
  models: ModelsSummary | null;
  /** Whether the analysis came from the cache. */
  cached: boolean;
}

/**
 * Analyses `data` (from the cache when it has not changed), summarises the models on it (timing
 * their predictions on its first products), embeds sample photos and renders the HTML.
 * @throws the errors of summarizeModels (an unreadable tune log).
 */
export async function buildReport(options: BuildReportOptions): Promise<BuiltReport> {
  const progress = options.progress ?? silentProgress;
  const folder = options.data;
  const { analysis, cached } = await analyzeFolder(folder, { ...options.analysis, progress });
  const modelDirs = options.modelDirs ?? [];
  const models =
    modelDirs.length > 0
      ? await summarizeModels(modelDirs, {
          data: { ...folder.train, images: folder.images, fingerprint: analysis.data.fingerprint },
          tuneLog: options.tuneLog,
          latency: options.latency,
          progress,
        })
      : null;
  const thumbnails = options.photos === false ? new Map<string, string>() : await sampleThumbnails(analysis, folder.source, options.photosPerCategory ?? 6, progress);
  const html = renderReport({ analysis, models, lang: options.lang, thumbnails });
  return { html, analysis, models, cached };
}

/** Thumbnails of the first sample photos of each category, four at a time; unreadable photos are skipped. */
async function sampleThumbnails(analysis: DatasetAnalysis, dataDir: string, perCategory: number, progress: Progress): Promise<Map<string, string>> {
  const paths = analysis.samples.flatMap((s) => s.images.slice(0, perCategory).flatMap((p) => (p.image ? [p.image] : [])));
  const out = new Map<string, string>();
  const task = progress.task('sample photos', paths.length);
  let next = 0;
  const worker = async () => {
    while (next < paths.length) {
      const path = paths[next++];
      try {
        out.set(path, await thumbnailDataUri(join(dataDir, path)));
      } catch (error) {
        if (!isProdclassError(error)) throw error;
      }
      task.tick();
    }
  };
  await Promise.all(Array.from({ length: Math.min(4, paths.length) }, worker));
  task.done();
  return out;
}
