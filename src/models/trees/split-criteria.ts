// The math of a split's quality: second-order boosting gain and leaf weights, Gini and entropy impurity.

/**
 * Newton leaf weight of a node with gradient sum G and hessian sum H under an L2 penalty lambda on leaf
 * weights (XGBoost's CalcWeight without alpha or max_delta_step):  w* = -G / (H + lambda).
 */
export function leafWeight(G: number, H: number, lambda: number): number {
  return H + lambda > 0 ? -G / (H + lambda) : 0;
}

/**
 * Loss reduction of splitting a node (G, H) into (GL, HL) and (G - GL, H - HL), in XGBoost's convention
 * (its CalcGain, without the paper's factor 1/2; the caller compares it with gamma = min_split_loss):
 *
 *   gain = GL^2 / (HL + lambda) + GR^2 / (HR + lambda) - G^2 / (H + lambda)
 */
export function gradientGain(GL: number, HL: number, G: number, H: number, lambda: number): number {
  const GR = G - GL;
  const HR = H - HL;
  return (GL * GL) / (HL + lambda) + (GR * GR) / (HR + lambda) - (G * G) / (H + lambda);
}

export type Criterion = 'gini' | 'entropy';

/**
 * Impurity of weighted class counts c_k with total W:
 * gini = 1 - sum_k (c_k / W)^2; entropy = -sum_k (c_k / W) ln(c_k / W) (natural log: scikit-learn uses
 * log2, which only rescales it).
 */
export function impurity(criterion: Criterion, counts: ArrayLike<number>): number {
  let W = 0;
  for (let k = 0; k < counts.length; k++) W += counts[k];
  if (W <= 0) return 0;
  let s = 0;
  for (let k = 0; k < counts.length; k++) {
    const p = counts[k] / W;
    s += criterion === 'gini' ? p * p : p > 0 ? -p * Math.log(p) : 0;
  }
  return criterion === 'gini' ? 1 - s : s;
}

/**
 * The part of W * impurity that varies between splits, negated ("proxy", larger is better), so that a split's
 * weighted impurity decrease  W imp(T) - WL imp(L) - WR imp(R)  equals  proxy(L) + proxy(R) - proxy(T):
 *
 *   gini:    proxy(c) = sum_k c_k^2 / W
 *   entropy: proxy(c) = sum_k c_k ln c_k - W ln W
 */
export function impurityProxy(criterion: Criterion, counts: ArrayLike<number>): number {
  let W = 0;
  let s = 0;
  for (let k = 0; k < counts.length; k++) {
    W += counts[k];
    s += criterion === 'gini' ? counts[k] * counts[k] : xlogx(counts[k]);
  }
  if (W <= 0) return 0;
  return criterion === 'gini' ? s / W : s - xlogx(W);
}

/** x ln x, with 0 ln 0 = 0 (and 0 for the tiny negatives rounding can leave). */
export function xlogx(x: number): number {
  return x > 0 ? x * Math.log(x) : 0;
}
