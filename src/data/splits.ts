// Seeded stratified splits: one train/validation split, and k folds, each keeping class proportions.

import { ProdclassError } from '../core/errors.js';
import { Rng } from '../core/rng.js';

export interface Split {
  /** Positions (into the labels array) of the training rows, ascending. */
  train: Int32Array;
  /** Positions of the held-out rows, ascending. */
  validation: Int32Array;
}

/**
 * Positions grouped by label, each group shuffled with `rng`, groups in ascending label order
 * (so the result depends only on the seed and the labels, not on Map iteration order).
 */
function shuffledGroups(labels: ArrayLike<number>, rng: Rng): Int32Array[] {
  const groups = new Map<number, number[]>();
  for (let i = 0; i < labels.length; i++) {
    const g = groups.get(labels[i]);
    if (g) g.push(i);
    else groups.set(labels[i], [i]);
  }
  return [...groups.keys()].sort((a, b) => a - b).map((label) => rng.shuffle(Int32Array.from(groups.get(label)!)));
}

/**
 * Stratified k-fold (as scikit-learn's StratifiedKFold with shuffle): each class's rows are shuffled and
 * dealt round-robin across folds, continuing where the previous class stopped, so fold sizes differ by at most one
 * and every class with at least k rows appears in every fold.
 * @throws ProdclassError INVALID_PARAM when k < 2; DATA_TOO_SMALL when there are fewer rows than folds.
 */
export function stratifiedKFold(labels: ArrayLike<number>, k: number, seed: number): Split[] {
  if (!Number.isInteger(k) || k < 2) throw new ProdclassError('INVALID_PARAM', `k-fold: k must be an integer >= 2, got ${k}`);
  if (labels.length < k) throw new ProdclassError('DATA_TOO_SMALL', `k-fold: ${labels.length} rows cannot be split into ${k} folds`);
  const foldOf = new Int32Array(labels.length);
  let next = 0;
  for (const group of shuffledGroups(labels, new Rng(seed))) {
    for (const position of group) {
      foldOf[position] = next;
      next = (next + 1) % k;
    }
  }
  return Array.from({ length: k }, (_, fold) => {
    const train: number[] = [];
    const validation: number[] = [];
    for (let i = 0; i < labels.length; i++) (foldOf[i] === fold ? validation : train).push(i);
    return { train: Int32Array.from(train), validation: Int32Array.from(validation) };
  });
}

/**
 * Stratified k-fold over groups of rows that must stay together (copies of one product, which would otherwise
 * vouch for each other across folds): each group goes, whole, to one fold. Groups are stratified by the label of
 * their first row: within each label, groups are shuffled, then dealt largest first to the fold with the smallest share
 * of that label's rows plus share of all rows, so class shares and fold sizes stay close even when groups
 * differ in size.
 * @param groups one group id per row (any integers; rows with equal ids share a fold).
 * @throws ProdclassError INVALID_PARAM when k < 2 or the groups do not match the labels; DATA_TOO_SMALL when there
 *   are fewer groups than folds.
 */
export function groupedStratifiedKFold(labels: ArrayLike<number>, groups: ArrayLike<number>, k: number, seed: number): Split[] {
  if (!Number.isInteger(k) || k < 2) throw new ProdclassError('INVALID_PARAM', `k-fold: k must be an integer >= 2, got ${k}`);
  if (groups.length !== labels.length) {
    throw new ProdclassError('INVALID_PARAM', `k-fold: ${groups.length} group ids for ${labels.length} rows`);
  }
  const members = new Map<number, number[]>();
  for (let i = 0; i < groups.length; i++) {
    const m = members.get(groups[i]);
    if (m) m.push(i);
    else members.set(groups[i], [i]);
  }
  if (members.size < k) throw new ProdclassError('DATA_TOO_SMALL', `k-fold: ${members.size} groups of rows cannot be split into ${k} folds`);
  // One representative row per group, labelled with its group's first row: the groups are then dealt like rows.
  const firstRows = Int32Array.from([...members.values()].map((m) => m[0]));
  const groupLabels = Int32Array.from(firstRows, (row) => labels[row]);
  const foldOf = new Int32Array(labels.length);
  const sizes = new Float64Array(k);
  // Largest groups first (shuffled within each label, so ties depend only on the seed), each to the fold with the
  // smallest share of its label's rows plus share of all rows: neither the class shares nor the sizes run away.
  const dealt = shuffledGroups(groupLabels, new Rng(seed)).flatMap((positions) => Array.from(positions));
  const rowsOf = dealt.map((g) => members.get(groups[firstRows[g]])!);
  const order = rowsOf.map((_, i) => i).sort((a, b) => rowsOf[b].length - rowsOf[a].length || a - b);
  const labelRows = new Map<number, number>();
  for (let i = 0; i < labels.length; i++) labelRows.set(labels[i], (labelRows.get(labels[i]) ?? 0) + 1);
  const ofLabel = new Map<number, Float64Array>();
  for (const i of order) {
    const label = groupLabels[dealt[i]];
    let counts = ofLabel.get(label);
    if (!counts) ofLabel.set(label, (counts = new Float64Array(k)));
    const total = labelRows.get(label)!;
    const load = (f: number) => counts[f] / total + sizes[f] / labels.length;
    let fold = 0;
    for (let f = 1; f < k; f++) if (load(f) < load(fold)) fold = f;
    for (const row of rowsOf[i]) foldOf[row] = fold;
    counts[fold] += rowsOf[i].length;
    sizes[fold] += rowsOf[i].length;
  }
  return Array.from({ length: k }, (_, fold) => {
    const train: number[] = [];
    const validation: number[] = [];
    for (let i = 0; i < labels.length; i++) (foldOf[i] === fold ? validation : train).push(i);
    return { train: Int32Array.from(train), validation: Int32Array.from(validation) };
  });
}

/**
 * One stratified train/validation split: each class contributes round(fraction * count) rows to validation
 * (at least one when it has two or more rows, none when it has one, so no class vanishes from training).
 * @throws ProdclassError INVALID_PARAM when the fraction is not in (0, 1).
 */
export function stratifiedSplit(labels: ArrayLike<number>, validationFraction: number, seed: number): Split {
  if (!(validationFraction > 0 && validationFraction < 1)) {
    throw new ProdclassError('INVALID_PARAM', `validation fraction must be in (0, 1), got ${validationFraction}`);
  }
  const train: number[] = [];
  const validation: number[] = [];
  for (const group of shuffledGroups(labels, new Rng(seed))) {
    const nVal = group.length < 2 ? 0 : Math.min(group.length - 1, Math.max(1, Math.round(group.length * validationFraction)));
    group.forEach((position, i) => (i < nVal ? validation : train).push(position));
  }
  const ascending = (a: number, b: number) => a - b;
  return { train: Int32Array.from(train.sort(ascending)), validation: Int32Array.from(validation.sort(ascending)) };
}
