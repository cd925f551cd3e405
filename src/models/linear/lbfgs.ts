// L-BFGS minimiser with a strong-Wolfe line search, generic over a smooth objective returning value and gradient.

import { ProdclassError } from '../../core/errors.js';

/** A smooth objective. The returned gradient is copied, so the function may reuse one buffer across calls. */
export type Objective = (x: Float64Array) => { value: number; gradient: Float64Array };

export interface LbfgsOptions {
  /** Iterations (line searches) at most. Default 100. */
  maxIter?: number;
  /** Stop when max_j |g_j| <= gtol (scipy's pgtol). Default 1e-5. */
  gtol?: number;
  /** Stop when (f_k - f_k+1) / max(|f_k|, |f_k+1|, 1) <= ftol (scipy's factr * eps). Default 2.2e-9. */
  ftol?: number;
  /** Correction pairs kept (m). Default 10. */
  memory?: number;
  /** Function evaluations per line search at most. Default 25. */
  maxLineSearch?: number;
  /** Called after each iteration with its number (from 1) and the objective value. */
  onIteration?: (iteration: number, value: number) => void;
}

export type LbfgsStop = 'gtol' | 'ftol' | 'maxIter' | 'lineSearch';

export interface LbfgsResult {
  x: Float64Array;
  value: number;
  gradient: Float64Array;
  iterations: number;
  evaluations: number;
  /** Why it stopped; `converged` is true for gtol and ftol. */
  stop: LbfgsStop;
  converged: boolean;
}

const C1 = 1e-4;
const C2 = 0.9;

/**
 * Minimises `fn` from `x0` by limited-memory BFGS (Nocedal & Wright, Numerical Optimization, 2nd ed.):
 * the direction d = -H g comes from the two-loop recursion over the last m pairs s = x_k+1 - x_k,
 * y = g_k+1 - g_k with initial scaling H0 = (s'y / y'y) I; the step satisfies the strong Wolfe conditions
 * f(x + a d) <= f(x) + c1 a g'd and |g(x + a d)'d| <= c2 |g'd| (c1 = 1e-4, c2 = 0.9), found by bracketing
 * and cubic-interpolation zoom (Algorithms 3.5 and 3.6). Pairs with s'y <= 1e-10 y'y are skipped, which
 * keeps H positive definite. The first step is 1 / ||g||, later ones start at 1.
 * @throws ProdclassError INVALID_INPUT when the objective is not finite at x0.
 */
export function minimizeLbfgs(fn: Objective, x0: Float64Array, options: LbfgsOptions = {}): LbfgsResult {
  const maxIter = options.maxIter ?? 100;
  const gtol = options.gtol ?? 1e-5;
  const ftol = options.ftol ?? 2.220446049250313e-9;
  const m = options.memory ?? 10;
  const maxLineSearch = options.maxLineSearch ?? 25;
  const n = x0.length;

  let x: Float64Array = Float64Array.from(x0);
  let evaluations = 1;
  const first = fn(x);
  let f = first.value;
  let g: Float64Array = Float64Array.from(first.gradient);
  if (!Number.isFinite(f)) throw new ProdclassError('INVALID_INPUT', `L-BFGS: objective is ${f} at the starting point`);

  const sHist: Float64Array[] = [];
  const yHist: Float64Array[] = [];
  const rhoHist: number[] = [];
  const alphaBuf = new Float64Array(m);
  const d = new Float64Array(n);
  let iterations = 0;

  if (maxAbs(g) <= gtol) return done('gtol');

  while (iterations < maxIter) {
    twoLoop(g, sHist, yHist, rhoHist, alphaBuf, d);
    let slope = dot(g, d);
    if (!(slope < 0)) {
      // Not a descent direction (numerical trouble): drop the memory and use steepest descent.
      sHist.length = 0;
      yHist.length = 0;
      rhoHist.length = 0;
      for (let j = 0; j < n; j++) d[j] = -g[j];
      slope = dot(g, d);
    }
    const initialStep = iterations === 0 && sHist.length === 0 ? Math.min(1, 1 / Math.sqrt(dot(g, g))) : 1;
    const search = strongWolfe(fn, x, f, g, d, slope, initialStep, maxLineSearch);
    evaluations += search.evaluations;
    if (!search.ok) return done('lineSearch');
    iterations++;

    const s = new Float64Array(n);
    const yv = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      s[j] = search.x[j] - x[j];
      yv[j] = search.g[j] - g[j];
    }
    const sy = dot(s, yv);
    const yy = dot(yv, yv);
    if (sy > 1e-10 * yy) {
      if (sHist.length === m) {
        sHist.shift();
        yHist.shift();
        rhoHist.shift();
      }
      sHist.push(s);
      yHist.push(yv);
      rhoHist.push(1 / sy);
    }
    const fOld = f;
    x = search.x;
    f = search.f;
    g = search.g;
    options.onIteration?.(iterations, f);
    if (maxAbs(g) <= gtol) return done('gtol');
    if ((fOld - f) / Math.max(Math.abs(fOld), Math.abs(f), 1) <= ftol) return done('ftol');
  }
  return done('maxIter');

  function done(stop: LbfgsStop): LbfgsResult {
    return { x, value: f, gradient: g, iterations, evaluations, stop, converged: stop === 'gtol' || stop === 'ftol' };
  }
}

/** d = -H g by the two-loop recursion; H0 = (s'y / y'y) I from the newest pair, the identity without pairs. */
function twoLoop(g: Float64Array, sHist: Float64Array[], yHist: Float64Array[], rho: number[], alpha: Float64Array, d: Float64Array): void {
  const n = g.length;
  for (let j = 0; j < n; j++) d[j] = -g[j];
  const k = sHist.length;
  for (let i = k - 1; i >= 0; i--) {
    alpha[i] = rho[i] * dot(sHist[i], d);
    axpy(-alpha[i], yHist[i], d);
  }
  if (k > 0) {
    const gamma = 1 / (rho[k - 1] * dot(yHist[k - 1], yHist[k - 1]));
    for (let j = 0; j < n; j++) d[j] *= gamma;
  }
  for (let i = 0; i < k; i++) {
    const beta = rho[i] * dot(yHist[i], d);
    axpy(alpha[i] - beta, sHist[i], d);
  }
}

interface SearchPoint {
  a: number;
  f: number;
  slope: number;
  x: Float64Array;
  g: Float64Array;
}

/** Strong-Wolfe line search along d from x (Nocedal & Wright, Algorithms 3.5 and 3.6). */
function strongWolfe(
  fn: Objective,
  x: Float64Array,
  f0: number,
  g0: Float64Array,
  d: Float64Array,
  slope0: number,
  initialStep: number,
  maxEvaluations: number,
): { ok: boolean; x: Float64Array; f: number; g: Float64Array; evaluations: number } {
  let evaluations = 0;
  const evaluate = (a: number): SearchPoint => {
    evaluations++;
    const xa = new Float64Array(x.length);
    for (let j = 0; j < x.length; j++) xa[j] = x[j] + a * d[j];
    const r = fn(xa);
    const ga = Float64Array.from(r.gradient);
    return { a, f: r.value, slope: dot(ga, d), x: xa, g: ga };
  };
  const found = (p: SearchPoint) => ({ ok: true, x: p.x, f: p.f, g: p.g, evaluations });
  const failed = () => ({ ok: false, x, f: f0, g: g0, evaluations });
  const sufficient = (p: SearchPoint) => Number.isFinite(p.f) && p.f <= f0 + C1 * p.a * slope0;
  const curvature = (p: SearchPoint) => Math.abs(p.slope) <= -C2 * slope0;

  const zoom = (lo: SearchPoint, hi: SearchPoint): ReturnType<typeof found> => {
    while (evaluations < maxEvaluations) {
      const a = cubicMinimizer(lo, hi);
      const p = evaluate(a);
      if (!sufficient(p) || p.f >= lo.f) {
        hi = p;
      } else {
        if (curvature(p)) return found(p);
        if (p.slope * (hi.a - lo.a) >= 0) hi = lo;
        lo = p;
      }
      if (Math.abs(hi.a - lo.a) <= 1e-16 * Math.max(1, Math.abs(lo.a))) break;
    }
    // Out of evaluations: accept the best point with sufficient decrease, if any.
    return lo.a > 0 && lo.f < f0 ? found(lo) : failed();
  };

  let prev: SearchPoint = { a: 0, f: f0, slope: slope0, x, g: g0 };
  let a = initialStep;
  while (evaluations < maxEvaluations) {
    const p = evaluate(a);
    if (!Number.isFinite(p.f)) {
      // Stepped out of the domain (overflow): shrink towards the last good point.
      a = prev.a + (a - prev.a) / 10;
      continue;
    }
    if (!sufficient(p) || (prev.a > 0 && p.f >= prev.f)) return zoom(prev, p);
    if (curvature(p)) return found(p);
    if (p.slope >= 0) return zoom(p, prev);
    prev = p;
    a *= 2;
  }
  return prev.a > 0 ? found(prev) : failed();
}

/**
 * Minimiser of the cubic through (a, f, f') at both ends, kept inside the middle 80% of the interval
 * so the bracket always shrinks; bisection when the cubic has no real minimiser.
 */
function cubicMinimizer(p: SearchPoint, q: SearchPoint): number {
  const lo = Math.min(p.a, q.a);
  const hi = Math.max(p.a, q.a);
  const margin = 0.1 * (hi - lo);
  const d1 = p.slope + q.slope - (3 * (p.f - q.f)) / (p.a - q.a);
  const disc = d1 * d1 - p.slope * q.slope;
  let a = (lo + hi) / 2;
  if (disc >= 0) {
    const d2 = Math.sign(q.a - p.a) * Math.sqrt(disc);
    const candidate = q.a - (q.a - p.a) * ((q.slope + d2 - d1) / (q.slope - p.slope + 2 * d2));
    if (Number.isFinite(candidate)) a = candidate;
  }
  return Math.min(Math.max(a, lo + margin), hi - margin);
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let j = 0; j < a.length; j++) s += a[j] * b[j];
  return s;
}

function axpy(alpha: number, x: Float64Array, y: Float64Array): void {
  for (let j = 0; j < x.length; j++) y[j] += alpha * x[j];
}

function maxAbs(a: Float64Array): number {
  let m = 0;
  for (let j = 0; j < a.length; j++) m = Math.max(m, Math.abs(a[j]));
  return m;
}
