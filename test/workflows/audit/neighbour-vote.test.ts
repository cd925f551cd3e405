// The neighbour vote: how alike products are filed, mixed into the audit's probabilities, and how many neighbours it hears.

import { describe, expect, it } from 'vitest';
import { DenseMatrix } from '../../../src/core/dense-matrix.js';
import { mixVotes, neighbourVotes, voteNeighbours } from '../../../src/workflows/audit/neighbour-vote.js';

const products = [
  { designation: 'Tasse en porcelaine blanche', description: '' },
  { designation: 'Tasse en porcelaine bleue', description: '' },
  { designation: 'Tasse porcelaine rouge', description: '' },
  { designation: 'Ballon de football cuir', description: '' },
  { designation: 'Ballon de football enfant', description: '' },
  { designation: 'Tasse en porcelaine verte', description: '' },
  { designation: 'Zzz', description: '' },
];
// Cups are class 0, balls class 1; row 5 is a cup filed as a ball.
const given = Int32Array.from([0, 0, 0, 1, 1, 1, 0]);
const alone = products.map((_, row) => row);

describe('neighbourVotes', () => {
  it('gives each product the categories of the products sharing its words, weighted by similarity', async () => {
    const votes = await neighbourVotes(products, given, 2, alone, 3);
    // The misfiled cup's three nearest products are cups: its vote is all class 0.
    expect(votes.get(5, 0)).toBeCloseTo(1, 6);
    // A ball's nearest product is the other ball, then cups that share only "de"/"en" (or nothing).
    expect(votes.get(3, 1)).toBeGreaterThan(0.5);
    // A cup votes mostly for cups; the misfiled cup among its neighbours pulls a share towards class 1.
    expect(votes.get(0, 0)).toBeGreaterThan(0.5);
    expect(votes.get(0, 1)).toBeGreaterThan(0);
    for (let i = 0; i < products.length - 1; i++) expect(votes.get(i, 0) + votes.get(i, 1)).toBeCloseTo(1, 5);
    // A product sharing no word with any other has no vote.
    expect([...votes.row(6)]).toEqual([0, 0]);
  });

  it('never lets copies of one title vote for each other', async () => {
    const copies = [...products.slice(0, 6), { designation: 'Tasse en porcelaine verte', description: '' }];
    // Both copies of the green cup are filed as balls: as one group they only hear the other cups.
    const labels = Int32Array.from([0, 0, 0, 1, 1, 1, 1]);
    const separate = await neighbourVotes(copies, labels, 2, [0, 1, 2, 3, 4, 5, 6], 1);
    const grouped = await neighbourVotes(copies, labels, 2, [0, 1, 2, 3, 4, 5, 5], 1);
    expect(separate.get(5, 1)).toBeCloseTo(1, 6);
    expect(grouped.get(5, 0)).toBeCloseTo(1, 6);
  });

  it('refuses labels that do not match the products', async () => {
    await expect(neighbourVotes(products, Int32Array.from([0, 1]), 2, alone)).rejects.toThrow(/7 products, 2 labels/);
    await expect(neighbourVotes(products, Int32Array.from([0, 0, 0, 1, 1, 2, 0]), 2, alone)).rejects.toThrow(/class index 2/);
  });
});

describe('mixVotes', () => {
  it('mixes the vote in by weight and leaves rows without a vote as they are', () => {
    const proba = DenseMatrix.fromRows([
      [0.8, 0.2],
      [0.4, 0.6],
    ]);
    const votes = DenseMatrix.fromRows([
      [0, 1],
      [0, 0],
    ]);
    const mixed = mixVotes(proba, votes, 0.25);
    expect(mixed.get(0, 0)).toBeCloseTo(0.6, 6);
    expect(mixed.get(0, 1)).toBeCloseTo(0.4, 6);
    expect([...mixed.row(1)].map((v) => Number(v.toFixed(6)))).toEqual([0.4, 0.6]);
    expect(() => mixVotes(proba, DenseMatrix.fromRows([[1, 0]]), 0.1)).toThrow(/1 x 2 votes for 2 x 2/);
  });
});

describe('voteNeighbours', () => {
  it('hears as many neighbours as the median category holds, between 5 and 40', () => {
    const filed = (sizes: number[]) => Int32Array.from(sizes.flatMap((n, j) => Array<number>(n).fill(j)));
    expect(voteNeighbours(filed([150, 120, 300]), 3)).toBe(40);
    expect(voteNeighbours(filed([3, 4, 30, 2, 4]), 5)).toBe(5);
    expect(voteNeighbours(filed([12, 30, 20, 0]), 4)).toBe(20);
  });
});
