// `prodclass gc`: applies the retention policy to a var folder once (what `serve` does at start and every hour).

import { resolve } from 'node:path';
import type { Command } from 'commander';
import { openStorage } from '../storage/storage.js';
import { collectGarbage, DEFAULT_RETENTION, type RetentionPolicy } from '../workflows/retention.js';
import { addCatalogNameOption, catalogStorage } from './catalog-name-option.js';
import { addDatabaseOption, databaseUrlOf } from './database-option.js';
import { intOption, printJson, sizeOption } from './options.js';

export interface RetentionFlags {
  retentionDays: number;
  predictionRetentionDays: number;
  maxVarSize?: number;
}

/** The retention flags serve, start and gc share. */
export function addRetentionOptions(command: Command): Command {
  return command
    .option('--retention-days <n>', "days to keep a finished batch's files (upload, photos, result) and uploaded photos", intOption('retention-days', 1), DEFAULT_RETENTION.fileDays)
    .option('--prediction-retention-days <n>', 'days to keep predictions that received no feedback', intOption('prediction-retention-days', 1), DEFAULT_RETENTION.predictionDays)
    .option('--max-var-size <size>', 'most the var folder may hold (500M, 10G): the oldest removable files go first', sizeOption('max-var-size'));
}

export function retentionPolicy(flags: Partial<RetentionFlags>): RetentionPolicy {
  return {
    fileDays: flags.retentionDays ?? DEFAULT_RETENTION.fileDays,
    predictionDays: flags.predictionRetentionDays ?? DEFAULT_RETENTION.predictionDays,
    maxVarBytes: flags.maxVarSize ?? null,
  };
}

export function registerGc(program: Command): void {
  const command = program
    .command('gc')
    .description('remove what the var folder no longer needs: old batch files and photos, old unreviewed predictions, orphan job folders (never what feedback needs)')
    .option('--var <dir>', 'state folder', 'var')
    .option('--json', 'print the report as JSON');
  addCatalogNameOption(command, 'clean alone: only its old predictions and its finished jobs\' files (default: the whole var folder, every catalog)');
  addRetentionOptions(addDatabaseOption(command)).action(async (options: RetentionFlags & { var: string; database?: string; json?: boolean; catalog?: string }) => {
    const varDir = resolve(options.var);
    const storage = await openStorage(varDir, { databaseUrl: databaseUrlOf(options) });
    try {
      // Without --catalog, the var folder as a whole; with it (even "default"), that catalog's rows and jobs only.
      const only = options.catalog === undefined ? null : await catalogStorage(storage, options.catalog);
      const report = await collectGarbage(only ?? storage, varDir, retentionPolicy(options), { catalogOnly: only !== null });
      if (options.json) printJson(report);
      else {
        process.stdout.write(
          `removed ${report.orphanFolders} orphan job folders, the files of ${report.expiredJobs} finished jobs, ${report.predictions} predictions and ` +
            `${report.files} files, ${report.dataCaches} cached data sets and ${report.datasets} data sets stored for workers ` +
            `(${(report.bytesFreed / 1024 ** 2).toFixed(1)} MB)${report.sharedPhotos > 0 ? `, and ${report.sharedPhotos} photos from the database` : ''}; ` +
            `${options.var} now holds ${(report.varBytes / 1024 ** 2).toFixed(1)} MB\n`,
        );
      }
    } finally {
      await storage.close();
    }
  });
}
