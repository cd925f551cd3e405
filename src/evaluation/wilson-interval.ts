// The Wilson score interval of a binomial proportion: what a precision measured on a few reviewed products is worth.

/** z of a two-sided 95 % interval. */
const Z95 = 1.959963984540054;

/**
 * The Wilson score interval of `successes` out of `trials` (two-sided, 95 % by default). Unlike the normal
 * approximation it stays inside [0, 1] and is honest for small counts and proportions near 0 or 1, which is where
 * a precision measured on a few dozen spot checks lies.
 * @throws RangeError for counts that are not whole numbers with 0 <= successes <= trials, trials > 0.
 */
export function wilsonInterval(successes: number, trials: number, z = Z95): [number, number] {
  if (!Number.isInteger(successes) || !Number.isInteger(trials) || trials <= 0 || successes < 0 || successes > trials) {
    throw new RangeError(`a Wilson interval needs 0 <= successes <= trials and trials > 0, got ${successes} of ${trials}`);
  }
  const p = successes / trials;
  const z2 = z * z;
  const denominator = 1 + z2 / trials;
  const centre = (p + z2 / (2 * trials)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials))) / denominator;
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}
