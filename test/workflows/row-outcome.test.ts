import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ProdclassError } from '../../src/core/errors.js';
import type { Product } from '../../src/data/product.js';
import { rankedPrediction, type RankedPrediction } from '../../src/models/top-predictions.js';
import { RAKUTEN_TAXONOMY } from '../../src/taxonomy/index.js';
import { trainModel } from '../../src/training/train-model.js';
import { resultLine } from '../../src/workflows/result-csv.js';
import { addTally, MAX_ERRORS_LISTED, rowOutcomes, tallyFailure, type RowTally } from '../../src/workflows/row-outcome.js';
import { servedModel, type ServedModel } from '../../src/workflows/served-model.js';
import { syntheticProducts } from '../helpers/synthetic-text.js';

let served: ServedModel;

beforeAll(async () => {
  const { model, card } = await trainModel({ data: syntheticProducts(20, 3), taxonomy: RAKUTEN_TAXONOMY, source: 'synthetic', demo: true, kind: 'text-linear', seed: 3, validationFraction: 0.2 });
  served = servedModel({ id: card.modelId, model, card, dir: null, taxonomy: RAKUTEN_TAXONOMY });
});

const emptyTally = (): RowTally => ({ rowsDone: 0, rowsFailed: 0, counts: {}, lowConfidence: 0, errors: [] });
const product = (index: number, imageid = ''): Product => ({ index, id: String(index), designation: `title ${index}`, description: `about ${index}`, productid: '', imageid });
const top = (...pairs: [number, number][]): RankedPrediction[] => pairs.map(([code, p]) => rankedPrediction(RAKUTEN_TAXONOMY, code, p));

describe('rowOutcomes', () => {
  it('lists a failed row, files the others by the threshold, counts them and records each with its photo', () => {
    const varDir = '/srv/prodclass/var';
    const rows = [
      { line: 2, product: product(7, 'photo') },
      { line: 3, product: product(8) },
      { line: 5, product: product(9) },
      { line: 6, product: product(10) },
    ];
    const ranked = [top([10, 0.9], [60, 0.1]), new ProdclassError('IMAGE_INVALID', 'photo.jpg is not an image'), top([60, 0.4], [10, 0.35]), top([10, 0.5])];
    const tally = emptyTally();
    const imageOf = (p: Product) => (p.imageid ? join(varDir, 'jobs', 'j', 'images', `${p.imageid}.jpg`) : null);
    const { text, records } = rowOutcomes(rows, ranked, tally, { served, jobId: 'j', varDir, threshold: 0.5, imageOf }, resultLine);

    // A probability equal to the threshold is filed without review; under it goes to review and counts as low-confidence.
    expect(text.trim().split('\n').map((l) => l.split(',').at(-1))).toEqual(['auto', 'review', 'auto']);
    expect(text.split('\n')[0]).toBe('7,10,Used books,0.900000,auto');
    expect(tally).toEqual({ rowsDone: 3, rowsFailed: 1, counts: { 10: 2, 60: 1 }, lowConfidence: 1, errors: [{ line: 3, message: 'photo.jpg is not an image' }] });
    expect(records.map((r) => [r.rowIndex, r.code, r.confidence, r.image])).toEqual([
      [7, 10, 0.9, 'jobs/j/images/photo.jpg'],
      [9, 60, 0.4, null],
      [10, 10, 0.5, null],
    ]);
    expect(records[1]).toMatchObject({ origin: 'batch', modelId: served.id, jobId: 'j', designation: 'title 9', description: 'about 9', top: [[60, 0.4], [10, 0.35]] });
  });

  it('hands the writer each filed row with its position in the chunk', () => {
    const rows = [1, 2, 3].map((i) => ({ line: i + 1, product: product(i) }));
    const ranked = [top([10, 0.2]), new Error('bad'), top([2583, 0.8])];
    const seen: string[] = [];
    rowOutcomes(rows, ranked, emptyTally(), { served, jobId: 'j', varDir: '/v', threshold: 0.5, imageOf: () => null }, (row) => {
      seen.push(`${row.position}:${row.product.index}:${row.best.code}:${row.decision}`);
      return '';
    });
    expect(seen).toEqual(['0:1:10:review', '2:3:2583:auto']);
  });
});

describe('tallies', () => {
  it('count every failure but list only the first MAX_ERRORS_LISTED, also when chunks are added together', () => {
    const chunk = emptyTally();
    for (let line = 1; line <= MAX_ERRORS_LISTED + 3; line++) tallyFailure(chunk, line, `row ${line}`);
    expect(chunk.rowsFailed).toBe(MAX_ERRORS_LISTED + 3);
    expect(chunk.errors.map((e) => e.line)).toEqual(Array.from({ length: MAX_ERRORS_LISTED }, (_, i) => i + 1));

    const job: RowTally = { rowsDone: 4, rowsFailed: 1, counts: { 10: 3, 60: 1 }, lowConfidence: 2, errors: [{ line: 100, message: 'first' }] };
    addTally(job, { ...chunk, rowsDone: 5, counts: { 60: 2, 1560: 3 }, lowConfidence: 1 });
    expect(job).toMatchObject({ rowsDone: 9, rowsFailed: MAX_ERRORS_LISTED + 4, counts: { 10: 3, 60: 3, 1560: 3 }, lowConfidence: 3 });
    expect(job.errors).toHaveLength(MAX_ERRORS_LISTED);
    expect(job.errors.slice(0, 2)).toEqual([{ line: 100, message: 'first' }, { line: 1, message: 'row 1' }]);
  });
});
