import { describe, expect, it } from 'vitest';
import { STACKING_MAX_CLASSES } from '../../src/models/compose/stacking.js';
import { modelKind } from '../../src/models/model-kinds.js';
import '../../src/models/registrations.js';
import { defaultModelKind } from '../../src/models/text-model-kinds.js';

describe('defaultModelKind', () => {
  it('stacks up to the categories a stack takes, and falls back to the single SVM beyond', () => {
    expect(defaultModelKind(2)).toBe('text-ensemble');
    expect(defaultModelKind(27)).toBe('text-ensemble');
    expect(defaultModelKind(STACKING_MAX_CLASSES)).toBe('text-ensemble');
    expect(defaultModelKind(STACKING_MAX_CLASSES + 1)).toBe('text-linear');
    expect(defaultModelKind(5_595)).toBe('text-linear');
    for (const n of [27, 5_595]) expect(modelKind(defaultModelKind(n)).modalities).toEqual(['text']);
  });
});
