import { describe, expect, it } from 'vitest';
import { newModelCard } from '../../src/core/model-card.js';
import { alwaysReviewed, filingDecision } from '../../src/workflows/served-model.js';

const card = newModelCard({
  kind: 'text-linear',
  extra: {
    categoryThresholds: {
      targetPrecision: 0.95,
      categories: [
        { code: 10, threshold: 0.8, predicted: 40 },
        { code: 60, threshold: null, predicted: 3 },
      ],
    },
  },
});

describe('filingDecision', () => {
  it('files at or above the review threshold, and with per-category thresholds also needs the category own one', () => {
    expect(filingDecision(card, 10, 0.7, 0.7)).toBe('auto');
    expect(filingDecision(card, 10, 0.69, 0.7)).toBe('review');
    expect(filingDecision(card, 10, 0.7, 0.7, true)).toBe('review');
    expect(filingDecision(card, 10, 0.8, 0.7, true)).toBe('auto');
    // A category that never reached the precision (or is not listed) is always reviewed.
    expect(filingDecision(card, 60, 0.99, 0.7, true)).toBe('review');
    expect(filingDecision(card, 2583, 0.99, 0.7, true)).toBe('review');
    expect(alwaysReviewed(card)).toEqual([60]);
  });

  it('falls back to the review threshold alone for cards without per-category thresholds', () => {
    const plain = newModelCard({ kind: 'text-linear' });
    expect(filingDecision(plain, 60, 0.9, 0.7, true)).toBe('auto');
    expect(alwaysReviewed(plain)).toEqual([]);
  });
});
