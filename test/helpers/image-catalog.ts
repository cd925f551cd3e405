// A small challenge-layout folder whose photos decide what the titles cannot: for multimodal tests.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Rng } from '../../src/core/rng.js';
import { formatCsvRow } from '../../src/data/csv-format.js';
import { imageFileName } from '../../src/data/image-index.js';
import type { LabelledProducts, Product } from '../../src/data/product.js';
import { encodeJpeg } from '../../src/image/decode-image.js';
import type { RgbImage } from '../../src/image/rgb-image.js';

/** Each class: a photo colour and words that say it in a title. */
const CLASSES: Record<number, { colour: [number, number, number]; words: string[] }> = {
  2583: { colour: [30, 110, 230], words: ['piscine', 'spa', 'pompe'] },
  1280: { colour: [230, 40, 40], words: ['peluche', 'poupée', 'jouet'] },
  2522: { colour: [40, 200, 60], words: ['cahier', 'stylo', 'classeur'] },
};
const AMBIGUOUS = ['lot de 3', 'nouveau', 'article neuf', 'promo'];

/** A photo: the class colour with noise and a grey square somewhere, `size` x `size`, or wider when `wide`. */
export function classPhoto(code: number, rng: Rng, size = 48, wide = false): RgbImage {
  const width = wide ? size * 2 : size;
  const [r, g, b] = CLASSES[code].colour;
  const data = new Uint8Array(width * size * 3);
  const sx = rng.int(width - 8);
  const sy = rng.int(size - 8);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 3;
      const square = x >= sx && x < sx + 8 && y >= sy && y < sy + 8;
      const jitter = () => Math.round(rng.normal() * 12);
      data[o] = square ? 128 : Math.max(0, Math.min(255, r + jitter()));
      data[o + 1] = square ? 128 : Math.max(0, Math.min(255, g + jitter()));
      data[o + 2] = square ? 128 : Math.max(0, Math.min(255, b + jitter()));
    }
  }
  return { width, height: size, data };
}

export interface ImageCatalog extends LabelledProducts {
  dir: string;
}

/**
 * Writes `perClass` products of each of three classes to `dir` in the challenge layout. A share `ambiguous` of
 * titles are words shared by all classes ("lot de 3"); every product but those listed in `withoutImage`
 * (every `skipEvery`-th) has a JPEG photo coloured by its class; `corrupt` product positions get a file that is not an image.
 */
export async function writeImageCatalog(
  dir: string,
  options: { perClass?: number; ambiguous?: number; skipEvery?: number; corrupt?: number[]; seed?: number } = {},
): Promise<ImageCatalog> {
  const perClass = options.perClass ?? 20;
  const rng = new Rng(options.seed ?? 1);
  const imageDir = join(dir, 'images', 'image_train');
  mkdirSync(imageDir, { recursive: true });
  const products: Product[] = [];
  const labels: number[] = [];
  let x = formatCsvRow(['', 'designation', 'description', 'productid', 'imageid']);
  let y = formatCsvRow(['', 'prdtypecode']);
  const codes = Object.keys(CLASSES).map(Number);
  for (let i = 0; i < perClass * codes.length; i++) {
    const code = codes[i % codes.length];
    const ambiguous = rng.next() < (options.ambiguous ?? 0.5);
    const words = CLASSES[code].words;
    const designation = ambiguous ? AMBIGUOUS[rng.int(AMBIGUOUS.length)] : `${words[rng.int(words.length)]} ${AMBIGUOUS[rng.int(AMBIGUOUS.length)]}`;
    const product: Product = { index: i, designation, description: rng.next() < 0.3 ? `<b>${designation}</b> très bon état` : '', productid: String(7000 + i), imageid: String(9000 + i) };
    products.push(product);
    labels.push(code);
    x += formatCsvRow([product.index, product.designation, product.description, product.productid, product.imageid]);
    y += formatCsvRow([product.index, code]);
    const skip = options.skipEvery ? i % options.skipEvery === options.skipEvery - 1 : false;
    if (options.corrupt?.includes(i)) writeFileSync(join(imageDir, imageFileName(product)), 'not a jpeg at all');
    else if (!skip) writeFileSync(join(imageDir, imageFileName(product)), await encodeJpeg(classPhoto(code, rng, 48, i % 5 === 0)));
  }
  writeFileSync(join(dir, 'X_train_update.csv'), x);
  writeFileSync(join(dir, 'Y_train_CVw08PX.csv'), y);
  return { dir, products, labels: Int32Array.from(labels) };
}
