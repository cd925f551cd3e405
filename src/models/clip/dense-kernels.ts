// Dense layer kernels on row-major Float32Arrays: forward, and the two products of the backward pass.

/*
 * Why hand-written and not @tensorflow/tfjs: one training step of the fusion head (64 x 1024 -> 256 -> 27) took
 * 301 ms with tfjs's pure-JavaScript CPU backend, which is 400 s per epoch at 85,000 products; these loops take
 * about 25 ms for the same step (measured side by side on the 2-core machine, see the fusion-head benchmark).
 * V8 does not vectorise, so the loops are unrolled to reuse each loaded value several times: two rows by four
 * inputs in the forward product, two inputs by four rows in the weight gradient.
 */

/**
 * out (rows x n) = x (rows x k) . w (k x n) + b (n).
 */
export function denseForward(x: Float32Array, rows: number, k: number, w: Float32Array, n: number, b: Float32Array, out: Float32Array): void {
  for (let i = 0; i < rows; i++) out.set(b, i * n);
  const k4 = k - (k % 4);
  let i = 0;
  for (; i + 1 < rows; i += 2) {
    const xa = i * k;
    const xb = xa + k;
    const oa = i * n;
    const ob = oa + n;
    for (let p = 0; p < k4; p += 4) {
      const a0 = x[xa + p], a1 = x[xa + p + 1], a2 = x[xa + p + 2], a3 = x[xa + p + 3];
      const c0 = x[xb + p], c1 = x[xb + p + 1], c2 = x[xb + p + 2], c3 = x[xb + p + 3];
      if (a0 === 0 && a1 === 0 && a2 === 0 && a3 === 0 && c0 === 0 && c1 === 0 && c2 === 0 && c3 === 0) continue;
      const w0 = p * n;
      const w1 = w0 + n;
      const w2 = w1 + n;
      const w3 = w2 + n;
      for (let j = 0; j < n; j++) {
        const q0 = w[w0 + j], q1 = w[w1 + j], q2 = w[w2 + j], q3 = w[w3 + j];
        out[oa + j] += a0 * q0 + a1 * q1 + a2 * q2 + a3 * q3;
        out[ob + j] += c0 * q0 + c1 * q1 + c2 * q2 + c3 * q3;
      }
    }
    for (let p = k4; p < k; p++) {
      const a = x[xa + p];
      const c = x[xb + p];
      const w0 = p * n;
      for (let j = 0; j < n; j++) {
        out[oa + j] += a * w[w0 + j];
        out[ob + j] += c * w[w0 + j];
      }
    }
  }
  for (; i < rows; i++) {
    const xa = i * k;
    const oa = i * n;
    for (let p = 0; p < k; p++) {
      const a = x[xa + p];
      if (a === 0) continue;
      const w0 = p * n;
      for (let j = 0; j < n; j++) out[oa + j] += a * w[w0 + j];
    }
  }
}

/**
 * dw (k x n) += x' (k x rows) . dy (rows x n) and db (n) += column sums of dy: the gradients of a dense layer's
 * weights and bias given the gradient dy of its output.
 */
export function denseBackwardWeights(x: Float32Array, rows: number, k: number, dy: Float32Array, n: number, dw: Float32Array, db: Float32Array): void {
  for (let i = 0; i < rows; i++) {
    const d = i * n;
    for (let j = 0; j < n; j++) db[j] += dy[d + j];
  }
  const r4 = rows - (rows % 4);
  let p = 0;
  for (; p + 1 < k; p += 2) {
    const wa = p * n;
    const wb = wa + n;
    for (let i = 0; i < r4; i += 4) {
      const a0 = x[i * k + p], a1 = x[(i + 1) * k + p], a2 = x[(i + 2) * k + p], a3 = x[(i + 3) * k + p];
      const c0 = x[i * k + p + 1], c1 = x[(i + 1) * k + p + 1], c2 = x[(i + 2) * k + p + 1], c3 = x[(i + 3) * k + p + 1];
      if (a0 === 0 && a1 === 0 && a2 === 0 && a3 === 0 && c0 === 0 && c1 === 0 && c2 === 0 && c3 === 0) continue;
      const d0 = i * n;
      const d1 = d0 + n;
      const d2 = d1 + n;
      const d3 = d2 + n;
      for (let j = 0; j < n; j++) {
        const g0 = dy[d0 + j], g1 = dy[d1 + j], g2 = dy[d2 + j], g3 = dy[d3 + j];
        dw[wa + j] += a0 * g0 + a1 * g1 + a2 * g2 + a3 * g3;
        dw[wb + j] += c0 * g0 + c1 * g1 + c2 * g2 + c3 * g3;
      }
    }
    for (let i = r4; i < rows; i++) {
      const a = x[i * k + p];
      const c = x[i * k + p + 1];
      const d0 = i * n;
      for (let j = 0; j < n; j++) {
        dw[wa + j] += a * dy[d0 + j];
        dw[wb + j] += c * dy[d0 + j];
      }
    }
  }
  for (; p < k; p++) {
    const wa = p * n;
    for (let i = 0; i < rows; i++) {
      const a = x[i * k + p];
      if (a === 0) continue;
      const d0 = i * n;
      for (let j = 0; j < n; j++) dw[wa + j] += a * dy[d0 + j];
    }
  }
}

/**
 * dx (rows x k) = dy (rows x n) . w' (n x k): the gradient of a dense layer's input.
 */
export function denseBackwardInput(dy: Float32Array, rows: number, n: number, w: Float32Array, k: number, dx: Float32Array): void {
  for (let i = 0; i < rows; i++) {
    const d = i * n;
    const o = i * k;
    for (let p = 0; p < k; p++) {
      const wp = p * n;
      let s = 0;
      for (let j = 0; j < n; j++) s += dy[d + j] * w[wp + j];
      dx[o + p] = s;
    }
  }
}

/** Row-wise softmax in place (max subtracted first). */
export function softmaxRowsInPlace(z: Float32Array, rows: number, n: number): void {
  for (let i = 0; i < rows; i++) {
    const o = i * n;
    let max = -Infinity;
    for (let j = 0; j < n; j++) if (z[o + j] > max) max = z[o + j];
    let sum = 0;
    for (let j = 0; j < n; j++) {
      const e = Math.exp(z[o + j] - max);
      z[o + j] = e;
      sum += e;
    }
    for (let j = 0; j < n; j++) z[o + j] /= sum;
  }
}
