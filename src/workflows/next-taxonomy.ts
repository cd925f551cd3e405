// The new taxonomy version a retraining moves to, read from its files (an upload kept in a job folder, or the CLI's paths).

import { readTaxonomy, readTaxonomyMapping, type Taxonomy, type TaxonomyMapping } from '../taxonomy/index.js';

/** Where a new taxonomy version and its mapping are on disk, and the names errors give them. */
export interface NextTaxonomyFiles {
  taxonomyFile: string;
  /** The name the file was given by its author: its extension says its format, and errors name it. */
  taxonomyName: string;
  mappingFile?: string;
}

/**
 * Reads both files.
 * @throws the errors of readTaxonomy and readTaxonomyMapping, naming the files as their author named them.
 */
export async function readNextTaxonomy(files: NextTaxonomyFiles): Promise<{ taxonomy: Taxonomy; mapping?: TaxonomyMapping }> {
  const taxonomy = await readTaxonomy(files.taxonomyFile, files.taxonomyName);
  const mapping = files.mappingFile === undefined ? undefined : await readTaxonomyMapping(files.mappingFile, 'the mapping');
  return { taxonomy, mapping };
}
