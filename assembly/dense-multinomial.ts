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
  const rowBytes = <usize>K << 3;
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
    // Scores, eight classes at a time in four two-lane registers: per feature, four weight loads and no score traffic.
    let k = 0;
    for (; k + 8 <= K; k += 8) {
      const kb = <usize>k << 3;
      let a0 = fitIntercept ? v128.load(w + interceptOffset + kb) : f64x2.splat(0);
      let a1 = fitIntercept ? v128.load(w + interceptOffset + kb, 16) : f64x2.splat(0);
      let a2 = fitIntercept ? v128.load(w + interceptOffset + kb, 32) : f64x2.splat(0);
      let a3 = fitIntercept ? v128.load(w + interceptOffset + kb, 48) : f64x2.splat(0);
      let base = w + kb;
      for (let j = 0; j < F; j++) {
        const vv = f64x2.splat(<f64>load<f32>(row + (<usize>j << 2)));
        a0 = f64x2.add(a0, f64x2.mul(vv, v128.load(base)));
        a1 = f64x2.add(a1, f64x2.mul(vv, v128.load(base, 16)));
        a2 = f64x2.add(a2, f64x2.mul(vv, v128.load(base, 32)));
        a3 = f64x2.add(a3, f64x2.mul(vv, v128.load(base, 48)));
        base += rowBytes;
      }
      v128.store(z + kb, a0);
      v128.store(z + kb, a1, 16);
      v128.store(z + kb, a2, 32);
      v128.store(z + kb, a3, 48);
    }
    for (; k + 2 <= K; k += 2) {
      const kb = <usize>k << 3;
      let a = fitIntercept ? v128.load(w + interceptOffset + kb) : f64x2.splat(0);
      let base = w + kb;
      for (let j = 0; j < F; j++) {
        a = f64x2.add(a, f64x2.mul(f64x2.splat(<f64>load<f32>(row + (<usize>j << 2))), v128.load(base)));
        base += rowBytes;
      }
      v128.store(z + kb, a);
    }
    if (k < K) {
      const kb = <usize>k << 3;
      let a: f64 = fitIntercept ? load<f64>(w + interceptOffset + kb) : 0;
      let base = w + kb;
      for (let j = 0; j < F; j++) {
        a += <f64>load<f32>(row + (<usize>j << 2)) * load<f64>(base);
        base += rowBytes;
      }
      store<f64>(z + kb, a);
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
    // The row's share of the gradient, eight classes at a time with their residuals held in registers.
    k = 0;
    for (; k + 8 <= K; k += 8) {
      const kb = <usize>k << 3;
      const r0 = v128.load(z + kb);
      const r1 = v128.load(z + kb, 16);
      const r2 = v128.load(z + kb, 32);
      const r3 = v128.load(z + kb, 48);
      let base = gradient + kb;
      for (let j = 0; j < F; j++) {
        const vv = f64x2.splat(<f64>load<f32>(row + (<usize>j << 2)));
        v128.store(base, f64x2.add(v128.load(base), f64x2.mul(vv, r0)));
        v128.store(base, f64x2.add(v128.load(base, 16), f64x2.mul(vv, r1)), 16);
        v128.store(base, f64x2.add(v128.load(base, 32), f64x2.mul(vv, r2)), 32);
        v128.store(base, f64x2.add(v128.load(base, 48), f64x2.mul(vv, r3)), 48);
        base += rowBytes;
      }
    }
    for (; k + 2 <= K; k += 2) {
      const kb = <usize>k << 3;
      const r = v128.load(z + kb);
      let base = gradient + kb;
      for (let j = 0; j < F; j++) {
        v128.store(base, f64x2.add(v128.load(base), f64x2.mul(f64x2.splat(<f64>load<f32>(row + (<usize>j << 2))), r)));
        base += rowBytes;
      }
    }
    if (k < K) {
      const kb = <usize>k << 3;
      const r = load<f64>(z + kb);
      let base = gradient + kb;
      for (let j = 0; j < F; j++) {
        store<f64>(base, load<f64>(base) + <f64>load<f32>(row + (<usize>j << 2)) * r);
        base += rowBytes;
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
