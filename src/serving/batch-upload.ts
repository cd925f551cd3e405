// Receives a batch upload (multipart: the CSV, optionally an images zip or loose images) into a new job folder.

import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FastifyRequest } from 'fastify';
import type { Readable } from 'node:stream';
import { isProdclassError, ProdclassError } from '../core/errors.js';
import { streamChallengeCsv } from '../data/challenge-csv.js';
import { CATALOG_EXTENSIONS } from '../data/load-catalog.js';
import { parseColumnMapping, readTable, resolveColumns, type ColumnMapping } from '../data/table/index.js';
import { catalogResultFormat } from '../workflows/catalog-batch-job.js';
import { jobPaths, type JobPaths } from '../workflows/job-folder.js';
import { resolveInside } from '../workflows/safe-path.js';
import { formatBytes, type Limits } from './limits.js';
import { checkImage } from './upload-store.js';

export interface BatchUpload {
  paths: JobPaths;
  fileName: string;
  csvBytes: number;
  zip: boolean;
  looseImages: number;
  /** Image files (a zip counts as one) received but not kept, because the job's model reads no photos. */
  imagesNotKept: number;
  /** `challenge`: the challenge's products CSV; `catalog`: any catalog file, read by its columns. */
  layout: 'challenge' | 'catalog';
  /** The uploaded file's name in the job folder. */
  inputFile: string;
  /** For a catalog: the result's format (`csv` or `jsonl`) and encoding, those of the upload where it is text. */
  result: { kind: 'csv' | 'jsonl'; encoding: string } | null;
  /** The `columns` field, as `--columns` takes it: which column holds what (the file is then read as a catalog). */
  columns: ColumnMapping | null;
}

/** Reads a part to its end without keeping it, still refusing more than `limit` bytes. */
async function discardWithLimit(source: Readable, limit: number, what: string): Promise<void> {
  let bytes = 0;
  for await (const chunk of source) {
    bytes += (chunk as Buffer).length;
    if (bytes > limit) throw new ProdclassError('PAYLOAD_TOO_LARGE', `${what} is larger than the limit of ${formatBytes(limit)}`);
  }
}

/** Copies `source` to `path`, failing as soon as more than `limit` bytes came. */
export async function saveWithLimit(source: Readable, path: string, limit: number, what: string): Promise<number> {
  let bytes = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      bytes += chunk.length;
      if (bytes > limit) callback(new ProdclassError('PAYLOAD_TOO_LARGE', `${what} is larger than the limit of ${formatBytes(limit)}`));
      else callback(null, chunk);
    },
  });
  await pipeline(source, counter, createWriteStream(path, { flags: 'wx' }));
  return bytes;
}

function isZip(filename: string, mimetype: string): boolean {
  return /\.zip$/i.test(filename) || mimetype === 'application/zip' || mimetype === 'application/x-zip-compressed';
}

/**
 * Streams the parts of a batch request to disk under var/jobs/<id>/: `file` (the CSV, required), `images` (a
 * .zip, or image files, any number up to the limit; file names are reduced to their base name; read and dropped
 * unless `keepImages`, when the job's model reads photos), and the text field `columns` (`title=COL,...` as the CLI's
 * `--columns`: the file is read as a catalog, its columns as mapped). Checks the CSV
 * header before answering, so a wrong file is refused at once. The folder is removed when anything fails.
 * @throws ProdclassError INVALID_INPUT without a CSV or with an unknown field; INVALID_PARAM for a malformed
 *   `columns` (saying the form); DATA_MISSING_COLUMN for a mapped column the file lacks; PAYLOAD_TOO_LARGE over a limit;
 *   IMAGE_INVALID for a loose file that is not an image; DATA_MISSING_COLUMN for a CSV without the challenge header.
 */
export async function receiveBatchUpload(request: FastifyRequest, varDir: string, id: string, limits: Limits, keepImages: boolean): Promise<BatchUpload> {
  const paths = jobPaths(varDir, id);
  await mkdir(paths.images, { recursive: true });
  const upload: BatchUpload = {
    paths,
    fileName: 'input.csv',
    csvBytes: 0,
    zip: false,
    looseImages: 0,
    imagesNotKept: 0,
    layout: 'challenge',
    inputFile: basename(paths.input),
    result: null,
    columns: null,
  };
  let looseBytes = 0;
  try {
    const parts = request.parts({
      limits: { fileSize: Math.max(limits.csv, limits.zip), files: limits.batchImages + 2, fields: 4, parts: limits.batchImages + 6 },
    });
    for await (const part of parts) {
      if (part.type === 'field') {
        if (part.fieldname === 'columns' && String(part.value).trim() !== '') upload.columns = parseColumnMapping(String(part.value));
        continue;
      }
      if (part.fieldname === 'file' || part.fieldname === 'csv') {
        if (upload.csvBytes > 0) throw new ProdclassError('INVALID_INPUT', 'send one CSV file per batch');
        upload.fileName = basename(part.filename || 'input.csv');
        upload.csvBytes = await saveWithLimit(part.file, paths.input, limits.csv, 'the CSV file');
      } else if (part.fieldname === 'images' && !keepImages) {
        // The model reads text only: the photos would take disk space and serve nothing.
        await discardWithLimit(part.file, isZip(part.filename, part.mimetype) ? limits.zip : limits.image, 'an images upload');
        upload.imagesNotKept++;
      } else if (part.fieldname === 'images' && isZip(part.filename, part.mimetype)) {
        if (upload.zip) throw new ProdclassError('INVALID_INPUT', 'send at most one images zip per batch');
        await saveWithLimit(part.file, paths.zip, limits.zip, 'the images zip');
        upload.zip = true;
      } else if (part.fieldname === 'images') {
        if (++upload.looseImages > limits.batchImages) throw new ProdclassError('PAYLOAD_TOO_LARGE', `more than ${limits.batchImages} image files; send them as a zip`);
        const name = basename(part.filename.replaceAll('\\', '/'));
        const bytes = await part.toBuffer();
        checkImage(bytes, limits.image, `the image ${JSON.stringify(name)}`);
        looseBytes += bytes.length;
        if (looseBytes > limits.zipTotalBytes) throw new ProdclassError('PAYLOAD_TOO_LARGE', `the image files add up to more than ${formatBytes(limits.zipTotalBytes)}`);
        await writeFile(resolveInside(paths.images, name), bytes, { flag: 'wx' }).catch((error: NodeJS.ErrnoException) => {
          if (error.code !== 'EEXIST') throw error;
        });
      } else {
        part.file.resume();
        throw new ProdclassError('INVALID_INPUT', `unexpected file field "${part.fieldname}"; send the CSV as "file" and images as "images"`);
      }
    }
    if (upload.csvBytes === 0) {
      throw new ProdclassError('INVALID_INPUT', 'no CSV received: send the products file (challenge layout: ,designation,description,productid,imageid) as the multipart field "file"');
    }
    // The challenge layout, or any catalog file whose columns can be found (or are mapped): anything else fails here,
    // before a job exists.
    if (upload.columns) {
      await asCatalog(upload);
    } else {
      try {
        for await (const _row of streamChallengeCsv(paths.input, 'products', { file: upload.fileName })) break;
      } catch (error) {
        if (!isProdclassError(error, 'DATA_MISSING_COLUMN')) throw error;
        await asCatalog(upload);
      }
    }
    return upload;
  } catch (error) {
    await rm(paths.dir, { recursive: true, force: true });
    if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
      throw new ProdclassError('PAYLOAD_TOO_LARGE', `an uploaded file is larger than the limit of ${formatBytes(Math.max(limits.csv, limits.zip))}`);
    }
    throw error;
  }
}

/**
 * Takes the upload as a catalog file: renamed to keep its extension (the format reader goes by it), read, and its
 * title column found, so a file the job could not read is refused now.
 * @throws ProdclassError DATA_MISSING_COLUMN naming the columns found; the errors of readTable (line and column).
 */
async function asCatalog(upload: BatchUpload): Promise<void> {
  const extension = extname(upload.fileName).toLowerCase();
  const inputFile = `input${CATALOG_EXTENSIONS.includes(extension) ? extension : '.csv'}`;
  const path = join(upload.paths.dir, inputFile);
  if (path !== upload.paths.input) await rename(upload.paths.input, path);
  const table = await readTable(path);
  resolveColumns({ ...table, file: upload.fileName }, upload.columns ?? undefined, ['title']);
  const format = catalogResultFormat(table);
  upload.layout = 'catalog';
  upload.inputFile = inputFile;
  upload.result = { kind: format.kind, encoding: format.encoding };
}
