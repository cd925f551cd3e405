import { describe, expect, it } from 'vitest';
import { blocksInUse } from '../../src/text/blocks-in-use.js';
import { PRODUCT_TEXT_DEFAULTS, type TextBlock } from '../../src/text/product-text-vectorizer.js';

const block = (name: string, field: TextBlock['field'], weight = 1): TextBlock => ({ name, field, weight, tfidf: {} });

describe('blocksInUse', () => {
  it('uses every block at its own weight when some training product has a description', () => {
    const blocks = [block('t', 'title', 2), block('x', 'text', 0.5), block('d', 'description')];
    expect(blocksInUse(blocks, true)).toEqual(blocks.map((b) => ({ block: b, weight: b.weight })));
  });

  it('leaves out the blocks that read the titles again on titles alone, the title blocks keeping the squared norm', () => {
    const inUse = blocksInUse(PRODUCT_TEXT_DEFAULTS.blocks, false);
    expect(inUse.map((u) => u.block.name)).toEqual(['title:word', 'title:char']);
    for (const u of inUse) expect(u.weight).toBeCloseTo(Math.SQRT2, 12);

    // Weights 2 (title), 1 and 2 (others): squared norm 9 before, 4 kept, so the title block is scaled by 3/2.
    const [only] = blocksInUse([block('t', 'title', 2), block('x', 'text', 1), block('d', 'description', 2)], false);
    expect(only.block.name).toBe('t');
    expect(only.weight).toBeCloseTo(3, 12);
    const squared = (us: { weight: number }[]) => us.reduce((s, u) => s + u.weight * u.weight, 0);
    expect(squared(blocksInUse(PRODUCT_TEXT_DEFAULTS.blocks, false))).toBeCloseTo(squared(blocksInUse(PRODUCT_TEXT_DEFAULTS.blocks, true)), 12);
  });

  it('keeps every block where there is no title block to keep, or nothing to leave out', () => {
    const noTitle = [block('x', 'text'), block('d', 'description')];
    expect(blocksInUse(noTitle, false).map((u) => u.block.name)).toEqual(['x', 'd']);
    const titlesOnly = [block('a', 'title'), block('b', 'title', 3)];
    expect(blocksInUse(titlesOnly, false)).toEqual(titlesOnly.map((b) => ({ block: b, weight: b.weight })));
  });
});
