// Uploaded product photos: recognised by their first bytes, size-checked, kept once per content under var/uploads/ (and in PostgreSQL).

import { existsSync } from 'node:fs';
import { mkdir, utimes, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { ProdclassError } from '../core/errors.js';
import { photoDigest, uploadPath, type UploadPhotoStore } from '../storage/upload-photos.js';
import { formatBytes } from './limits.js';

export type ImageType = 'jpeg' | 'png' | 'webp' | 'gif';

export const IMAGE_MIME: Readonly<Record<ImageType, string>> = Object.freeze({
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  gif: 'image/gif',
});

const EXTENSION: Readonly<Record<ImageType, string>> = Object.freeze({ jpeg: 'jpg', png: 'png', webp: 'webp', gif: 'gif' });

/**
 * The image format announced by the file's signature (magic bytes), or null. This is the cheap check at the
 * API edge; decoding (src/image) is left to the models that read images, which report IMAGE_INVALID themselves.
 */
export function sniffImageType(bytes: Uint8Array): ImageType | null {
  const at = (i: number, ...values: number[]) => values.every((v, k) => bytes[i + k] === v);
  if (bytes.length >= 3 && at(0, 0xff, 0xd8, 0xff)) return 'jpeg';
  if (bytes.length >= 8 && at(0, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'png';
  if (bytes.length >= 12 && at(0, 0x52, 0x49, 0x46, 0x46) && at(8, 0x57, 0x45, 0x42, 0x50)) return 'webp';
  if (bytes.length >= 6 && (at(0, 0x47, 0x49, 0x46, 0x38, 0x37, 0x61) || at(0, 0x47, 0x49, 0x46, 0x38, 0x39, 0x61))) return 'gif';
  return null;
}

/**
 * Checks an uploaded image: not empty, within the size limit, and a JPEG, PNG, WebP or GIF by its signature.
 * @throws ProdclassError PAYLOAD_TOO_LARGE over the limit; IMAGE_INVALID for anything else that is not an image.
 */
export function checkImage(bytes: Uint8Array, limit: number, name = 'the image'): ImageType {
  if (bytes.length > limit) throw new ProdclassError('PAYLOAD_TOO_LARGE', `${name} is ${formatBytes(bytes.length)}; the limit is ${formatBytes(limit)}`);
  if (bytes.length === 0) throw new ProdclassError('IMAGE_INVALID', `${name} is empty`);
  const type = sniffImageType(bytes);
  if (!type) throw new ProdclassError('IMAGE_INVALID', `${name} is not a JPEG, PNG, WebP or GIF image`);
  return type;
}

/**
 * Saves checked images under `<varDir>/uploads/`, named by their SHA-256 so the same photo is stored once. With
 * `shared` (PostgreSQL, where workers share no folder with this host) a photo is also stored in the database, once per
 * content, before a prediction names it: a worker retraining on its feedback fetches it there.
 */
export class UploadStore {
  constructor(
    private readonly varDir: string,
    private readonly shared: UploadPhotoStore | null = null,
  ) {}

  /**
   * Writes the image (unless the same bytes are already stored) and returns its path relative to the var folder.
   * @throws Error when the file cannot be written or the shared store refuses the photo.
   */
  async save(bytes: Uint8Array, type: ImageType): Promise<string> {
    const hash = photoDigest(bytes);
    const relativePath = uploadPath(hash, EXTENSION[type]);
    const path = join(this.varDir, relativePath);
    const known = existsSync(path);
    // A photo this host has was stored when it came: its copy is marked used (its bytes sent again only when retention
    // removed it since). Retention counts a photo's age from its last upload.
    if (this.shared && !(known && (await this.shared.touch(hash)))) {
      await this.shared.put({ sha256: hash, bytes: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) });
    }
    if (known) {
      // Sent again: retention counts a photo's age from its last use.
      const now = new Date();
      await utimes(path, now, now).catch(() => {});
      return relativePath;
    }
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, bytes, { flag: 'wx' }).catch((error: NodeJS.ErrnoException) => {
      // Two requests with the same photo at once: the other wrote it.
      if (error.code !== 'EEXIST') throw error;
    });
    return relativePath;
  }
}
