// Read a taxonomy file of any supported format: a saved prodclass taxonomy, a path list, or an id,name,parent CSV.

import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { ProdclassError } from '../core/errors.js';
import { parseCsvTaxonomy } from './csv-taxonomy.js';
import { parsePathList } from './path-list.js';
import { Taxonomy } from './taxonomy.js';

/**
 * `.json`: a taxonomy saved by prodclass; `.csv`/`.tsv`: `id,name,parent`; anything else: one full path a line
 * (Google's `taxonomy-with-ids.*.txt` or `taxonomy.*.txt`, Shopify's `categories.txt`). The language of a path
 * list's names comes from a locale in the file name (`taxonomy.fr-FR.txt`), else English.
 * @throws ProdclassError DATA_NOT_FOUND for a missing file, and the parse errors of each format.
 */
export async function readTaxonomy(file: string): Promise<Taxonomy> {
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new ProdclassError('DATA_NOT_FOUND', `cannot read the taxonomy file ${file}: ${error.code ?? error.message}`);
  });
  const ext = extname(file).toLowerCase();
  const name = basename(file, extname(file));
  const language = /[._-]([a-z]{2})(?:[-_][A-Z]{2})?$/.exec(name)?.[1] ?? 'en';
  if (ext === '.json') return Taxonomy.fromJSON(JSON.parse(text));
  if (ext === '.csv' || ext === '.tsv') return new Taxonomy(parseCsvTaxonomy(text, file, language), { name });
  return new Taxonomy(parsePathList(text.replace(/^\uFEFF/, ''), file, language), { name });
}
