// `prodclass taxonomy diff`: what a new version of a taxonomy changes, for a model and for the feedback it received.

import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { readManifest } from '../core/model-folder.js';
import { readModelTaxonomy, TAXONOMY_FILE } from '../models/model-store.js';
import { openStorage } from '../storage/storage.js';
import { diffTaxonomies, readTaxonomy, readTaxonomyMapping, type ChangeKind, type Taxonomy } from '../taxonomy/index.js';
import { catalogStorage } from './catalog-name-option.js';
import { databaseUrlOf } from './database-option.js';
import { printJson } from './options.js';

interface DiffCliOptions {
  from: string;
  to: string;
  mapping?: string;
  var?: string;
  database?: string;
  catalog?: string;
  json?: boolean;
}

/** What the change means for one model: its classes and validation products in categories that change. */
interface ModelImpact {
  modelId: string;
  classes: number;
  classesChanged: Partial<Record<ChangeKind, number>>;
  validationRows: number;
  validationRowsInChangedCategories: number;
}

export function registerTaxonomy(program: Command): void {
  const taxonomy = program.command('taxonomy').description('taxonomy versions: what a new version changes');
  taxonomy
    .command('diff')
    .description('compare a new taxonomy version with a model\'s (or an older file): renamed, moved, merged, split, removed categories')
    .requiredOption('--from <model-dir|file>', 'a model folder (its taxonomy) or a taxonomy file')
    .requiredOption('--to <file>', 'the new taxonomy file')
    .option('--mapping <file>', 'CSV old,new: where categories went (several rows for one old category split it; an empty new removes it)')
    .option('--var <dir>', 'also count the feedback of this var folder that points at changed categories')
    .option('--database <url>', 'also count the feedback of this PostgreSQL database (default PRODCLASS_DATABASE_URL when --var is given)')
    .option('--catalog <name>', "count the feedback of this catalog of the server (default: the default catalog; implies --var var when neither --var nor --database is given)")
    .option('--json', 'print one JSON object')
    .action(async (options: DiffCliOptions) => {
      const fromModel = existsSync(join(options.from, 'manifest.json'));
      const old: Taxonomy = fromModel ? await readModelTaxonomy(options.from) : await readTaxonomy(options.from);
      const next = await readTaxonomy(options.to);
      const diff = diffTaxonomies(old, next, options.mapping ? await readTaxonomyMapping(options.mapping) : undefined);
      const changedKind = new Map(diff.changes.filter((c) => c.kind !== 'unchanged').map((c) => [c.from.key, c.kind]));

      let model: ModelImpact | null = null;
      if (fromModel) {
        const { card } = await readManifest(options.from);
        const classes = card.data?.classes ?? [];
        const classesChanged: Partial<Record<ChangeKind, number>> = {};
        for (const key of classes) {
          const kind = changedKind.get(key);
          if (kind) classesChanged[kind] = (classesChanged[kind] ?? 0) + 1;
        }
        const truth = ((card.extra.validationPredictions as { truth?: number[] } | undefined)?.truth ?? []) as number[];
        model = {
          modelId: card.modelId,
          classes: classes.length,
          classesChanged,
          validationRows: truth.length,
          validationRowsInChangedCategories: truth.filter((k) => changedKind.has(k)).length,
        };
      }
      let feedback: { rows: number; inChangedCategories: number; remappable: number } | null = null;
      if (options.var || options.database || options.catalog) {
        const storage = await openStorage(resolve(options.var ?? 'var'), { databaseUrl: databaseUrlOf(options) });
        try {
          const rows = await (await catalogStorage(storage, options.catalog)).feedback.latestPerPrediction();
          const affected = rows.filter((f) => changedKind.has(f.correctCode));
          feedback = { rows: rows.length, inChangedCategories: affected.length, remappable: affected.filter((f) => diff.keyMap.has(f.correctCode)).length };
        } finally {
          await storage.close();
        }
      }
      const changes = diff.changes.filter((c) => c.kind !== 'unchanged');
      if (options.json) {
        printJson({ from: { taxonomy: old.name, categories: old.size, file: fromModel ? join(options.from, TAXONOMY_FILE) : options.from }, to: { taxonomy: next.name, categories: next.size }, counts: diff.counts, changes, added: diff.added, model, feedback });
        return;
      }
      const out = (line = '') => process.stdout.write(`${line}\n`);
      out(`${old.size} categories -> ${next.size}: ${Object.entries(diff.counts).map(([k, n]) => `${n} ${k}`).join(', ')}, ${diff.added.length} added`);
      for (const c of changes.slice(0, 50)) out(`  ${c.kind.padEnd(8)} ${c.from.path}${c.to.length ? ` -> ${c.to.map((t) => t.path).join(' | ')}` : ''}`);
      if (changes.length > 50) out(`  ... and ${changes.length - 50} more (--json lists them all)`);
      if (model) {
        const kinds = Object.entries(model.classesChanged).map(([k, n]) => `${n} ${k}`).join(', ') || 'none';
        out(`model ${model.modelId}: ${kinds} of its ${model.classes} categories change; ${model.validationRowsInChangedCategories} of its ${model.validationRows} validation products are in them`);
      }
      if (feedback) out(`feedback: ${feedback.inChangedCategories} of ${feedback.rows} rows point at changed categories; ${feedback.remappable} of them map to one new category`);
    });
}
