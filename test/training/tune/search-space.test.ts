import { describe, expect, it } from 'vitest';
import { checkSearchSpace, inDimension, nestedParams } from '../../../src/training/tune/search-space.js';

describe('search spaces', () => {
  it('turns dotted paths into nested step parameters, over a base that is not mutated', () => {
    const base = { classifier: { C: 1, loss: 'hinge' }, features: { titleRepeat: 2 } };
    const out = nestedParams({ 'classifier.C': 0.5, 'select.k': 3000, 'head.layers.size': 64 }, base);
    expect(out).toEqual({ classifier: { C: 0.5, loss: 'hinge' }, features: { titleRepeat: 2 }, select: { k: 3000 }, head: { layers: { size: 64 } } });
    expect(base.classifier.C).toBe(1);
  });

  it('rejects malformed dimensions, naming them', () => {
    const bad = [
      [{ 'classifier.C': { type: 'float', low: 1, high: 1 } }, 'low < high'],
      [{ 'classifier.C': { type: 'float', low: 0, high: 1, log: true } }, 'log scale'],
      [{ 'select.k': { type: 'int', low: 1.5, high: 4 } }, 'integer bounds'],
      [{ 'x.y': { type: 'categorical', choices: [] } }, 'at least one choice'],
      [{ '.C': { type: 'float', low: 0, high: 1 } }, 'dotted path'],
      [{}, 'empty'],
    ] as const;
    for (const [space, message] of bad) {
      expect(() => checkSearchSpace('k', space as never)).toThrow(expect.objectContaining({ code: 'INVALID_PARAM', message: expect.stringContaining(message) }));
    }
    expect(() => checkSearchSpace('k', { 'classifier.C': { type: 'float', low: 0.1, high: 10, log: true } })).not.toThrow();
  });

  it('says whether a value lies in a dimension', () => {
    expect(inDimension({ type: 'int', low: 1, high: 5 }, 3)).toBe(true);
    expect(inDimension({ type: 'int', low: 1, high: 5 }, 3.5)).toBe(false);
    expect(inDimension({ type: 'categorical', choices: [null, 'a'] }, null)).toBe(true);
  });
});
