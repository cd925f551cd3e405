// Small JPEG thumbnails of product photos, to embed in a self-contained report as data: URIs.

import type SharpModule from 'sharp';
import { ProdclassError } from '../core/errors.js';

let library: Promise<typeof SharpModule> | undefined;

function sharp(): Promise<typeof SharpModule> {
  library ??= import('sharp').then((m) => m.default);
  return library;
}

/**
 * The photo at `path` fitted inside `size`×`size` on white, as a JPEG `data:` URI (about 2–4 KB at 80 px).
 * @throws ProdclassError IMAGE_INVALID when the file cannot be read or decoded.
 */
export async function thumbnailDataUri(path: string, size = 80, quality = 70): Promise<string> {
  try {
    const jpeg = await (await sharp())(path, { failOn: 'error', limitInputPixels: 64_000_000 })
      .rotate()
      .resize(size, size, { fit: 'contain', background: '#ffffff' })
      .flatten({ background: '#ffffff' })
      .jpeg({ quality })
      .toBuffer();
    return `data:image/jpeg;base64,${jpeg.toString('base64')}`;
  } catch (cause) {
    throw new ProdclassError('IMAGE_INVALID', `${path} cannot be made into a thumbnail: ${(cause as Error).message}`, { cause });
  }
}
