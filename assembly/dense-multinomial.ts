// The multinomial logistic loss on dense rows (src/models/linear/dense-multinomial-objective.ts), compiled to WebAssembly
// with two-lane SIMD. Every pointer argument is a byte offset into the imported memory.

/**
 * Loss value of L2-penalised multinomial logistic regression; writes the gradient. x: n x F float32 rows; yIndex: int32
 * class positions; sampleWeight: float64 per row, or 0 for none; w and gradient: float64, F x K feature-major weights
 * then K intercepts; z: float64 scratch of K values.
 */
export function evaluate(
  x: usize,
  n: i32,
  F: i32,
  yIndex: usize,
  sampleWeight: usize,
  K: i32,
  w: usize,
  gradient: usize,
  z: usize,
  C: f64,
  fitIntercept: bool,
): f64 {
  const interceptOffset = <usize>(F * K) << 3;
  const pairs = K & ~1;
  let penalty: f64 = 0;
  const nCoef = F * K;
  for (let p = 0; p < nCoef; p++) {
    const at = <usize>p << 3;
    const v = load<f64>(w + at);
    penalty += v * v;
    store<f64>(gradient + at, v);
  }
  for (let k = 0; k < K; k++) store<f64>(gradient + interceptOffset + (<usize>k << 3), 0);
  let lossSum: f64 = 0;
  for (let i = 0; i < n; i++) {
    const s: f64 = sampleWeight ? load<f64>(sampleWeight + (<usize>i << 3)) : 1;
    if (s == 0) continue;
    const row = x + (<usize>(i * F) << 2);
    for (let k = 0; k < K; k++) store<f64>(z + (<usize>k << 3), fitIntercept ? load<f64>(w + interceptOffset + (<usize>k << 3)) : 0);
    for (let j = 0; j < F; j++) {
      const v = <f64>load<f32>(row + (<usize>j << 2));
      const vv = f64x2.splat(v);
      const base = w + (<usize>(j * K) << 3);
      let k = 0;
      for (; k < pairs; k += 2) {
        const at = <usize>k << 3;
        v128.store(z + at, f64x2.add(v128.load(z + at), f64x2.mul(vv, v128.load(base + at))));
      }
      if (k < K) {
        const at = <usize>k << 3;
        store<f64>(z + at, load<f64>(z + at) + v * load<f64>(base + at));
      }
    }
    let max = -Infinity;
    for (let k = 0; k < K; k++) max = Math.max(max, load<f64>(z + (<usize>k << 3)));
    // One exp per class: z holds exp(z_k - max) until the residuals replace it.
    const yi = load<i32>(yIndex + (<usize>i << 2));
    const zy = load<f64>(z + (<usize>yi << 3));
    let sum: f64 = 0;
    for (let k = 0; k < K; k++) {
      const at = z + (<usize>k << 3);
      const e = Math.exp(load<f64>(at) - max);
      store<f64>(at, e);
      sum += e;
    }
    lossSum += s * (max + Math.log(sum) - zy);
    // z now holds the residual C * s * (p_ik - [y_i = k]).
    const cs = C * s;
    const scale = 1 / sum;
    for (let k = 0; k < K; k++) {
      const at = z + (<usize>k << 3);
      store<f64>(at, cs * (load<f64>(at) * scale - (k == yi ? 1 : 0)));
    }
    for (let j = 0; j < F; j++) {
      const v = <f64>load<f32>(row + (<usize>j << 2));
      const vv = f64x2.splat(v);
      const base = gradient + (<usize>(j * K) << 3);
      let k = 0;
      for (; k < pairs; k += 2) {
        const at = <usize>k << 3;
        v128.store(base + at, f64x2.add(v128.load(base + at), f64x2.mul(vv, v128.load(z + at))));
      }
      if (k < K) {
        const at = <usize>k << 3;
        store<f64>(base + at, load<f64>(base + at) + v * load<f64>(z + at));
      }
    }
    if (fitIntercept) {
      for (let k = 0; k < K; k++) {
        const at = <usize>k << 3;
        store<f64>(gradient + interceptOffset + at, load<f64>(gradient + interceptOffset + at) + load<f64>(z + at));
      }
    }
  }
  return C * lossSum + 0.5 * penalty;
}
