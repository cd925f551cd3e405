// The fusion head's network: dense -> ReLU -> dropout -> dense -> softmax, with its cross-entropy gradient.

import { Rng } from '../../core/rng.js';
import { denseBackwardInput, denseBackwardWeights, denseForward, softmaxRowsInPlace } from './dense-kernels.js';

/** Weights of a one-hidden-layer perceptron, row-major: w1 is inputs x hidden, w2 hidden x classes. */
export interface MlpWeights {
  inputs: number;
  hidden: number;
  classes: number;
  w1: Float32Array;
  b1: Float32Array;
  w2: Float32Array;
  b2: Float32Array;
}

/** PyTorch's nn.Linear initialisation: weights and biases uniform in +-1/sqrt(fan_in). */
export function initMlp(inputs: number, hidden: number, classes: number, rng: Rng): MlpWeights {
  const uniform = (n: number, bound: number) => Float32Array.from({ length: n }, () => (rng.next() * 2 - 1) * bound);
  const a = 1 / Math.sqrt(inputs);
  const b = 1 / Math.sqrt(hidden);
  return { inputs, hidden, classes, w1: uniform(inputs * hidden, a), b1: uniform(hidden, a), w2: uniform(hidden * classes, b), b2: uniform(classes, b) };
}

export function cloneMlp(m: MlpWeights): MlpWeights {
  return { ...m, w1: m.w1.slice(), b1: m.b1.slice(), w2: m.w2.slice(), b2: m.b2.slice() };
}

/** Scratch buffers for one batch size, reused across steps. */
export class MlpWorkspace {
  readonly z1: Float32Array;
  readonly h: Float32Array;
  readonly keep: Float32Array;
  readonly p: Float32Array;
  readonly dh: Float32Array;
  readonly grads: Float32Array[];

  constructor(readonly m: MlpWeights, readonly batch: number) {
    this.z1 = new Float32Array(batch * m.hidden);
    this.h = new Float32Array(batch * m.hidden);
    this.keep = new Float32Array(batch * m.hidden);
    this.p = new Float32Array(batch * m.classes);
    this.dh = new Float32Array(batch * m.hidden);
    this.grads = [new Float32Array(m.w1.length), new Float32Array(m.b1.length), new Float32Array(m.w2.length), new Float32Array(m.b2.length)];
  }
}

/**
 * Class probabilities for `rows` inputs (rows x inputs) into `out` (rows x classes); no dropout (inference).
 */
export function mlpPredict(m: MlpWeights, x: Float32Array, rows: number, out: Float32Array, hidden = new Float32Array(rows * m.hidden)): void {
  denseForward(x, rows, m.inputs, m.w1, m.hidden, m.b1, hidden);
  for (let i = 0; i < hidden.length; i++) if (hidden[i] < 0) hidden[i] = 0;
  denseForward(hidden, rows, m.hidden, m.w2, m.classes, m.b2, out);
  softmaxRowsInPlace(out, rows, m.classes);
}

/**
 * Forward and backward pass of one batch with inverted dropout (each hidden unit kept with probability
 * 1 - dropout and scaled by 1 / (1 - dropout), masks drawn from `rng`). Fills `ws.grads` with the gradients of the
 * mean cross-entropy  -1/B sum_i log p_i[y_i]  (w1, b1, w2, b2) and returns that loss.
 */
export function mlpTrainStep(m: MlpWeights, ws: MlpWorkspace, x: Float32Array, y: Int32Array, rows: number, dropout: number, rng: Rng): number {
  const { hidden: H, classes: C } = m;
  denseForward(x, rows, m.inputs, m.w1, H, m.b1, ws.z1);
  const scale = dropout > 0 ? 1 / (1 - dropout) : 1;
  for (let i = 0; i < rows * H; i++) {
    const keep = dropout > 0 ? (rng.next() >= dropout ? scale : 0) : 1;
    ws.keep[i] = ws.z1[i] > 0 ? keep : 0;
    ws.h[i] = ws.z1[i] * ws.keep[i];
  }
  denseForward(ws.h, rows, H, m.w2, C, m.b2, ws.p);
  softmaxRowsInPlace(ws.p, rows, C);
  let loss = 0;
  // p becomes dL/dz2 = (p - onehot) / B.
  for (let i = 0; i < rows; i++) {
    const o = i * C;
    loss -= Math.log(Math.max(ws.p[o + y[i]], 1e-12));
    ws.p[o + y[i]] -= 1;
    for (let j = 0; j < C; j++) ws.p[o + j] /= rows;
  }
  const [g1, gb1, g2, gb2] = ws.grads;
  g1.fill(0);
  gb1.fill(0);
  g2.fill(0);
  gb2.fill(0);
  denseBackwardWeights(ws.h, rows, H, ws.p, C, g2, gb2);
  denseBackwardInput(ws.p, rows, C, m.w2, H, ws.dh);
  for (let i = 0; i < rows * H; i++) ws.dh[i] *= ws.keep[i];
  denseBackwardWeights(x, rows, m.inputs, ws.dh, H, g1, gb1);
  return loss / rows;
}
