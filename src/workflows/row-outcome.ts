// What a batch makes of a chunk of classified rows: failures listed, each filed row counted, decided and recorded.

import { relative } from 'node:path';
import type { Product } from '../data/product.js';
import type { RankedPrediction } from '../models/top-predictions.js';
import type { NewPrediction } from '../storage/prediction-store.js';
import { filingDecision, heldByCategory, type FilingDecision, type ServedModel } from './served-model.js';
import type { FiledProduct } from './catalog-index.js';
import type { SpotChecks } from './spot-checks.js';
import type { PathStep } from '../taxonomy/index.js';
import { depthFiling, filedElsewhere, type DepthFiling } from './depth-decision.js';

/** Bad rows listed (line and reason) in a job's summary; the rest are only counted. */
export const MAX_ERRORS_LISTED = 20;

/** The counts a batch keeps of its rows: a job's checkpoint, or one queued chunk's summary. */
export interface RowTally {
  rowsDone: number;
  rowsFailed: number;
  /** Rows per predicted code. */
  counts: { [code: string]: number };
  /** Rows whose best probability is under the review threshold. */
  lowConfidence: number;
  /** The first MAX_ERRORS_LISTED bad rows, with their line and what was wrong. */
  errors: { line: number; message: string }[];
}

/** A row of the chunk as the file gave it: its line there, and the product read from it. */
export interface ChunkRow {
  line: number;
  product: Product;
}

/** A row filed in a category, handed to the batch's writer for its result line. */
export interface FiledRow {
  /** Position of the row in the chunk. */
  position: number;
  product: Product;
  best: RankedPrediction;
  decision: FilingDecision;
  /** A tree model's filing by its per-depth thresholds (the category filed at, perhaps a parent); null otherwise. */
  filing: DepthFiling | null;
}

export interface RowOutcomeContext {
  served: ServedModel;
  jobId: string;
  /** Stored image paths are relative to this folder. */
  varDir: string;
  /** Confidence under which a row counts as low-confidence and goes to review. */
  threshold: number;
  /** The photo stored with a row's prediction, or null. */
  imageOf(product: Product): string | null;
  /** Which automatically filed rows also go to review (none without). */
  spotChecks?: SpotChecks;
  /** Each category's own threshold applies too (see filingDecision). */
  perCategory?: boolean;
  /**
   * The id a row filed automatically takes in the similarity index (its catalog id when the file has an id column);
   * null leaves the rows out of the index.
   */
  indexIdOf?: (product: Product) => string | null;
}

/** Counts a bad row, listing it while fewer than MAX_ERRORS_LISTED are. */
export function tallyFailure(tally: RowTally, line: number, message: string): void {
  tally.rowsFailed++;
  if (tally.errors.length < MAX_ERRORS_LISTED) tally.errors.push({ line, message });
}

/**
 * Takes in a chunk's rows and what `classify` gave for each (its top predictions, or the error that row raised): a
 * failed row is counted and listed; a filed row gets its filing decision (auto at or above `ctx.threshold`, else
 * review; for a tree model whose card has per-depth thresholds and `paths` given, by those: see depthFiling), is
 * counted under its best code, and yields its result text (from `write`) and its prediction record.
 * @returns the chunk's result text, in row order, and the prediction records of its filed rows.
 */
export function rowOutcomes(
  rows: readonly ChunkRow[],
  ranked: readonly (RankedPrediction[] | Error)[],
  tally: RowTally,
  ctx: RowOutcomeContext,
  write: (row: FiledRow) => string,
  paths?: readonly (PathStep[] | null)[],
): { text: string; records: NewPrediction[]; filed: FiledProduct[] } {
  let text = '';
  const records: NewPrediction[] = [];
  const filed: FiledProduct[] = [];
  rows.forEach(({ line, product }, position) => {
    const top = ranked[position];
    if (top instanceof Error) {
      tallyFailure(tally, line, top.message);
      return;
    }
    const best = top[0];
    const path = paths?.[position];
    const filing = path ? depthFiling(ctx.served.card, path, ctx.threshold, ctx.perCategory ?? false) : null;
    const decision = filing?.decision ?? filingDecision(ctx.served.card, best.code, best.probability, ctx.threshold, ctx.perCategory ?? false);
    text += write({ position, product, best, decision, filing });
    tally.rowsDone++;
    tally.counts[best.code] = (tally.counts[best.code] ?? 0) + 1;
    if (best.probability < ctx.threshold) tally.lowConfidence++;
    const image = ctx.imageOf(product);
    const filedCode = filedElsewhere(filing, best.code);
    records.push({
      origin: 'batch',
      modelId: ctx.served.id,
      jobId: ctx.jobId,
      rowIndex: product.index,
      designation: product.designation,
      description: product.description,
      image: image === null ? null : relative(ctx.varDir, image),
      code: best.code,
      confidence: best.probability,
      top: top.map((p) => [p.code, p.probability]),
      // Filed at a parent too: such a check is judged against that parent (see the predict route).
      spotCheck: ctx.spotChecks?.pickKeyed(decision, `${ctx.jobId}:${product.index}`) ?? false,
      held: heldByCategory(decision, best.probability, ctx.threshold),
      filedCode,
    });
    const indexId = decision === 'auto' ? (ctx.indexIdOf?.(product) ?? null) : null;
    if (indexId !== null) filed.push({ id: indexId, designation: product.designation, description: product.description, category: filedCode ?? best.code });
  });
  return { text, records, filed };
}

/** Adds a chunk's tally to a job's (bad rows listed while fewer than MAX_ERRORS_LISTED are). */
export function addTally(into: RowTally, from: RowTally): void {
  into.rowsDone += from.rowsDone;
  into.rowsFailed += from.rowsFailed;
  into.lowConfidence += from.lowConfidence;
  for (const [code, n] of Object.entries(from.counts)) into.counts[code] = (into.counts[code] ?? 0) + n;
  for (const e of from.errors) if (into.errors.length < MAX_ERRORS_LISTED) into.errors.push(e);
}
