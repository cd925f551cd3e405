// Platt's sigmoid: the (a, b) that map decision scores to probabilities, by cross-entropy against smoothed targets.

/** Cross-entropy of (a, b), with its gradient and Hessian, from one pass over the scores. */
interface PlattPoint {
  a: number;
  b: number;
  value: number;
  /** Gradient and Hessian, divided by the total weight as the value is. */
  ga: number;
  gb: number;
  haa: number;
  hab: number;
  hbb: number;
}

function evaluate(a: number, b: number, f: Float64Array, t: Float64Array, w: Float64Array | null, total: number): PlattPoint {
  let value = 0;
  let ga = 0;
  let gb = 0;
  let haa = 0;
  let hab = 0;
  let hbb = 0;
  for (let i = 0; i < f.length; i++) {
    const u = a * f[i] + b;
    const wi = w ? w[i] : 1;
    // One exponential gives both the softplus and the sigmoid.
    const e = Math.exp(-Math.abs(u));
    const p = u >= 0 ? 1 / (1 + e) : e / (1 + e);
    value += wi * (Math.max(u, 0) + Math.log1p(e) - t[i] * u);
    const r = wi * (p - t[i]);
    const h = wi * p * (1 - p);
    ga += r * f[i];
    gb += r;
    haa += h * f[i] * f[i];
    hab += h * f[i];
    hbb += h;
  }
  return { a, b, value: value / total, ga: ga / total, gb: gb / total, haa: haa / total, hab: hab / total, hbb: hbb / total };
}

/**
 * Minimises Platt's cross-entropy over (a, b) for scores `f`, targets `t` and optional per-sample weights, by Newton's
 * method with a backtracking line search (Lin, Lin and Weng, "A note on Platt's probabilistic outputs", 2007): the
 * problem is convex in two unknowns, so a handful of passes over the scores reach the optimum that scikit-learn's
 * BFGS approaches in tens. `start`: where Newton starts (a fit of similar scores, say), (0, log prior odds) without.
 */
export function fitPlatt(f: Float64Array, t: Float64Array, w: Float64Array | null, nPos: number, nNeg: number, start?: readonly [number, number]): [number, number] {
  let total = 0;
  for (let i = 0; i < f.length; i++) total += w ? w[i] : 1;
  const [a0, b0] = start ?? [0, Math.log((nPos + 1) / (nNeg + 1))];
  let point = evaluate(a0, b0, f, t, w, total);
  for (let iter = 0; iter < 100; iter++) {
    if (Math.max(Math.abs(point.ga), Math.abs(point.gb)) < 1e-10) break;
    // A tiny ridge keeps the Hessian invertible when every score is the same.
    const haa = point.haa + 1e-12;
    const hbb = point.hbb + 1e-12;
    const det = haa * hbb - point.hab * point.hab;
    const da = -(hbb * point.ga - point.hab * point.gb) / det;
    const db = -(haa * point.gb - point.hab * point.ga) / det;
    const slope = point.ga * da + point.gb * db;
    // The Newton decrement (-slope) bounds what is left to gain: past 1e-12 of a mean cross-entropy, the line search
    // only fought rounding, halving its step 25 times an iteration for up to 100 iterations (2,600 passes over the
    // scores, where a fit takes 8).
    if (-slope / 2 <= 1e-12) break;
    let step = 1;
    let next: PlattPoint | null = null;
    while (step >= 1e-10) {
      const candidate = evaluate(point.a + step * da, point.b + step * db, f, t, w, total);
      if (candidate.value <= point.value + 1e-4 * step * slope) {
        next = candidate;
        break;
      }
      step /= 2;
    }
    // No step lowers the loss: the optimum is reached to rounding.
    if (next === null) break;
    point = next;
  }
  return [point.a, point.b];
}

export function sigmoid(u: number): number {
  return u >= 0 ? 1 / (1 + Math.exp(-u)) : Math.exp(u) / (1 + Math.exp(u));
}

/** log(1 + e^u) without overflow. */
export function softplus(u: number): number {
  return Math.max(u, 0) + Math.log1p(Math.exp(-Math.abs(u)));
}
