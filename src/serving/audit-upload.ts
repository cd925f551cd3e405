// Receives a labelled catalog file to audit into the audit job's folder, read under the model's taxonomy before any job exists.

import { mkdir, rm } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import type { FastifyRequest } from 'fastify';
import { ProdclassError } from '../core/errors.js';
import { CATALOG_EXTENSIONS, loadCatalog, readAsRecorded } from '../data/load-catalog.js';
import type { ServedModel } from '../workflows/served-model.js';
import { jobPaths } from '../workflows/job-folder.js';
import { resolveInside } from '../workflows/safe-path.js';
import { saveWithLimit } from './batch-upload.js';
import { formatBytes, type Limits } from './limits.js';

/**
 * Saves the multipart file `file` under var/jobs/<id>/ by its uploaded name (so that an error about it names it as the
 * client knows it) and reads it as the active model read its own data, under its taxonomy, with labels: a file that
 * cannot be read, lacks a category column or files a product under a category the model does not know is refused
 * now, naming its line and column. The folder is removed when anything fails.
 * @returns the saved file's path.
 * @throws ProdclassError INVALID_INPUT for a missing or unexpected field or an extension no catalog reader takes;
 *   PAYLOAD_TOO_LARGE; the errors of loadCatalog.
 */
export async function receiveAuditUpload(request: FastifyRequest, varDir: string, id: string, limits: Limits, base: ServedModel): Promise<string> {
  const dir = jobPaths(varDir, id).dir;
  await mkdir(dir, { recursive: true });
  try {
    let path: string | null = null;
    let name = '';
    for await (const part of request.parts({ limits: { fileSize: limits.csv, files: 1, fields: 0, parts: 1 } })) {
      if (part.type === 'field' || part.fieldname !== 'file') {
        if (part.type === 'file') part.file.resume();
        throw new ProdclassError('INVALID_INPUT', `unexpected field "${part.fieldname}"; send the labelled catalog file as the multipart file "file"`);
      }
      name = basename((part.filename || 'catalog.csv').replaceAll('\\', '/'));
      if (!CATALOG_EXTENSIONS.includes(extname(name).toLowerCase())) {
        part.file.resume();
        throw new ProdclassError('INVALID_INPUT', `the file "${name}" must be a ${CATALOG_EXTENSIONS.join(', ')} file (its extension says its format)`, { location: { field: 'file' } });
      }
      path = resolveInside(dir, name);
      await saveWithLimit(part.file, path, limits.csv, `the file "${name}"`);
    }
    if (path === null) {
      throw new ProdclassError('INVALID_INPUT', 'no file received: send the labelled catalog file (a title and a category column) as the multipart file "file"', { location: { field: 'file' } });
    }
    const saved = path;
    await loadCatalog(saved, { taxonomy: base.taxonomy, requireLabels: true, ...readAsRecorded(base.card.data?.reading) }).catch((error: unknown) => {
      // The client knows the file by its name, not by where this server keeps it.
      if (error instanceof ProdclassError && error.location?.file) throw new ProdclassError(error.code, error.message.replace(error.location.file, name), { cause: error });
      throw error;
    });
    return saved;
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
      throw new ProdclassError('PAYLOAD_TOO_LARGE', `the file is larger than the limit of ${formatBytes(limits.csv)}`);
    }
    throw error;
  }
}
