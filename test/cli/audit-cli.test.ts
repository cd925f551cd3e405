import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng.js';
import { runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/tmp.js';

const root = tempDir();
const file = join(root, 'shop.csv');

/** Leaves of a 2-level tree, each with words of its own and of its parent. */
const LEAVES = [
  ['Kitchen', 'Knives', ['blade', 'chef', 'forged', 'santoku']],
  ['Kitchen', 'Pans', ['skillet', 'nonstick', 'wok', 'saucepan']],
  ['Bath', 'Towels', ['towel', 'cotton', 'absorbent', 'terry']],
  ['Bath', 'Mirrors', ['mirror', 'vanity', 'glass', 'bevelled']],
] as const;
const PARENT_WORDS: Record<string, string> = { Kitchen: 'cooking', Bath: 'bathroom' };
// Rows filed on purpose under another category: a different branch, and the same parent.
const MISFILED: Record<number, string> = { 7: 'Bath / Towels', 70: 'Bath / Mirrors' };

beforeAll(() => {
  const rng = new Rng(5);
  const rows = ['sku;name;category'];
  let id = 0;
  for (const [parent, leaf, words] of LEAVES) {
    for (let k = 0; k < 30; k++) {
      id++;
      const pick = () => words[rng.int(words.length)];
      const category = MISFILED[id] ?? `${parent} / ${leaf}`;
      rows.push(`P${id};${pick()} ${pick()} ${pick()} ${PARENT_WORDS[parent]} item ${k};${category}`);
    }
  }
  // Three copies of one title, one of them filed apart.
  rows.push('D1;Mystery gadget deluxe;Kitchen / Knives', 'D2;mystery GADGET, deluxe;Kitchen / Knives', 'D3;Deluxe mystery gadget;Bath / Mirrors');
  writeFileSync(file, `${rows.join('\n')}\n`);
});

describe('prodclass audit', () => {
  it('lists the misfiled rows first, with the JSON shape of the issue, and writes the CSV', async () => {
    const out = join(root, 'audit.csv');
    const r = await runCli(['audit', '--data', file, '--label-separator', ' / ', '--model', 'naive-bayes', '--seed', '3', '--out', out, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const audit = JSON.parse(r.stdout);
    expect(Object.keys(audit)).toEqual(['suspects', 'noise']);
    const first = audit.suspects[0];
    expect(Object.keys(first).sort()).toEqual(
      ['id', 'row', 'title', 'given', 'suggested', 'givenProbability', 'suggestedProbability', 'score', 'words', 'reason', 'sameParent'].sort(),
    );
    const scores = audit.suspects.map((s: { score: number }) => s.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    const byId = new Map(audit.suspects.map((s: { id: string }) => [s.id, s]));
    const ids = audit.suspects.slice(0, 4).map((s: { id: string }) => s.id);
    expect(ids).toContain('P7');
    expect(ids).toContain('P70');
    expect(byId.get('P7')).toMatchObject({
      row: 7,
      given: 'Bath > Towels',
      suggested: 'Kitchen > Knives',
      reason: 'confident-learning',
      sameParent: false,
    });
    expect((byId.get('P7') as { words: string[] }).words.some((w) => ['blade', 'chef', 'forged', 'santoku', 'cooking'].some((k) => w.includes(k)))).toBe(true);
    expect(byId.get('P70')).toMatchObject({ given: 'Bath > Mirrors', suggested: 'Bath > Towels', sameParent: true });
    expect(byId.get('D3')).toMatchObject({ row: 123, given: 'Bath > Mirrors', suggested: 'Kitchen > Knives', reason: 'duplicate-conflict' });
    expect(audit.noise.length).toBeGreaterThan(0);
    expect(audit.noise[0]).toEqual({ given: expect.any(String), suggested: expect.any(String), estimatedCount: expect.any(Number) });

    const csv = readFileSync(out, 'utf8').trim().split('\n');
    expect(csv[0]).toBe('id,row,title,given,given_name,suggested,suggested_name,given_probability,suggested_probability,score,words,reason,same_parent');
    expect(csv).toHaveLength(audit.suspects.length + 1);
    expect(csv[1].startsWith(`${first.id},${first.row},`)).toBe(true);
  }, 120_000);

  it('trains without the suspects under --exclude-suspects and records how many were left out', async () => {
    const model = join(root, 'model');
    const r = await runCli(['train', '--data', file, '--label-separator', ' / ', '--model', 'naive-bayes', '--exclude-suspects', '--seed', '3', '--out', model, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const card = JSON.parse(r.stdout);
    expect(card.extra.excludedSuspects).toBeGreaterThan(0);
    // Every row is still predicted out-of-fold; the suspects are only left out of training.
    expect(card.data.nValidation).toBe(123);
    expect(card.data.nTrain + card.extra.excludedSuspects).toBe(123);
  }, 180_000);

  it('says which kinds exist for an unknown --model', async () => {
    const r = await runCli(['audit', '--data', file, '--label-separator', ' / ', '--model', 'nope']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/MODEL_UNKNOWN_KIND.*unknown model kind "nope"/);
  });
});
