// Benchmark: same-product detection, pairwise precision/recall/F1 against known groups (the Rakuten sample's repeated titles plus generated reworded copies), beside TF-IDF cosine neighbours joined above their best threshold.
// Usage: tsx bench/same-product.ts [--data DIR] [--copies 600]   (prints one JSON object)

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { duplicateKey } from '../src/text/duplicate-key.js';
import { Rng } from '../src/core/rng.js';
import { loadChallengeFolder } from '../src/data/challenge-folder.js';
import { cleanText } from '../src/text/clean.js';
import { TfidfVectorizer } from '../src/text/tfidf-vectorizer.js';
import { groupPairs, rowCosine, scoreOfferPairs, type Offer, type ScoredPair } from '../src/models/similar/same-product.js';

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: fileURLToPath(new URL('../../shared/data/rakuten-sample', import.meta.url)) },
    copies: { type: 'string', default: '600' },
  },
});
const folder = await loadChallengeFolder(values.data!);
const products = folder.train.products;
const rng = new Rng(17);

const COLOURS = ['noir', 'blanc', 'rouge', 'bleu', 'gris', 'Black', 'White'];
const NOISE = ['NEUF', 'Livraison gratuite', 'Promo !', '- Neuf', 'Original', 'Top qualité', 'Expédié de France'];
const perturbations: ((t: string) => string)[] = [
  (t) => rng.shuffle(t.split(' ')).join(' '),
  (t) => t.replace(/(\d)\s?(ml|cl|l|g|kg|cm|mm|go|gb)\b/gi, (_m, d: string, u: string) => (rng.next() < 0.5 ? `${d}${u.toUpperCase()}` : `${d} ${u}`)),
  (t) => `${t} ${COLOURS[rng.int(COLOURS.length)]}`,
  (t) => (rng.next() < 0.5 ? `${NOISE[rng.int(NOISE.length)]} ${t}` : `${t} ${NOISE[rng.int(NOISE.length)]}`),
  (t) => (rng.next() < 0.5 ? t.toUpperCase() : t.toLowerCase()),
  (t) => t.replace(/[A-Za-zÀ-ÿ]{6,}/, (w) => { const at = 1 + rng.int(w.length - 2); return w.slice(0, at) + w.slice(at + 1); }),
  (t) => { const words = t.split(' '); const i = words.findIndex((w, j) => j > 0 && !/\d/.test(w) && w.length > 3); if (i > 0 && words.length > 3) words.splice(i, 1); return words.join(' '); },
];

// Offers: the sample (photos hashed), then reworded copies (no photo: another seller's own).
const photoHash = (p: (typeof products)[number]) => {
  const path = folder.images.pathOf(p, 'train');
  return path ? createHash('sha256').update(readFileSync(path)).digest('hex') : null;
};
const offers: Offer[] = products.map((p) => ({ id: String(p.index), title: p.designation, photoHash: photoHash(p) }));
const groupOf = products.map((p) => duplicateKey(cleanText(p.designation, { lowercase: true })) || `solo:${p.index}`);
const nCopies = Number(values.copies);
for (let c = 0; c < nCopies; c++) {
  const j = rng.int(products.length);
  let title = products[j].designation;
  const steps = 2 + rng.int(2);
  for (let s = 0; s < steps; s++) title = perturbations[rng.int(perturbations.length)](title);
  offers.push({ id: `copy-${c}`, title, photoHash: null });
  groupOf.push(groupOf[j]);
}
const n = offers.length;

// True pairs: every pair within a group.
const members = new Map<string, number[]>();
groupOf.forEach((g, i) => (members.get(g) ?? members.set(g, []).get(g)!).push(i));
let truePairs = 0;
for (const m of members.values()) truePairs += (m.length * (m.length - 1)) / 2;
const repeatGroups = [...members.values()].filter((m) => m.length > 1).length;

function pairwise(groups: number[][]): { precision: number; recall: number; f1: number; groups: number } {
  let predicted = 0;
  let correct = 0;
  for (const g of groups) {
    predicted += (g.length * (g.length - 1)) / 2;
    for (let a = 0; a < g.length; a++) for (let b = a + 1; b < g.length; b++) if (groupOf[g[a]] === groupOf[g[b]]) correct++;
  }
  const precision = predicted ? correct / predicted : 1;
  const recall = correct / truePairs;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  const r = (x: number) => Math.round(x * 1e4) / 1e4;
  return { precision: r(precision), recall: r(recall), f1: r(f1), groups: groups.length };
}

function best(pairs: ScoredPair[], thresholds: number[], photoThreshold = 2) {
  const rows = thresholds.map((threshold) => ({ threshold, ...pairwise(groupPairs(n, pairs, { threshold, photoThreshold })) }));
  return { best: rows.reduce((a, b) => (b.f1 > a.f1 ? b : a)), sweep: rows };
}
const thresholds = Array.from({ length: 20 }, (_, i) => Math.round((0.5 + i * 0.025) * 1000) / 1000);

// Baseline: word TF-IDF of the titles, each offer's 10 nearest by cosine (exact), joined above a threshold.
let t = performance.now();
const words = await new TfidfVectorizer({ sublinearTf: true }).fitTransform(offers.map((o) => o.title));
const postings = new Map<number, number[]>();
for (let r = 0; r < n; r++) for (let k = words.indptr[r]; k < words.indptr[r + 1]; k++) (postings.get(words.indices[k]) ?? postings.set(words.indices[k], []).get(words.indices[k])!).push(r);
const baselinePairs: ScoredPair[] = [];
const acc = new Float64Array(n);
for (let i = 0; i < n; i++) {
  const touched = new Set<number>();
  for (let k = words.indptr[i]; k < words.indptr[i + 1]; k++) for (const r of postings.get(words.indices[k])!) if (r !== i) touched.add(r);
  const scored = [...touched].map((r) => [r, rowCosine(words, i, r)] as const).sort((a, b) => b[1] - a[1]).slice(0, 10);
  for (const [r, s] of scored) baselinePairs.push({ a: Math.min(i, r), b: Math.max(i, r), score: s, samePhoto: false });
}
acc.fill(0);
const baselineSeconds = (performance.now() - t) / 1000;
const baseline = best(baselinePairs, thresholds);

t = performance.now();
const ours = await scoreOfferPairs(offers);
const oursSeconds = (performance.now() - t) / 1000;
const textOnly = best(ours, thresholds);
const withPhotos = best(ours, [textOnly.best.threshold], 0.3);

console.log(
  JSON.stringify({
    offers: n,
    sampleRepeatGroups: repeatGroups,
    truePairs,
    copies: nCopies,
    tfidfNeighbours: { ...baseline.best, seconds: Math.round(baselineSeconds * 10) / 10 },
    sameProduct: { ...textOnly.best, seconds: Math.round(oursSeconds * 10) / 10, candidatePairs: ours.length },
    sameProductWithPhotos: withPhotos.best,
    sweeps: { tfidfNeighbours: baseline.sweep.map((r) => [r.threshold, r.f1]), sameProduct: textOnly.sweep.map((r) => [r.threshold, r.f1]) },
  }),
);
