import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng.js';

describe('Rng', () => {
  it('repeats the same stream for the same seed and differs across seeds', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const c = new Rng(43);
    const sa = Array.from({ length: 5 }, () => a.nextUint32());
    expect(Array.from({ length: 5 }, () => b.nextUint32())).toEqual(sa);
    expect(Array.from({ length: 5 }, () => c.nextUint32())).not.toEqual(sa);
  });

  it('draws uniform floats in [0, 1) with the right mean and normals with unit variance', () => {
    const rng = new Rng(7);
    let sum = 0;
    let sq = 0;
    const n = 100_000;
    for (let i = 0; i < n; i++) {
      const u = rng.next();
      expect(u).toBeGreaterThanOrEqual(0);
      expect(u).toBeLessThan(1);
      sum += u;
      const z = rng.normal();
      sq += z * z;
    }
    expect(sum / n).toBeCloseTo(0.5, 2);
    expect(sq / n).toBeCloseTo(1, 1);
  });

  it('shuffles into a permutation', () => {
    const arr = Int32Array.from({ length: 100 }, (_, i) => i);
    new Rng(1).shuffle(arr);
    expect(Array.from(arr).sort((x, y) => x - y)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(Array.from(arr)).not.toEqual(Array.from({ length: 100 }, (_, i) => i));
  });
});
