// Benchmark: the similarity index. Leave-one-out 10-neighbour label agreement on the sample (our text vectors, a sparse random projection, scikit-learn's cosine on TF-IDF), then build/query/recall at each size (bench/similar-scale.ts, one process per size).
// Usage: tsx bench/similar.ts [--data DIR] [--sizes 100000,1000000] [--usearch]   (prints one JSON object)

import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadChallengeFolder } from '../src/data/challenge-folder.js';
import { htmlToText } from '../src/text/html.js';
import { ProductTextVectorizer } from '../src/text/product-text-vectorizer.js';
import { neighbourLabelAgreement } from '../src/models/similar/exact-neighbours.js';
import { projectRows } from '../src/models/similar/sparse-projection.js';
import { SIMILAR_TEXT_FEATURES, TextEmbedder } from '../src/models/similar/text-embedder.js';
import { pythonHas, runPythonJson } from './python-reference.js';

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: fileURLToPath(new URL('../../shared/data/rakuten-sample', import.meta.url)) },
    sizes: { type: 'string', default: process.env.SIMILAR_SIZES ?? '100000,1000000' },
    usearch: { type: 'boolean', default: true },
  },
});
const { products, labels } = (await loadChallengeFolder(values.data!)).train;
const round = (x: number) => Math.round(x * 1e4) / 1e4;
const log = (m: string) => process.stderr.write(`similar: ${m}\n`);

// Representations, each searched exactly, leaving each product out.
const embedder = await TextEmbedder.fit(products);
const ours = neighbourLabelAgreement(embedder.embed(products), embedder.dims, labels, 10);
log(`lsa ${JSON.stringify(ours)}`);
const words = await new ProductTextVectorizer(SIMILAR_TEXT_FEATURES).fitTransform(products);
const projected = neighbourLabelAgreement(projectRows(words, { dims: 512, perColumn: 4, seed: 42 }), 512, labels, 10);
log(`projection ${JSON.stringify(projected)}`);

let sklearn: Record<string, number> | null = null;
if (pythonHas('sklearn')) {
  const file = join(mkdtempSync(join(tmpdir(), 'similar-bench-')), 'products.json');
  writeFileSync(file, JSON.stringify({ texts: products.map((p) => `${p.designation} ${htmlToText(p.description)}`), labels: [...labels] }));
  sklearn = runPythonJson(fileURLToPath(new URL('similar-sklearn.py', import.meta.url)), [file]);
}

const tsx = fileURLToPath(new URL('../node_modules/tsx/dist/cli.mjs', import.meta.url));
const scale: unknown[] = [];
for (const size of values.sizes!.split(',').map(Number)) {
  log(`${size} products...`);
  try {
    const args = [tsx, fileURLToPath(new URL('similar-scale.ts', import.meta.url)), '--data', values.data!, '--size', String(size)];
    if (values.usearch && size <= 100_000) args.push('--usearch');
    const out = execFileSync(process.execPath, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    scale.push(JSON.parse(out.trim().split('\n').at(-1)!));
  } catch (error) {
    scale.push({ products: size, error: (error as Error).message.split('\n')[0] });
  }
}

console.log(
  JSON.stringify({
    sample: products.length,
    labelAgreementAt10: {
      lsaWordTfidf: { dims: embedder.dims, agreement: round(ours.agreement), voteAccuracy: round(ours.voteAccuracy) },
      sparseProjection512: { agreement: round(projected.agreement), voteAccuracy: round(projected.voteAccuracy) },
      sklearnTfidfCosine: sklearn && { agreement: round(sklearn.agreement), voteAccuracy: round(sklearn.voteAccuracy), seconds: sklearn.seconds },
    },
    scale,
  }),
);
