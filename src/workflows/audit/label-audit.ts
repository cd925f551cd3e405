// The catalog audit: out-of-fold probabilities, confident learning and duplicate conflicts, merged into one ranked list of likely misfiled products.

import { DenseMatrix } from '../../core/dense-matrix.js';
import { ProdclassError } from '../../core/errors.js';
import { silentProgress, type Progress } from '../../core/progress.js';
import type { ImageIndex } from '../../data/image-index.js';
import { productId, type Product } from '../../data/product.js';
import { estimatedIssueCount, noiseEstimates } from '../../evaluation/confident-learning.js';
import { STACKING_MAX_CLASSES } from '../../models/compose/stacking.js';
import { modelKind } from '../../models/model-kinds.js';
import type { ProductInput, ProductModel } from '../../models/product-model.js';
import type { Taxonomy } from '../../taxonomy/index.js';
import { DEFAULT_FOLDS, outOfFoldPredictions, productGroups } from '../../training/out-of-fold.js';
import { productInputs } from '../../training/train-model.js';
import { mixVotes, neighbourVotes, voteNeighbours } from './neighbour-vote.js';
import { rankSuspects, type SuspectReason } from './suspect-ranking.js';

/**
 * The kinds whose out-of-fold probabilities are averaged by default: text-ensemble alone, whose stack of the SVM and
 * naive Bayes (fitted on one set of text features) weighs the two per category. On the Rakuten sample with 5 % of
 * labels flipped (232 rows; `BENCH_NO_PYTHON=1 npx tsx bench/audit.ts --rates 0.05 --seed S --kinds K`, vote weight
 * 0.1), the flipped share of the top 232 at seeds 7 / 8 / 9: text-linear and naive-bayes averaged 0.763 / 0.724 /
 * 0.759, text-ensemble 0.793 / 0.802 / 0.815, text-ensemble and naive-bayes averaged 0.780 at seed 7. (In an earlier
 * exploratory run, text-linear alone put 67 % flipped rows in its top 232, naive-bayes alone 51 %, their average 73 %.)
 */
export const DEFAULT_AUDIT_KINDS: readonly string[] = ['text-ensemble'];

/** Above STACKING_MAX_CLASSES categories, where a stack is refused: the average the stack replaced. */
export const MANY_CATEGORIES_AUDIT_KINDS: readonly string[] = ['text-linear', 'naive-bayes'];

/** The kinds an audit of a catalog of `nCategories` categories averages when none are asked for. */
export function defaultAuditKinds(nCategories: number): readonly string[] {
  return nCategories > STACKING_MAX_CLASSES ? MANY_CATEGORIES_AUDIT_KINDS : DEFAULT_AUDIT_KINDS;
}

export type { SuspectReason } from './suspect-ranking.js';

/**
 * How much the neighbour vote (see `neighbourVotes`) weighs against the models' averaged probabilities. Alone the vote
 * ranks poorly (0.55 at 5 % flipped): it breaks the models' near-ties. With the default kinds on the Rakuten sample,
 * 5 % of labels flipped, the flipped share of the top suspects at seeds 7 / 8 / 9 (bench/audit.ts --vote-weight W):
 * weight 0: 0.793 / 0.784 / 0.789; 0.05: 0.802 / 0.810 / 0.810; 0.1: 0.793 / 0.802 / 0.815; 0.2: 0.797 / 0.784 / -.
 */
export const DEFAULT_VOTE_WEIGHT = 0.05;

/** One product the audit finds likely misfiled. */
export interface AuditSuspect {
  /** The product's id column (the index column for the challenge layout). */
  id: string;
  /** 1-based data row in the file read. */
  row: number;
  /** Position among the labelled products audited (0-based; what `excludeSuspects` drops). */
  position: number;
  title: string;
  /** Category ids (the taxonomy's), as filed and as suggested. */
  given: string;
  suggested: string;
  /** The models' out-of-fold probabilities of each category, mixed with the neighbour vote (see `voteWeight`). */
  givenProbability: number;
  suggestedProbability: number;
  /**
   * 1 - p(given) / t(given), at least 0: the out-of-fold probability of the given category relative to the average
   * one of the rows filed under it. Higher is more suspect; suspects are sorted on it.
   */
  score: number;
  /** Words of the product that push the model towards the suggested category, strongest first. */
  words: string[];
  reason: SuspectReason;
  /** True when both categories have the same parent in a tree taxonomy (a smaller error than a wrong branch). */
  sameParent: boolean;
}

/** An estimated kind of error: how many products filed under `given` belong to `suggested` (category ids). */
export interface AuditNoise {
  given: string;
  suggested: string;
  estimatedCount: number;
}

export interface AuditReport {
  /** Best first. */
  suspects: AuditSuspect[];
  /** Largest first. */
  noise: AuditNoise[];
  /** How many labels confident learning estimates wrong (the sum of `noise`): what `--exclude-suspects` drops. */
  estimatedIssues: number;
  kinds: string[];
  folds: number;
  seconds: number;
}

export interface AuditRequest {
  products: readonly Product[];
  /** Taxonomy keys, one per product. */
  labels: Int32Array;
  taxonomy: Taxonomy;
  images?: ImageIndex;
  /** Model kinds whose out-of-fold probabilities are averaged (default `defaultAuditKinds` of the catalog's categories). */
  kinds?: readonly string[];
  seed: number;
  folds?: number;
  /** Weight of the neighbour vote in the probabilities suspects are ranked by (default DEFAULT_VOTE_WEIGHT; 0: none). */
  voteWeight?: number;
  /** How many words to give per suspect (default 5). */
  topWords?: number;
  /** The 1-based data row of each position (default: position + 1). */
  rowOf?: (position: number) => number;
  progress?: Progress;
  signal?: AbortSignal;
}

/**
 * Audits a labelled catalog: every row is scored by models that never saw it (nor a copy of it); confident
 * learning (per-class thresholds, the confident joint, prune by noise rate) picks the rows whose label is likely
 * wrong and estimates how many are wrong per category pair; rows whose copies (same title words) are mostly filed
 * elsewhere join them as duplicate conflicts. The models' probabilities are mixed with how each row's nearest
 * products (by words, copies left out) are filed, before both steps. Suspects are sorted by self-confidence relative to the class (see
 * `rankSuspects`).
 * @throws ProdclassError INVALID_INPUT for fewer than two categories; INVALID_PARAM for a vote weight outside [0, 1];
 *   MODEL_UNKNOWN_KIND; DATA_TOO_SMALL.
 */
export async function auditCatalog(request: AuditRequest): Promise<AuditReport> {
  const started = performance.now();
  const { products, labels, taxonomy } = request;
  const nCategories = new Set(labels).size;
  const kinds = [...(request.kinds ?? defaultAuditKinds(nCategories))];
  kinds.forEach((kind) => modelKind(kind));
  if (nCategories < 2) {
    throw new ProdclassError('INVALID_INPUT', 'an audit needs products filed under at least two categories');
  }
  const voteWeight = request.voteWeight ?? DEFAULT_VOTE_WEIGHT;
  if (!(voteWeight >= 0 && voteWeight <= 1)) throw new ProdclassError('INVALID_PARAM', `audit: the vote weight must lie in [0, 1], got ${voteWeight}`);
  const folds = request.folds ?? DEFAULT_FOLDS;
  const inputs = productInputs(products, request.images);
  const groups = productGroups(products);
  const progress = request.progress ?? silentProgress;

  // Words come from the first kind that explains: from the fold model that held each row out, or, for a kind that
  // shares its features across folds (one pass, no fold models), from its model fitted on every row.
  let explainer: ((position: number) => ProductModel) | null = null;
  let proba: DenseMatrix | null = null;
  let classes: Int32Array | null = null;
  for (const kind of kinds) {
    // The shared pass (text features fitted once, warm-started folds) also fits a final model, a by-product here:
    // text-linear's out-of-fold pass took 34 s that way against 76 s fold by fold, for the same audit precision.
    const shared = (modelKind(kind).create({ seed: request.seed }) as ProductModel).canFitOutOfFold === true;
    const keep: ProductModel[] | null = explainer === null && !shared ? [] : null;
    const oof = await outOfFoldPredictions({
      kind,
      seed: request.seed,
      inputs,
      labels,
      folds,
      groups,
      progress,
      signal: request.signal,
      fitFinal: shared,
      onFold: keep ? (fold, model) => void (keep[fold] = model) : undefined,
    });
    const foldOf = oof.foldOf;
    if (explainer === null) {
      if (oof.method === 'shared-features' && typeof oof.model?.explain === 'function') {
        const model = oof.model;
        explainer = () => model;
      } else if (keep && keep.length === oof.folds.length && keep.every((model) => typeof model.explain === 'function')) {
        explainer = (position) => keep[foldOf[position]];
      }
    }
    if (!proba) [proba, classes] = [new DenseMatrix(oof.proba.rows, oof.proba.cols), oof.classes];
    for (let i = 0; i < proba.data.length; i++) proba.data[i] += oof.proba.data[i] / kinds.length;
  }
  const keys = classes!;
  const column = new Map(Array.from(keys, (key, j) => [key, j]));
  const given = Int32Array.from(labels, (key) => column.get(key)!);
  const p = voteWeight > 0 ? mixVotes(proba!, await neighbourVotes(products, given, keys.length, groups, voteNeighbours(given, keys.length)), voteWeight) : proba!;

  const { suspects: ranked, joint } = rankSuspects(p, given, groups);

  const idOf = (j: number) => taxonomy.get(keys[j]).id;
  const rowOf = request.rowOf ?? ((position: number) => position + 1);
  const topWords = request.topWords ?? 5;
  const suspects: AuditSuspect[] = [];
  for (const { row: position, suggested, reason, score } of ranked) {
    const givenProbability = p.get(position, given[position]);
    const parentOfGiven = taxonomy.parentOf(keys[given[position]]);
    suspects.push({
      id: productId(products[position]),
      row: rowOf(position),
      position,
      title: products[position].designation,
      given: idOf(given[position]),
      suggested: idOf(suggested),
      givenProbability: round(givenProbability),
      suggestedProbability: round(p.get(position, suggested)),
      score: round(score),
      words: explainer && topWords > 0 ? await suggestionWords(explainer(position), inputs[position], keys[suggested], topWords) : [],
      reason,
      sameParent: parentOfGiven !== null && parentOfGiven === taxonomy.parentOf(keys[suggested]),
    });
  }
  const noise = noiseEstimates(joint).map((e) => ({ given: idOf(e.given), suggested: idOf(e.suggested), estimatedCount: e.estimatedCount }));
  return {
    suspects,
    noise,
    estimatedIssues: estimatedIssueCount(joint),
    kinds,
    folds,
    seconds: (performance.now() - started) / 1000,
  };
}

/** The product's words that push `model` towards `code`, strongest first. */
async function suggestionWords(model: ProductModel, input: ProductInput, code: number, n: number): Promise<string[]> {
  const explanation = await model.explain!(input, code, n * 2);
  const words: string[] = [];
  for (const { term, weight } of explanation.terms) {
    if (weight > 0 && !words.includes(term)) words.push(term);
  }
  return words.slice(0, n);
}

function round(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}
