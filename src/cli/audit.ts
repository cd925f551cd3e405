// `prodclass audit`: list the products of a labelled catalog that are probably filed in the wrong category.

import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { modelKindNames } from '../models/model-kinds.js';
import '../models/registrations.js';
import { auditCsv, auditJson } from '../workflows/audit/audit-output.js';
import { STACKING_MAX_CLASSES } from '../models/compose/stacking.js';
import { auditCatalog, DEFAULT_AUDIT_KINDS, MANY_CATEGORIES_AUDIT_KINDS } from '../workflows/audit/label-audit.js';
import { addCatalogOptions, loadCatalogWith, type CatalogCliOptions } from './data-options.js';
import { intOption, printJson } from './options.js';
import { terminalProgress } from './progress-bar.js';

interface AuditCliOptions extends CatalogCliOptions {
  data: string;
  model?: string;
  out?: string;
  seed: number;
  folds: number;
  json?: boolean;
}

export function registerAudit(program: Command): void {
  const command = program
    .command('audit')
    .description('find the products already filed in the wrong category (out-of-fold confident learning and copies filed apart)')
    .requiredOption('--data <file|dir>', 'a labelled catalog file or a folder in the Rakuten challenge layout')
    .option(
      '--model <kinds>',
      `model kind, or several separated by commas whose probabilities are averaged (${modelKindNames().join(', ')}); ` +
        `default ${DEFAULT_AUDIT_KINDS.join(',')}, or ${MANY_CATEGORIES_AUDIT_KINDS.join(',')} above ${STACKING_MAX_CLASSES} categories`,
    )
    .option('--out <file>', 'write the suspects as CSV to this file')
    .option('--seed <n>', 'seed of the folds and models', intOption('seed', 0, 2 ** 32 - 1), 42)
    .option('--folds <k>', 'number of folds', intOption('folds', 2, 20), 5)
    .option('--json', 'print { suspects, noise } as JSON on stdout');
  addCatalogOptions(command).action(async (options: AuditCliOptions) => {
    const catalog = await loadCatalogWith(options.data, options, { requireLabels: true });
    for (const warning of catalog.warnings) process.stderr.write(`warning: ${warning}\n`);
    const { products, labels } = catalog.train;
    const report = await auditCatalog({
      products,
      labels,
      taxonomy: catalog.taxonomy,
      images: catalog.images,
      kinds: options.model?.split(',').map((kind) => kind.trim()).filter(Boolean),
      seed: options.seed,
      folds: options.folds,
      // The challenge layout's index column is not a row number; a catalog file's products carry theirs.
      rowOf: catalog.format === 'challenge' ? (position) => position + 1 : (position) => products[position].index,
      progress: terminalProgress(),
    });
    if (options.out) await writeFile(options.out, auditCsv(report, catalog.taxonomy));
    if (options.json) printJson(auditJson(report));
    else {
      process.stderr.write(
        `${report.suspects.length} suspects among ${products.length} products; confident learning estimates ${report.estimatedIssues} wrong labels (${report.seconds.toFixed(0)} s)\n`,
      );
      for (const s of report.suspects.slice(0, 20)) {
        process.stdout.write(`${s.score.toFixed(3)}  ${s.id}  ${s.given} -> ${s.suggested}  ${s.title.slice(0, 70)}\n`);
      }
      if (options.out) process.stderr.write(`wrote ${report.suspects.length} suspects to ${options.out}\n`);
    }
  });
}
