// Benchmark: FusionHead training time per epoch on 85,000 cached-size embeddings (512 + 512, 27 classes, 2 augmented views),
// and the same network's training step with @tensorflow/tfjs's CPU backend, the library the head would otherwise use.
// Usage: tsx bench/fusion-head.ts [--n 85000] [--tfjs-steps 20]   (prints one JSON object)

import { parseArgs } from 'node:util';
import { Rng } from '../src/core/rng.js';
import { emptyEmbeddings } from '../src/models/clip/embeddings.js';
import { FusionHead } from '../src/models/clip/fusion-head.js';
import { initMlp, mlpTrainStep, MlpWorkspace } from '../src/models/clip/mlp.js';

const { values } = parseArgs({ options: { n: { type: 'string', default: '85000' }, 'tfjs-steps': { type: 'string', default: '20' }, data: { type: 'string' } } });
const n = Number(values.n);
const dim = 512;
const classes = 27;
const batch = 64;

// Synthetic embeddings with class structure: class centre + noise, every product with text and image.
const rng = new Rng(1);
const e = emptyEmbeddings(n, dim, dim, 2);
const y = new Int32Array(n);
const centres = Array.from({ length: classes }, () => Float32Array.from({ length: 2 * dim }, () => rng.normal()));
for (let i = 0; i < n; i++) {
  const c = rng.int(classes);
  y[i] = c;
  for (let j = 0; j < dim; j++) {
    e.text[i * dim + j] = centres[c][j] + 2 * rng.normal();
    e.image[i * dim + j] = centres[c][dim + j] + 2 * rng.normal();
    e.views[0][i * dim + j] = e.image[i * dim + j] + 0.3 * rng.normal();
    e.views[1][i * dim + j] = e.image[i * dim + j] + 0.3 * rng.normal();
  }
  e.hasText[i] = 1;
  e.hasImage[i] = 1;
}

const head = await new FusionHead({ seed: 1, maxEpochs: 2, patience: 5 }).fit(e, y);
const epochSeconds = head.history.map((h) => h.seconds);

// One step of our kernels vs tfjs on the same 64 x 1024 -> 256 -> 27 network.
const m = initMlp(2 * dim, 256, classes, new Rng(2));
const ws = new MlpWorkspace(m, batch);
const xb = Float32Array.from({ length: batch * 2 * dim }, () => rng.normal());
const yb = Int32Array.from({ length: batch }, (_, i) => i % classes);
const steps = Number(values['tfjs-steps']);
for (let s = 0; s < 3; s++) mlpTrainStep(m, ws, xb, yb, batch, 0.29, rng);
let t = performance.now();
for (let s = 0; s < steps; s++) mlpTrainStep(m, ws, xb, yb, batch, 0.29, rng);
const oursMsPerStep = (performance.now() - t) / steps;

const tf = await import('@tensorflow/tfjs');
await tf.setBackend('cpu');
const W1 = tf.variable(tf.randomNormal([2 * dim, 256], 0, 0.02));
const b1 = tf.variable(tf.zeros([256]));
const W2 = tf.variable(tf.randomNormal([256, classes], 0, 0.02));
const b2 = tf.variable(tf.zeros([classes]));
const optimizer = tf.train.adam(1e-3);
const X = tf.tensor2d(xb, [batch, 2 * dim]);
const Y = tf.oneHot(tf.tensor1d(yb, 'int32'), classes);
const tfStep = () =>
  tf.tidy(() => {
    optimizer.minimize(() => {
      const h = tf.dropout(tf.relu(tf.add(tf.matMul(X, W1), b1)), 0.29);
      return tf.losses.softmaxCrossEntropy(Y, tf.add(tf.matMul(h, W2), b2));
    });
  });
tfStep();
t = performance.now();
for (let s = 0; s < steps; s++) tfStep();
const tfjsMsPerStep = (performance.now() - t) / steps;
const stepsPerEpoch = Math.ceil((0.9 * n) / batch);

console.log(
  JSON.stringify({
    benchmark: 'fusion-head',
    n,
    inputs: 2 * dim,
    hidden: 256,
    classes,
    batch,
    views: 2,
    epochSeconds,
    targetEpochSeconds: 120,
    msPerStep: { ours: oursMsPerStep, tfjsCpu: tfjsMsPerStep, tfjsOverOurs: tfjsMsPerStep / oursMsPerStep },
    projectedEpochSeconds: { ours: (oursMsPerStep * stepsPerEpoch) / 1000, tfjsCpu: (tfjsMsPerStep * stepsPerEpoch) / 1000 },
  }),
);
