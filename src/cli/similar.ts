// `prodclass similar`: the catalog products nearest to a new product's text, from a model's similarity index.

import type { Command } from 'commander';
import { ProdclassError } from '../core/errors.js';
import { modelIndexDir, openIndex, viewHits } from '../models/similar/similar-view.js';
import { intOption, printJson } from './options.js';

interface SimilarCliOptions {
  model?: string;
  index?: string;
  title?: string;
  description: string;
  k: number;
  category?: string;
  image?: string;
  json?: boolean;
}

export function registerSimilar(program: Command): void {
  program
    .command('similar')
    .description('list the catalog products most like a product (its title and description), with their categories')
    .option('--model <dir>', 'model folder whose similarity index to search (built by "prodclass index --model" or "train --similar")')
    .option('--index <dir>', 'an index built on its own ("prodclass index --out"), instead of --model')
    .option('--title <text>', "the product's title (with --image as well: ranked by photo)")
    .option('--description <text>', "the product's description", '')
    .option('--k <n>', 'how many products', intOption('k', 1, 100), 10)
    .option('--category <id|name>', 'only products filed under this category')
    .option('--image <file>', 'a photo of the product (needs photo vectors in the index)')
    .option('--json', 'print JSON on stdout')
    .action(async (options: SimilarCliOptions) => {
      if (!options.model && !options.index) throw new ProdclassError('INVALID_INPUT', 'say which index to search: --model MODEL or --index DIR');
      if (!options.title && !options.image) throw new ProdclassError('INVALID_INPUT', 'give the product: --title TEXT, --image FILE, or both');
      const { index, taxonomy } = await openIndex(options.index ?? modelIndexDir(options.model!));
      let category: number | undefined;
      if (options.category !== undefined) {
        category = taxonomy.resolve(options.category);
        if (category === undefined) {
          throw new ProdclassError('INVALID_INPUT', `--category "${options.category}" is not a category of the ${taxonomy.name} taxonomy (did you mean ${taxonomy.closest(options.category).join(', ')}?)`);
        }
      }
      const hits = options.image
        ? await index.similarToPhoto({ image: options.image }, options.k, { category })
        : index.similarToText({ designation: options.title!, description: options.description }, options.k, { category });
      const neighbours = viewHits(hits, taxonomy);
      if (options.json) printJson({ neighbours });
      else for (const n of neighbours) process.stdout.write(`${n.similarity.toFixed(3)}  ${n.id}  [${n.categoryName ?? 'not filed'}]  ${n.title}\n`);
    });
}
