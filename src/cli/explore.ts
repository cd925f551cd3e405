// `prodclass explore`: analyse a data folder (classes, descriptions, lengths, languages, words, duplicates, images), cached; JSON or a terminal summary.

import type { Command } from 'commander';
import { analyzeFolder, DEFAULT_ANALYSIS_CACHE } from '../analysis/analysis-cache.js';
import type { DatasetAnalysis } from '../analysis/dataset-analysis.js';
import { ProdclassError } from '../core/errors.js';
import type { DisplayLanguage as Language } from '../taxonomy/index.js';
import { intOption, printJson } from './options.js';
import { terminalProgress } from './progress-bar.js';
import { addCatalogOptions, loadCatalogWith, type CatalogCliOptions } from './data-options.js';

interface ExploreCliOptions extends CatalogCliOptions {
  data: string;
  json?: boolean;
  maxImages: number;
  cache: boolean;
  cacheDir: string;
  refresh?: boolean;
  lang: string;
}

/** Checks `--lang`. @throws ProdclassError INVALID_PARAM for anything but en or fr. */
export function languageOption(value: string): Language {
  if (value !== 'en' && value !== 'fr') throw new ProdclassError('INVALID_PARAM', `--lang must be en or fr, got "${value}"`);
  return value;
}

export function registerExplore(program: Command): void {
  const command = program
    .command('explore')
    .description('analyse a data folder: products per category, missing descriptions, lengths, languages, top words, duplicates, images')
    .requiredOption('--data <file|dir>', 'a catalog file or a folder in the challenge layout')
    .option('--json', 'print the whole analysis as one JSON object on stdout')
    .option('--max-images <n>', 'image files decoded for image statistics (a seeded sample beyond that; 0 skips decoding)', intOption('max-images', 0), 1000)
    .option('--no-cache', 'neither read nor write the analysis cache')
    .option('--cache-dir <dir>', 'where analyses are cached', DEFAULT_ANALYSIS_CACHE)
    .option('--refresh', 'recompute even when the cached analysis is up to date')
    .option('--lang <en|fr>', 'language of category names in the summary', 'en');
  addCatalogOptions(command).action(async (options: ExploreCliOptions) => {
      const lang = languageOption(options.lang);
      const progress = terminalProgress();
      const folder = await loadCatalogWith(options.data, options, { requireLabels: false });
      for (const warning of folder.warnings) process.stderr.write(`warning: ${warning}\n`);
      const { analysis, cached, cacheFile } = await analyzeFolder(folder, {
        cacheDir: options.cache ? options.cacheDir : false,
        refresh: options.refresh,
        images: options.maxImages === 0 ? false : { maxImages: options.maxImages },
        progress,
      });
      if (cached) process.stderr.write(`analysis read from the cache ${cacheFile} (data unchanged)\n`);
      if (options.json) printJson(analysis);
      else printAnalysisSummary(analysis, lang, process.stdout);
    });
}

/** A readable summary of an analysis for the terminal. */
export function printAnalysisSummary(a: DatasetAnalysis, lang: Language, out: NodeJS.WritableStream): void {
  const pct = (share: number) => `${(share * 100).toFixed(1)} %`;
  const byCode = new Map(a.categories.map((c) => [c.code, lang === 'fr' ? c.nameFr : c.nameEn]));
  const name = (code: number) => `${byCode.get(code) ?? `category ${code}`} (${code})`;
  const present = a.categories.filter((c) => c.count > 0).sort((x, y) => y.count - x.count);
  const write = (line = '') => out.write(`${line}\n`);
  write(`${a.data.products.toLocaleString('en-US')} labelled products in ${a.data.categoriesPresent} categories${a.data.unlabelled ? ` (${a.data.unlabelled} unlabelled left out)` : ''}${a.data.demo ? ' [demo catalog]' : ''}`);
  write();
  write('Products per category');
  const widest = Math.max(...present.map((c) => name(c.code).length));
  const most = present[0]?.count ?? 1;
  for (const c of present) {
    write(`  ${name(c.code).padEnd(widest)} ${String(c.count).padStart(7)} ${pct(c.share).padStart(7)}  ${'█'.repeat(Math.max(1, Math.round((30 * c.count) / most)))}`);
  }
  write();
  const worst = [...present].sort((x, y) => y.withoutDescriptionShare - x.withoutDescriptionShare).slice(0, 3);
  write(`Without a description: ${pct(a.description.missingShare)} (most: ${worst.map((c) => `${name(c.code)} ${pct(c.withoutDescriptionShare)}`).join('; ')})`);
  const d = a.lengths.designation.overall.summary;
  const e = a.lengths.description.overall.summary;
  write(`Designation length: median ${d.median ?? '-'} characters, 90 % under ${Math.round(d.p90 ?? 0)}; description (when present): median ${e.median ?? '-'}, 90 % under ${Math.round(e.p90 ?? 0)}`);
  write(`Languages: ${a.languages.overall.map((l) => `${l.language} ${pct(l.share)}`).join(', ')}`);
  const dup = a.duplicates;
  write(`Near-duplicate titles: ${dup.groups} groups (${dup.duplicatedProducts} products); ${dup.conflictingGroups} with conflicting labels${dup.conflictPairs[0] ? `, most between ${name(dup.conflictPairs[0].codes[0])} and ${name(dup.conflictPairs[0].codes[1])}` : ''}`);
  if (a.images) {
    const im = a.images;
    write(
      `Images: ${im.withImage} products with one, ${im.missing} without; ${im.analysed} files decoded${im.sampled ? ` (sample of ${im.distinctFiles})` : ''}, ${im.corrupt} corrupt; ` +
        `${im.commonSizes[0] ? `most common size ${im.commonSizes[0].width}×${im.commonSizes[0].height}, ` : ''}median brightness ${im.brightness.summary.median?.toFixed(2) ?? '-'}`,
    );
  }
  write();
  write('Words that mark each category');
  for (const t of a.terms.filter((x) => x.products > 0)) write(`  ${name(t.code).padEnd(widest)} ${t.words.slice(0, 8).map((w) => w.term).join(', ')}`);
  write();
  write(`Analysed in ${a.timings.totalSeconds.toFixed(1)} s. Use --json for every number, or "prodclass report" for charts.`);
}
