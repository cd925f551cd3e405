import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffTaxonomies, readTaxonomy, readTaxonomyMapping } from '../../src/taxonomy/index.js';
import { tempDir } from '../helpers/tmp.js';

const dir = tempDir();
const write = (name: string, text: string) => {
  writeFileSync(join(dir, name), text);
  return join(dir, name);
};

const V1 = `1 - Home
2 - Home > Kitchen
3 - Home > Kitchen > Knives
4 - Home > Kitchen > Pans
5 - Home > Bath
6 - Toys
7 - Toys > Puzzles
8 - Toys > Board Games
9 - Garden
10 - Garden > Grills
`;
// v2: Knives renamed, Bath moved under Toys (odd but a move), Puzzles and Board Games merged into Games,
// Garden > Grills split into Charcoal and Gas grills, Pans removed.
const V2 = `1 - Home
2 - Home > Kitchen
3 - Home > Kitchen > Kitchen Knives
5 - Toys > Bath Toys
6 - Toys
11 - Toys > Games
9 - Garden
12 - Garden > Charcoal Grills
13 - Garden > Gas Grills
`;

describe('diffTaxonomies', () => {
  it('tells renamed, moved, merged, split and removed categories apart, and maps the keys it can', async () => {
    const old = await readTaxonomy(write('v1.txt', V1));
    const next = await readTaxonomy(write('v2.txt', V2));
    const mapping = await readTaxonomyMapping(write('map.csv', 'old,new\n7,11\n8,Toys > Games\n10,12\n10,13\n4,\n'));
    const diff = diffTaxonomies(old, next, mapping);
    const kindOf = (key: number) => diff.changes.find((c) => c.from.key === key)!.kind;
    expect(kindOf(1)).toBe('unchanged');
    expect(kindOf(3)).toBe('renamed');
    expect(kindOf(5)).toBe('moved');
    expect(kindOf(7)).toBe('merged');
    expect(kindOf(8)).toBe('merged');
    expect(kindOf(10)).toBe('split');
    expect(kindOf(4)).toBe('removed');
    expect(diff.counts).toEqual({ unchanged: 4, renamed: 1, moved: 1, merged: 2, split: 1, removed: 1 });
    expect(diff.keyMap.get(8)).toBe(11);
    expect(diff.added).toEqual([]);
    expect(diff.keyMap.has(10)).toBe(false);
    expect(diff.changes.find((c) => c.from.key === 10)!.to.map((t) => t.path)).toEqual(['Garden > Charcoal Grills', 'Garden > Gas Grills']);
  });

  it('names a mapping entry that is in neither taxonomy', async () => {
    const old = await readTaxonomy(write('a.txt', V1));
    const next = await readTaxonomy(write('b.txt', V2));
    expect(() => diffTaxonomies(old, next, new Map([['Toys > Puzles', ['11']]]))).toThrow(/"Toys > Puzles".*closest: Toys > Puzzles/);
  });
});
