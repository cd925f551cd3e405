// The HTML report as a download: the explored data's analysis and the registered models, rendered once per language until either changes.

import { join } from 'node:path';
import type { DatasetAnalysis } from '../analysis/dataset-analysis.js';
import { isProdclassError } from '../core/errors.js';
import type { DisplayLanguage as Language } from '../taxonomy/index.js';
import { thumbnailDataUri } from '../image/image-thumbnail.js';
import { renderReport } from '../report/html-report.js';
import type { ExploreData } from './explore-data.js';
import type { ModelInsights } from './model-insights.js';

/** Sample photos embedded per category, as `prodclass report` does. */
const PHOTOS_PER_CATEGORY = 6;

export interface ReportOptions {
  lang: Language;
  photos: boolean;
}

/** Renders the report from the analysis and models summary the pages use (no second analysis, no second latency run). */
export class ReportDownload {
  private last: { key: string; html: Promise<string> } | null = null;

  constructor(
    private readonly explore: ExploreData,
    private readonly insights: ModelInsights,
  ) {}

  /** @throws ProdclassError DATA_NOT_FOUND without a data folder, and the analysis errors. */
  async html(options: ReportOptions): Promise<string> {
    const { analysis } = await this.explore.ready();
    const { report } = await this.insights.summary();
    const key = JSON.stringify([options, analysis.data.source, analysis.createdAt, report.models.map((m) => m.id)]);
    if (this.last?.key !== key) {
      const html = (async () => {
        const thumbnails = options.photos ? await sampleThumbnails(analysis) : new Map<string, string>();
        return renderReport({ analysis, models: report.models.length > 0 ? report : null, lang: options.lang, thumbnails });
      })();
      this.last = { key, html };
      html.catch(() => {
        if (this.last?.html === html) this.last = null;
      });
    }
    return this.last.html;
  }
}

/**
 * Thumbnails of each category's first sample photos, four at a time; unreadable photos are left out. (The same
 * as src/report/build-report.ts does for the CLI, which loads the folder itself.)
 */
async function sampleThumbnails(analysis: DatasetAnalysis): Promise<Map<string, string>> {
  const paths = analysis.samples.flatMap((s) => s.images.slice(0, PHOTOS_PER_CATEGORY).flatMap((p) => (p.image ? [p.image] : [])));
  const out = new Map<string, string>();
  let next = 0;
  const worker = async () => {
    while (next < paths.length) {
      const path = paths[next++];
      try {
        out.set(path, await thumbnailDataUri(join(analysis.data.source, path)));
      } catch (error) {
        if (!isProdclassError(error)) throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(4, paths.length) }, worker));
  return out;
}
