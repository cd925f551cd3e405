// Receives a new taxonomy version (and its mapping) for a retraining into the job's folder, checked before any job exists.

import { mkdir, rm, writeFile } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import type { FastifyRequest } from 'fastify';
import { ProdclassError } from '../core/errors.js';
import { diffTaxonomies, type Taxonomy, type TaxonomyDiff } from '../taxonomy/index.js';
import { jobPaths } from '../workflows/job-folder.js';
import { readNextTaxonomy, type NextTaxonomyFiles } from '../workflows/next-taxonomy.js';
import { formatBytes, type Limits } from './limits.js';

/** Extensions a taxonomy file may have; readTaxonomy goes by them (a path list for .txt). */
const TAXONOMY_EXTENSIONS = ['.json', '.csv', '.tsv', '.txt'];

/**
 * Saves the multipart fields `taxonomy` (required: a prodclass .json, an id,name,parent .csv/.tsv, or a path list
 * .txt) and `mapping` (optional CSV old,new) under var/jobs/<id>/, reads them and diffs the new version against
 * `current`, so that a file that cannot be read, or a mapping that names unknown categories, is refused now. The
 * folder is removed when anything fails.
 * @throws ProdclassError INVALID_INPUT for a missing or unexpected field or an unknown extension; PAYLOAD_TOO_LARGE;
 *   the errors of the taxonomy readers and of diffTaxonomies, naming the files as uploaded.
 */
export async function receiveTaxonomyUpload(
  request: FastifyRequest,
  varDir: string,
  id: string,
  limits: Limits,
  current: Taxonomy,
): Promise<{ files: NextTaxonomyFiles; diff: TaxonomyDiff }> {
  const dir = jobPaths(varDir, id).dir;
  await mkdir(dir, { recursive: true });
  try {
    let taxonomy: { file: string; name: string } | null = null;
    let mapping: string | null = null;
    for await (const part of request.parts({ limits: { fileSize: limits.csv, files: 2, fields: 0, parts: 2 } })) {
      if (part.type === 'field') throw new ProdclassError('INVALID_INPUT', `unexpected field "${part.fieldname}"; send the files "taxonomy" and optionally "mapping"`);
      const bytes = await part.toBuffer().catch((error: { code?: string }) => {
        if (error.code === 'FST_REQ_FILE_TOO_LARGE') throw new ProdclassError('PAYLOAD_TOO_LARGE', `the file "${part.fieldname}" is larger than the limit of ${formatBytes(limits.csv)}`);
        throw error;
      });
      if (part.fieldname === 'taxonomy' && taxonomy === null) {
        const name = basename((part.filename || 'taxonomy.txt').replaceAll('\\', '/'));
        const extension = extname(name).toLowerCase();
        if (!TAXONOMY_EXTENSIONS.includes(extension)) {
          throw new ProdclassError('INVALID_INPUT', `the taxonomy "${name}" must be a ${TAXONOMY_EXTENSIONS.join(', ')} file (its extension says its format)`, { location: { field: 'taxonomy' } });
        }
        taxonomy = { file: `taxonomy${extension}`, name };
        await writeFile(join(dir, taxonomy.file), bytes);
      } else if (part.fieldname === 'mapping' && mapping === null) {
        mapping = 'mapping.csv';
        await writeFile(join(dir, mapping), bytes);
      } else {
        throw new ProdclassError('INVALID_INPUT', `unexpected file "${part.fieldname}"; send one "taxonomy" file and at most one "mapping" file`);
      }
    }
    if (taxonomy === null) {
      throw new ProdclassError('INVALID_INPUT', 'no taxonomy received: send the new version as the multipart file "taxonomy" (and the mapping CSV old,new as "mapping")', { location: { field: 'taxonomy' } });
    }
    const files: NextTaxonomyFiles = { taxonomyFile: taxonomy.file, taxonomyName: taxonomy.name, ...(mapping ? { mappingFile: mapping } : {}) };
    const next = await readNextTaxonomy({ ...files, taxonomyFile: join(dir, files.taxonomyFile), mappingFile: mapping ? join(dir, mapping) : undefined });
    return { files, diff: diffTaxonomies(current, next.taxonomy, next.mapping) };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}
