// Extracts the images of an uploaded zip into a job folder (yauzl), refusing entries that would escape it.

import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { pipeline } from 'node:stream/promises';
import yauzl from 'yauzl';
import { ProdclassError, isProdclassError } from '../core/errors.js';
import { resolveInside } from './safe-path.js';

export interface ZipLimits {
  /** Most entries read (files and folders). */
  maxEntries: number;
  /** Largest uncompressed image accepted; larger entries are skipped. */
  maxEntryBytes: number;
  /** Most uncompressed bytes written in all (a zip bomb stops here). */
  maxTotalBytes: number;
  /**
   * Largest ratio of an entry's uncompressed to compressed size. Photos are compressed already (JPEG, PNG, WebP) and
   * shrink little in a zip; an entry that shrank 100 times is padding or a bomb, and is skipped unread.
   */
  maxRatio: number;
}

export const DEFAULT_ZIP_LIMITS: Readonly<ZipLimits> = Object.freeze({
  maxEntries: 500_000,
  maxEntryBytes: 20 * 1024 * 1024,
  maxTotalBytes: 2 * 1024 * 1024 * 1024,
  maxRatio: 100,
});

export interface ZipReport {
  extracted: number;
  bytes: number;
  /** Entries left out and why (the first 50). */
  skipped: { name: string; reason: string }[];
  skippedCount: number;
}

const IMAGE_NAME = /\.(jpe?g|png|webp|gif)$/i;
const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;
const MAX_SKIPPED_LISTED = 50;

/**
 * Writes every image entry (.jpg, .jpeg, .png, .webp, .gif) of `zipPath` under `dest`, keeping the zip's
 * folders. Skipped, with a reason: folders, other files, symbolic links, encrypted entries, entries too
 * large or compressed more than `maxRatio` to 1, names that are absolute or climb out with `..` (checked by
 * resolveInside), names seen twice. yauzl checks that each entry holds the bytes its header declares, so the
 * declared sizes the limits read are the sizes written.
 * @throws ProdclassError INVALID_INPUT when the file is not a readable zip; PAYLOAD_TOO_LARGE when the
 *   entries or bytes exceed `limits`.
 */
export async function extractZipImages(zipPath: string, dest: string, limits: ZipLimits = DEFAULT_ZIP_LIMITS): Promise<ZipReport> {
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.openPromise(zipPath, { decodeStrings: false, validateEntrySizes: true });
  } catch (cause) {
    throw new ProdclassError('INVALID_INPUT', `the images upload is not a readable zip file: ${(cause as Error).message}`, { cause });
  }
  const report: ZipReport = { extracted: 0, bytes: 0, skipped: [], skippedCount: 0 };
  const skip = (name: string, reason: string) => {
    report.skippedCount++;
    if (report.skipped.length < MAX_SKIPPED_LISTED) report.skipped.push({ name, reason });
  };
  let entries = 0;
  try {
    for await (const entry of zip.eachEntry()) {
      if (++entries > limits.maxEntries) {
        throw new ProdclassError('PAYLOAD_TOO_LARGE', `the zip has more than ${limits.maxEntries} entries`);
      }
      const name = yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileNameRaw, entry.extraFields, false);
      if (name.endsWith('/')) continue;
      if (((entry.externalFileAttributes >>> 16) & S_IFMT) === S_IFLNK) {
        skip(name, 'symbolic link');
        continue;
      }
      if (!IMAGE_NAME.test(name)) {
        skip(name, 'not an image file name (.jpg, .jpeg, .png, .webp, .gif)');
        continue;
      }
      if (entry.isEncrypted()) {
        skip(name, 'encrypted');
        continue;
      }
      if (entry.uncompressedSize > limits.maxEntryBytes) {
        skip(name, `larger than ${limits.maxEntryBytes} bytes`);
        continue;
      }
      if (entry.uncompressedSize > 0 && entry.uncompressedSize > limits.maxRatio * entry.compressedSize) {
        skip(name, `compressed ${Math.round(entry.uncompressedSize / Math.max(1, entry.compressedSize))} to 1 (more than ${limits.maxRatio} to 1): not a photo`);
        continue;
      }
      if (report.bytes + entry.uncompressedSize > limits.maxTotalBytes) {
        throw new ProdclassError('PAYLOAD_TOO_LARGE', `the zip's images add up to more than ${limits.maxTotalBytes} bytes`);
      }
      let target: string;
      try {
        target = resolveInside(dest, name);
      } catch (error) {
        if (!isProdclassError(error)) throw error;
        skip(name, 'the path leads outside the job folder');
        continue;
      }
      await mkdir(dirname(target), { recursive: true });
      try {
        await pipeline(await zip.openReadStreamPromise(entry), createWriteStream(target, { flags: 'wx' }));
      } catch (error) {
        if ((error as { code?: string }).code === 'EEXIST') {
          skip(name, 'a second entry with the same name');
          continue;
        }
        throw new ProdclassError('INVALID_INPUT', `cannot extract ${JSON.stringify(name)} from the zip: ${(error as Error).message}`, { cause: error });
      }
      report.extracted++;
      report.bytes += entry.uncompressedSize;
    }
  } finally {
    if (zip.isOpen) zip.close();
  }
  return report;
}
