// The options of every command that reads a catalog: columns, encoding, taxonomy and how labels are read.

import type { Command } from 'commander';
import type { CatalogReading } from '../data/catalog.js';
import { loadCatalog, type LoadCatalogOptions } from '../data/load-catalog.js';
import type { Catalog } from '../data/catalog.js';
import { MAPPING_FORM, parseColumnMapping, type ColumnMapping } from '../data/table/index.js';
import { readTaxonomy, type Taxonomy } from '../taxonomy/index.js';
import { intOption } from './options.js';

/** What commander hands over for the options `addCatalogOptions` declares. */
export interface CatalogCliOptions {
  columns?: ColumnMapping;
  encoding?: string;
  delimiter?: string;
  sheet?: string;
  taxonomy?: string;
  labelSeparator?: string;
  labelDepth?: number;
}

/** Declares the catalog-reading options on `command`. */
export function addCatalogOptions(command: Command, options: { taxonomy?: boolean } = {}): Command {
  command
    .option('--columns <mapping>', `which column holds what, e.g. ${MAPPING_FORM} (default: found by their usual names)`, parseColumnMapping)
    .option('--encoding <name>', 'text encoding of the file (default: detected; utf-8, utf-16le, latin1, windows-1252...)')
    .option('--delimiter <char>', 'field delimiter of a CSV/TSV file (default: sniffed)')
    .option('--sheet <name>', 'worksheet of an .xlsx file (default: the first)')
    .option('--label-separator <text>', 'what separates the levels of a category path in the label column (default " > ")')
    .option('--label-depth <n>', 'keep only the first N levels of each category path', intOption('label-depth', 1, 100));
  if (options.taxonomy !== false) {
    command.option('--taxonomy <file>', "the categories: Google's taxonomy(-with-ids) file, Shopify's categories.txt, an id,name,parent CSV (default: learnt from the labels)");
  }
  return command;
}

/**
 * Loads the catalog at `path` with the command's options. `recorded` is how a model read its own data (its card):
 * options the user leaves out default to it, so evaluating or retraining reads a file as training did.
 * `taxonomy` (a model's) wins over `--taxonomy`.
 */
export async function loadCatalogWith(
  path: string,
  cli: CatalogCliOptions,
  extra: { requireLabels?: boolean; taxonomy?: Taxonomy; recorded?: Partial<CatalogReading> | null; limit?: number } = {},
): Promise<Catalog> {
  const recorded = extra.recorded ?? {};
  const options: LoadCatalogOptions = {
    columns: cli.columns ?? (recorded.columns as ColumnMapping | undefined),
    encoding: cli.encoding,
    delimiter: cli.delimiter,
    sheet: cli.sheet,
    separator: cli.labelSeparator ?? recorded.separator,
    depth: cli.labelDepth ?? recorded.depth,
    taxonomy: extra.taxonomy ?? (cli.taxonomy ? await readTaxonomy(cli.taxonomy) : undefined),
    requireLabels: extra.requireLabels,
    limit: extra.limit,
  };
  return loadCatalog(path, options);
}
