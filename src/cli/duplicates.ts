// `prodclass duplicates`: group the offers of a catalog file that are one product (reworded titles, or a shared photo with a similar title).

import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { productId } from '../data/product.js';
import { findSameProducts, SAME_PRODUCT_DEFAULTS, type Offer } from '../models/similar/same-product.js';
import { addCatalogOptions, loadCatalogWith, type CatalogCliOptions } from './data-options.js';
import { numberOption, printJson } from './options.js';

interface DuplicatesCliOptions extends CatalogCliOptions {
  data: string;
  threshold: number;
  photos: boolean;
  json?: boolean;
}

/** The sha256 of a local photo file, or null (no photo, a URL, or unreadable: the offer is compared by its title). */
async function photoHash(path: string | null): Promise<string | null> {
  if (!path || /^https?:/i.test(path)) return null;
  try {
    return createHash('sha256').update(await readFile(path)).digest('hex');
  } catch {
    return null;
  }
}

export function registerDuplicates(program: Command): void {
  const command = program
    .command('duplicates')
    .description('group the offers of a catalog that are one product (titles reworded, reordered, with units, colours or shop talk; or the same photo)')
    .requiredOption('--data <file|dir>', 'a catalog file or a folder in the challenge layout')
    .option('--threshold <t>', 'title similarity from which two offers are one product (0-1)', numberOption('threshold', 0, 1), SAME_PRODUCT_DEFAULTS.threshold)
    .option('--no-photos', 'do not compare photos (by default offers sharing a photo file and a similar title are joined)')
    .option('--json', 'print { groups: [[id, ...], ...] } on stdout');
  addCatalogOptions(command).action(async (options: DuplicatesCliOptions) => {
    const catalog = await loadCatalogWith(options.data, options, { requireLabels: false });
    for (const warning of catalog.warnings) process.stderr.write(`warning: ${warning}\n`);
    const products = [...catalog.train.products, ...catalog.unlabelled];
    const categoryOf = new Map(catalog.train.products.map((p, i) => [productId(p), catalog.train.labels[i]]));
    const offers: Offer[] = [];
    for (const p of products) {
      offers.push({ id: productId(p), title: p.designation, photoHash: options.photos ? await photoHash(catalog.images.pathOf(p, 'train')) : null });
    }
    const groups = await findSameProducts(offers, { threshold: options.threshold });
    if (options.json) {
      printJson({ groups });
      return;
    }
    const titleOf = new Map(products.map((p) => [productId(p), p.designation]));
    for (const group of groups) {
      const categories = new Set(group.map((id) => categoryOf.get(id)).filter((c) => c !== undefined));
      process.stdout.write(`${group.length} offers${categories.size > 1 ? ', filed under different categories' : ''}:\n`);
      for (const id of group) {
        const c = categoryOf.get(id);
        process.stdout.write(`  ${id}  [${c === undefined ? 'not filed' : catalog.taxonomy.nameOf(c)}]  ${titleOf.get(id)}\n`);
      }
    }
    process.stderr.write(`${groups.length} groups of offers that are one product (${groups.reduce((n, g) => n + g.length, 0)} offers)\n`);
  });
}
