// Which automatic filings are spot-checked: only automatic ones, at the share asked for, reproducibly.

import { describe, expect, it } from 'vitest';
import { SpotChecks } from '../../src/workflows/spot-checks.js';

describe('SpotChecks', () => {
  it('checks only automatic filings, none at share 0, all at share 1', () => {
    const all = new SpotChecks(1);
    expect([all.pick('auto'), all.pick('review'), all.pickKeyed('auto', 'j:1'), all.pickKeyed('review', 'j:1')]).toEqual([true, false, true, false]);
    const none = new SpotChecks(0);
    expect(Array.from({ length: 100 }, () => none.pick('auto') || none.pickKeyed('auto', 'k')).some(Boolean)).toBe(false);
  });

  it('draws about the share asked for, the same for the same seed and key, other rows for another seed', () => {
    const keys = Array.from({ length: 4000 }, (_, i) => `job-1:${i}`);
    const a = new SpotChecks(0.05, 9);
    const picked = keys.filter((k) => a.pickKeyed('auto', k));
    expect(picked.length / keys.length).toBeGreaterThan(0.04);
    expect(picked.length / keys.length).toBeLessThan(0.06);
    expect(keys.filter((k) => new SpotChecks(0.05, 9).pickKeyed('auto', k))).toEqual(picked);
    expect(keys.filter((k) => new SpotChecks(0.05, 10).pickKeyed('auto', k))).not.toEqual(picked);

    const draws = (seed: number) => {
      const s = new SpotChecks(0.05, seed);
      return Array.from({ length: 4000 }, () => s.pick('auto'));
    };
    expect(draws(4)).toEqual(draws(4));
    const share = draws(4).filter(Boolean).length / 4000;
    expect(share).toBeGreaterThan(0.04);
    expect(share).toBeLessThan(0.06);
  });

  it('refuses a share outside [0, 1]', () => {
    expect(() => new SpotChecks(1.5)).toThrow(RangeError);
    expect(() => new SpotChecks(-0.1)).toThrow(RangeError);
    expect(() => new SpotChecks(Number.NaN)).toThrow(RangeError);
  });
});
