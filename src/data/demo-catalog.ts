// A small synthetic catalog in the challenge layout, so prodclass can be tried without Rakuten data.

import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ProdclassError } from '../core/errors.js';
import { Rng } from '../core/rng.js';
import { formatCsvRow } from './csv-format.js';
import { DEMO_VOCABULARY, SHARED_SENTENCES, SHARED_SLOTS, type DemoClassVocabulary } from './demo-vocabulary.js';
import type { LabelledProducts, Product } from './product.js';

/** The marker file that tells a demo catalog from real data. */
export const DEMO_MARKER = 'demo.json';

export interface DemoCatalogOptions {
  /** Seed of the generator (default 42): the same seed gives byte-identical files. */
  seed?: number;
  /** Products per product type code (default 60). */
  perClass?: number;
}

export interface DemoCatalogSummary {
  /** Absolute path of the folder written. */
  dir: string;
  seed: number;
  perClass: number;
  rows: number;
  /** Names of the files written, relative to `dir`. */
  files: string[];
}

/** Share of demo products that get an HTML description (the real data leaves about 35% empty). */
const DESCRIBED = 0.6;

/**
 * Generates the demo products in memory: `perClass` products for each of the 27 codes, drawn from
 * French (some English and German) templates, shuffled, indexed 0..n-1, with unique random product and
 * image ids. Deterministic for a given seed.
 * @throws ProdclassError INVALID_PARAM for a seed that is not an integer or a perClass outside 1..100000.
 */
export function generateDemoProducts(options: DemoCatalogOptions = {}): LabelledProducts {
  const { seed, perClass } = checkOptions(options);
  const rng = new Rng(seed);
  const drafts: { code: number; designation: string; description: string }[] = [];
  for (const vocabulary of DEMO_VOCABULARY) {
    for (let i = 0; i < perClass; i++) {
      const designation = styleTitle(render(pick(vocabulary.titles, rng), vocabulary, rng), rng);
      const description = rng.next() < DESCRIBED ? describe(vocabulary, designation, rng) : '';
      drafts.push({ code: vocabulary.code, designation, description });
    }
  }
  rng.shuffle(drafts);
  const productIds = uniqueIds(drafts.length, 100_000_000, 4_200_000_000, rng);
  const imageIds = uniqueIds(drafts.length, 100_000_000, 1_400_000_000, rng);
  const products: Product[] = drafts.map((d, index) => ({
    index,
    designation: d.designation,
    description: d.description,
    productid: productIds[index],
    imageid: imageIds[index],
  }));
  return { products, labels: Int32Array.from(drafts, (d) => d.code) };
}

/**
 * Writes a demo catalog to `dir` (created if needed): X_train_update.csv and Y_train_CVw08PX.csv in the
 * challenge layout (RFC 4180 quoting, LF line ends), and the demo.json marker. No images.
 * @throws ProdclassError CONFLICT when `dir` already holds challenge data that is not a demo catalog;
 *   INVALID_PARAM for bad options.
 */
export async function writeDemoCatalog(dir: string, options: DemoCatalogOptions = {}): Promise<DemoCatalogSummary> {
  const root = resolve(dir);
  const { seed, perClass } = checkOptions(options);
  const existing = await stat(join(root, 'X_train_update.csv')).catch(() => null);
  if (existing && !(await isDemoCatalog(root))) {
    throw new ProdclassError('CONFLICT', `${root} already holds X_train_update.csv and is not a demo catalog; choose an empty folder so real data is not overwritten`);
  }
  const { products, labels } = generateDemoProducts({ seed, perClass });
  let x = formatCsvRow(['', 'designation', 'description', 'productid', 'imageid']);
  let y = formatCsvRow(['', 'prdtypecode']);
  products.forEach((p, i) => {
    x += formatCsvRow([p.index, p.designation, p.description, p.productid, p.imageid]);
    y += formatCsvRow([p.index, labels[i]]);
  });
  const marker = {
    demo: true,
    generator: 'prodclass writeDemoCatalog',
    format: 1,
    seed,
    perClass,
    rows: products.length,
    note: 'Synthetic products generated from templates, not Rakuten data: good for trying prodclass, meaningless for measuring it.',
  };
  await mkdir(root, { recursive: true });
  await writeFile(join(root, 'X_train_update.csv'), x);
  await writeFile(join(root, 'Y_train_CVw08PX.csv'), y);
  await writeFile(join(root, DEMO_MARKER), JSON.stringify(marker, null, 2) + '\n');
  return { dir: root, seed, perClass, rows: products.length, files: ['X_train_update.csv', 'Y_train_CVw08PX.csv', DEMO_MARKER] };
}

/** Whether `dir` holds a demo catalog (a demo.json marker with `"demo": true`); false for anything unreadable. */
export async function isDemoCatalog(dir: string): Promise<boolean> {
  try {
    const marker = JSON.parse(await readFile(join(dir, DEMO_MARKER), 'utf8')) as { demo?: unknown } | null;
    return marker?.demo === true;
  } catch {
    return false;
  }
}

function checkOptions(options: DemoCatalogOptions): { seed: number; perClass: number } {
  const seed = options.seed ?? 42;
  const perClass = options.perClass ?? 60;
  if (!Number.isInteger(seed)) throw new ProdclassError('INVALID_PARAM', `demo catalog: seed must be an integer, got ${seed}`);
  if (!Number.isInteger(perClass) || perClass < 1 || perClass > 100_000) {
    throw new ProdclassError('INVALID_PARAM', `demo catalog: perClass must be an integer from 1 to 100000, got ${perClass}`);
  }
  return { seed, perClass };
}

function pick<T>(list: readonly T[], rng: Rng): T {
  return list[rng.int(list.length)];
}

/** Expands `[optional]`, `{#a-b}` and `{slot}` (see DemoClassVocabulary), left to right. */
function render(template: string, vocabulary: DemoClassVocabulary, rng: Rng): string {
  return template
    .replace(/\[([^\]]*)\]/g, (_, inner: string) => (rng.next() < 0.5 ? inner : ''))
    .replace(/\{(#?)([^}]+)\}/g, (_, isRange: string, name: string) => {
      if (isRange) {
        const [low, high] = name.split('-').map(Number);
        return String(low + rng.int(high - low + 1));
      }
      const list = vocabulary.slots[name] ?? SHARED_SLOTS[name];
      if (!list) throw new ProdclassError('INTERNAL', `demo vocabulary of code ${vocabulary.code}: unknown slot {${name}} in "${template}"`);
      return pick(list, rng);
    })
    .replace(/\s+/g, ' ')
    .trim();
}

/** Sellers write titles as given, in sentence case or in capitals. */
function styleTitle(title: string, rng: Rng): string {
  const u = rng.next();
  if (u < 0.7) return title;
  if (u < 0.92) return title.charAt(0) + title.slice(1).toLowerCase();
  return title.toUpperCase();
}

function describe(vocabulary: DemoClassVocabulary, designation: string, rng: Rng): string {
  const order = rng.shuffle(vocabulary.sentences.map((_, i) => i));
  const sentences = order.slice(0, 1 + rng.int(3)).map((i) => render(vocabulary.sentences[i], vocabulary, rng));
  if (rng.next() < 0.3) sentences.push(pick(SHARED_SENTENCES, rng));
  const text = sentences.map(escapeHtml);
  let html: string;
  switch (rng.int(6)) {
    case 0:
      html = text.join(' ');
      break;
    case 1:
      html = text.map((s) => `<p>${s}</p>`).join('');
      break;
    case 2:
      html = `<p>${text.join('<br />')}</p>`;
      break;
    case 3:
      html = `<p><strong>${escapeHtml(designation)}</strong></p><p>${text.join(' ')}</p>`;
      break;
    case 4:
      html = `<ul>${text.map((s) => `<li>${s}</li>`).join('')}</ul>`;
      break;
    default:
      html = `<p>${text.join(' ')}</p>`;
  }
  return rng.next() < 0.4 ? encodeAccents(html) : html;
}

function escapeHtml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

const ENTITIES: Readonly<Record<string, string>> = {
  é: '&eacute;', è: '&egrave;', ê: '&ecirc;', à: '&agrave;', â: '&acirc;', ç: '&ccedil;', ô: '&ocirc;', î: '&icirc;', û: '&ucirc;', ù: '&ugrave;',
  É: '&Eacute;', "'": '&#39;', '°': '&deg;', œ: '&oelig;',
};

/** Writes accents as named entities, as many shop back-offices do. */
function encodeAccents(html: string): string {
  return html.replace(/[éèêàâçôîûùÉ'°œ]/g, (c) => ENTITIES[c]);
}

function uniqueIds(count: number, low: number, high: number, rng: Rng): string[] {
  const seen = new Set<number>();
  const ids: string[] = [];
  while (ids.length < count) {
    const id = low + rng.int(high - low);
    if (seen.has(id)) continue;
    seen.add(id);
    ids.push(String(id));
  }
  return ids;
}
