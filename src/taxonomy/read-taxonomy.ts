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
 * @param shownAs the file's name in errors and its format's clues, when not `file` (an upload, saved under another name).
 * @throws ProdclassError DATA_NOT_FOUND for a missing file, and the parse errors of each format.
 */
export async function readTaxonomy(file: string, shownAs = file): Promise<Taxonomy> {
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new ProdclassError('DATA_NOT_FOUND', `cannot read the taxonomy file ${shownAs}: ${error.code ?? error.message}`);
  });
  const ext = extname(shownAs).toLowerCase();
  const name = basename(shownAs, extname(shownAs));
  const language = /[._-]([a-z]{2})(?:[-_][A-Z]{2})?$/.exec(name)?.[1] ?? 'en';
  if (ext === '.json') {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new ProdclassError('INVALID_INPUT', `${shownAs} is not valid JSON (${(error as Error).message}); a .json taxonomy is one saved by prodclass`);
    }
    return Taxonomy.fromJSON(json);
  }
  if (ext === '.csv' || ext === '.tsv') return new Taxonomy(parseCsvTaxonomy(text, shownAs, language), { name });
  return new Taxonomy(parsePathList(text.replace(/^\uFEFF/, ''), shownAs, language), { name });
}
