// `prodclass report`: write one self-contained HTML file with the dataset analysis and the comparison of saved models.

import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { DEFAULT_ANALYSIS_CACHE } from '../analysis/analysis-cache.js';
import { findModelDirs } from '../analysis/models-summary.js';
import { ProdclassError, type ErrorCode } from '../core/errors.js';
import { buildReport } from '../report/build-report.js';
import { languageOption } from './explore.js';
import { intOption } from './options.js';
import { terminalProgress } from './progress-bar.js';
import { addCatalogOptions, loadCatalogWith, type CatalogCliOptions } from './data-options.js';

interface ReportCliOptions extends CatalogCliOptions {
  data: string;
  models?: string;
  modelsDir?: string;
  tuneLog?: string;
  out: string;
  jsonOut?: string;
  lang: string;
  photos: boolean;
  maxImages: number;
  cache: boolean;
  cacheDir: string;
  refresh?: boolean;
}

export function registerReport(program: Command): void {
  const command = program
    .command('report')
    .description('write a self-contained HTML report (charts inline, no network needed) of the data and the models')
    .requiredOption('--data <file|dir>', 'a catalog file or a folder in the challenge layout')
    .option('--models <dirs>', 'model folders to compare, comma-separated')
    .option('--models-dir <dir>', 'compare every model folder under this folder')
    .option('--tune-log <file>', 'hyperparameter search log to chart (else one found beside each model is used)')
    .requiredOption('--out <file>', 'HTML file to write')
    .option('--json-out <file>', 'also write the analysis and the models summary as JSON')
    .option('--lang <en|fr>', 'language of category names', 'en')
    .option('--no-photos', 'leave sample photos out (a smaller file)')
    .option('--max-images <n>', 'image files decoded for image statistics (0 skips decoding)', intOption('max-images', 0), 1000)
    .option('--no-cache', 'neither read nor write the analysis cache')
    .option('--cache-dir <dir>', 'where analyses are cached', DEFAULT_ANALYSIS_CACHE)
    .option('--refresh', 'recompute the analysis even when the cached one is up to date');
  addCatalogOptions(command).action(async (options: ReportCliOptions) => {
      const lang = languageOption(options.lang);
      const explicit = (options.models ?? '').split(',').map((d) => d.trim()).filter(Boolean).map((d) => resolve(d));
      const found = options.modelsDir ? await findModelDirs(options.modelsDir) : [];
      if (options.modelsDir && found.length === 0) process.stderr.write(`warning: no model folder (with manifest.json) under ${resolve(options.modelsDir)}\n`);
      const modelDirs = [...new Set([...explicit, ...found])];
      const progress = terminalProgress();
      const report = await buildReport({
        data: await loadCatalogWith(options.data, options, { requireLabels: false }),
        modelDirs,
        tuneLog: options.tuneLog,
        lang,
        photos: options.photos,
        analysis: {
          cacheDir: options.cache ? options.cacheDir : false,
          refresh: options.refresh,
          images: options.maxImages === 0 ? false : { maxImages: options.maxImages },
        },
        progress,
      });
      for (const skipped of report.models?.skipped ?? []) {
        // A folder named on the command line must be readable; one found by scanning is only a warning.
        if (explicit.includes(skipped.dir)) throw new ProdclassError(skipped.code as ErrorCode, skipped.message);
        process.stderr.write(`warning: skipped ${skipped.dir}: ${skipped.message}\n`);
      }
      const out = resolve(options.out);
      await mkdir(dirname(out), { recursive: true });
      await writeFile(out, report.html);
      if (options.jsonOut) {
        await mkdir(dirname(resolve(options.jsonOut)), { recursive: true });
        await writeFile(resolve(options.jsonOut), `${JSON.stringify({ analysis: report.analysis, models: report.models }, null, 2)}\n`);
      }
      const size = Buffer.byteLength(report.html) / 2 ** 20;
      process.stderr.write(
        `wrote ${out} (${size.toFixed(1)} MiB): ${report.analysis.data.products} products, ${report.models?.models.length ?? 0} model(s)${report.cached ? ', analysis from the cache' : ''}\n`,
      );
    });
}
