// FusionHead: a small network on concatenated CLIP text and image embeddings, trained with AdamW and early stopping.

import { DenseMatrix } from '../../core/dense-matrix.js';
import {
  BaseEstimator,
  checkFeatureCount,
  checkSameLength,
  encodeLabels,
  uniqueClasses,
  type Classifier,
  type EstimatorState,
  type FitOptions,
  type JsonObject,
  type Labels,
} from '../../core/estimator.js';
import { ProdclassError } from '../../core/errors.js';
import type { ParamConstraints } from '../../core/params.js';
import { silentProgress } from '../../core/progress.js';
import { registerEstimator } from '../../core/registry.js';
import { Rng } from '../../core/rng.js';
import { stratifiedSplit } from '../../data/splits.js';
import { AdamW, linearWarmupDecay } from './adamw.js';
import { checkEmbeddings, selectEmbeddings, type ProductEmbeddings } from './embeddings.js';
import { fusionMatrix, writeFusionRow } from './fusion-input.js';
import { meanLogLoss, weightedF1 } from './head-metrics.js';
import { cloneMlp, initMlp, mlpPredict, mlpTrainStep, MlpWorkspace, type MlpWeights } from './mlp.js';

export interface FusionHeadParams {
  hiddenSize: number;
  dropout: number;
  /** Peak learning rate of the warm-up/decay schedule. */
  learningRate: number;
  /** AdamW's decoupled weight decay, on weights (not biases). */
  weightDecay: number;
  batchSize: number;
  maxEpochs: number;
  /** Stop after this many epochs without a better validation weighted F1. */
  patience: number;
  /** Share of all planned steps spent warming the learning rate up. */
  warmupRatio: number;
  /** Share of the rows held out (stratified) to choose the epoch; 0 trains maxEpochs on all rows. */
  validationFraction: number;
  /** For training rows with both text and image: probability of hiding the image, and (separately) the text. */
  modalityDropout: number;
  seed: number;
}

/**
 * The study's fine-tuning settings were lr 3.92e-5, dropout 0.29, hidden 256, batch 64; on frozen features a head
 * learns with a far larger rate (1e-3 here; `prodclass tune` searches it).
 */
export const FUSION_HEAD_DEFAULTS: FusionHeadParams = {
  hiddenSize: 256,
  dropout: 0.29,
  learningRate: 1e-3,
  weightDecay: 0.01,
  batchSize: 64,
  maxEpochs: 30,
  patience: 4,
  warmupRatio: 0.06,
  validationFraction: 0.1,
  modalityDropout: 0.15,
  seed: 0,
};

const CONSTRAINTS: ParamConstraints<FusionHeadParams> = {
  hiddenSize: { type: 'number', integer: true, min: 1, max: 8192 },
  dropout: { type: 'number', min: 0, max: 1, maxExclusive: true },
  learningRate: { type: 'number', min: 0, minExclusive: true, max: 1 },
  weightDecay: { type: 'number', min: 0, max: 1 },
  batchSize: { type: 'number', integer: true, min: 1, max: 65536 },
  maxEpochs: { type: 'number', integer: true, min: 1, max: 10000 },
  patience: { type: 'number', integer: true, min: 1 },
  warmupRatio: { type: 'number', min: 0, max: 1 },
  validationFraction: { type: 'number', min: 0, max: 0.5 },
  modalityDropout: { type: 'number', min: 0, max: 0.5 },
  seed: { type: 'number', integer: true },
};

/** One epoch of training, as saved with the model (the loss and F1 curves). */
export interface EpochRecord {
  epoch: number;
  trainLoss: number;
  validationLoss: number | null;
  validationWeightedF1: number | null;
  validationAccuracy: number | null;
  learningRate: number;
  seconds: number;
}

interface HeadFitted {
  classes: Int32Array;
  textDim: number;
  imageDim: number;
  weights: MlpWeights;
  history: EpochRecord[];
  bestEpoch: number;
}

/**
 * x_i = [t_i / |t_i|, v_i / |v_i|] (zeros for a missing modality), then
 *   p_i = softmax(W2' dropout(relu(W1' x_i + b1)) + b2)
 * trained on the mean cross-entropy by AdamW with a linear warm-up then linear decay over maxEpochs, in
 * seeded shuffled mini-batches. Each training row with an image uses its photo or one of its augmented views,
 * drawn uniformly each epoch; rows with both modalities lose the image, or the text, with probability
 * `modalityDropout` each, so the head also scores products that have only one. After each epoch the held-out
 * rows are scored; the weights of the epoch with the best weighted F1 are kept and training stops after
 * `patience` epochs without improvement. Weighted F1 differences smaller than one held-out row's share
 * (1 / n_validation) are ties, which the lower validation loss wins: on a small validation set the F1 of the
 * first epoch often equals later ones by chance, and keeping it would keep a barely trained head.
 */
export class FusionHead extends BaseEstimator<FusionHeadParams> implements Classifier<ProductEmbeddings, FusionHeadParams> {
  readonly kind = 'fusion-head';
  private state: HeadFitted | undefined;

  /** @throws ProdclassError INVALID_PARAM naming the parameter, its allowed range and the value given. */
  constructor(params: Partial<FusionHeadParams> = {}) {
    super('fusion-head', FUSION_HEAD_DEFAULTS, CONSTRAINTS, params);
  }

  get isFitted(): boolean {
    return this.state !== undefined;
  }

  get classes(): Int32Array {
    return this.fitted(this.state).classes;
  }

  /** Per-epoch training loss, validation loss, weighted F1 and accuracy. @throws ProdclassError NOT_FITTED. */
  get history(): readonly EpochRecord[] {
    return this.fitted(this.state).history;
  }

  get bestEpoch(): number {
    return this.fitted(this.state).bestEpoch;
  }

  /**
   * @throws ProdclassError INVALID_INPUT when x and y differ in length; DATA_TOO_SMALL with fewer than two classes;
   *   the abort reason when options.signal aborts.
   */
  async fit(x: ProductEmbeddings, y: Labels, options: FitOptions = {}): Promise<this> {
    checkEmbeddings(x);
    checkSameLength(x.n, y.length);
    const p = this.params;
    const classes = uniqueClasses(y);
    const yIndex = encodeLabels(y, classes);
    const rng = new Rng(p.seed);
    const split =
      p.validationFraction > 0 && x.n >= 20 ? stratifiedSplit(y, p.validationFraction, p.seed) : { train: Int32Array.from(y.keys()), validation: new Int32Array(0) };
    const width = x.textDim + x.imageDim;
    let weights = initMlp(width, p.hiddenSize, classes.length, rng.fork());
    const optimizer = new AdamW([weights.w1, weights.b1, weights.w2, weights.b2], [p.weightDecay, 0, p.weightDecay, 0]);
    const batch = Math.min(p.batchSize, split.train.length);
    const ws = new MlpWorkspace(weights, batch);
    const stepsPerEpoch = Math.ceil(split.train.length / batch);
    const total = stepsPerEpoch * p.maxEpochs;
    const warmup = Math.round(p.warmupRatio * total);
    const validationX = split.validation.length ? fusionMatrix({ ...selectEmbeddings(x, split.validation), views: [] }) : null;
    const validationY = Int32Array.from(split.validation, (i) => yIndex[i]);
    const f1Tie = split.validation.length ? 1 / split.validation.length : 0;
    const xb = new Float32Array(batch * width);
    const yb = new Int32Array(batch);
    const order = split.train.slice();
    const history: EpochRecord[] = [];
    let best = { f1: -Infinity, loss: Infinity, epoch: 0, weights: cloneMlp(weights) };
    let step = 0;
    const task = (options.progress ?? silentProgress).task('fusion head', p.maxEpochs);
    try {
      for (let epoch = 1; epoch <= p.maxEpochs; epoch++) {
        const started = performance.now();
        rng.shuffle(order);
        let lossSum = 0;
        let lr = 0;
        for (let start = 0; start < order.length; start += batch) {
          const rows = Math.min(batch, order.length - start);
          for (let r = 0; r < rows; r++) {
            const i = order[start + r];
            const both = x.hasText[i] === 1 && x.hasImage[i] === 1;
            const u = rng.next();
            const view = x.hasImage[i] && x.views.length ? rng.int(x.views.length + 1) : 0;
            writeFusionRow(x, i, xb, r * width, {
              view,
              hideImage: both && u < p.modalityDropout,
              hideText: both && u >= p.modalityDropout && u < 2 * p.modalityDropout,
            });
            yb[r] = yIndex[i];
          }
          lr = linearWarmupDecay(step++, p.learningRate, warmup, total);
          lossSum += mlpTrainStep(weights, ws, xb, yb, rows, p.dropout, rng) * rows;
          optimizer.step(ws.grads, lr);
          if ((step & 15) === 0) {
            options.signal?.throwIfAborted();
            await new Promise((resolve) => setImmediate(resolve));
          }
        }
        const record: EpochRecord = {
          epoch,
          trainLoss: lossSum / order.length,
          validationLoss: null,
          validationWeightedF1: null,
          validationAccuracy: null,
          learningRate: lr,
          seconds: 0,
        };
        if (validationX) {
          const proba = predictMatrix(weights, validationX, split.validation.length);
          const predicted = proba.argmaxRows();
          record.validationLoss = meanLogLoss(proba, validationY);
          record.validationWeightedF1 = weightedF1(validationY, predicted, classes.length);
          record.validationAccuracy = predicted.reduce((s, v, i) => s + (v === validationY[i] ? 1 : 0), 0) / predicted.length;
        }
        record.seconds = (performance.now() - started) / 1000;
        history.push(record);
        task.tick(1, `loss ${record.trainLoss.toFixed(3)}${record.validationWeightedF1 === null ? '' : ` val F1 ${record.validationWeightedF1.toFixed(3)}`}`);
        const f1 = record.validationWeightedF1 ?? 0;
        const loss = record.validationLoss ?? 0;
        const better = f1 > best.f1 + f1Tie || (f1 >= best.f1 - f1Tie && loss < best.loss);
        if (!validationX || better) best = { f1, loss, epoch, weights: cloneMlp(weights) };
        else if (epoch - best.epoch >= p.patience) break;
      }
    } finally {
      task.done();
    }
    weights = validationX ? best.weights : weights;
    this.state = { classes, textDim: x.textDim, imageDim: x.imageDim, weights, history, bestEpoch: validationX ? best.epoch : history.length };
    return this;
  }

  /** @throws ProdclassError NOT_FITTED before fit; FEATURE_MISMATCH when the embedding sizes differ from fit's. */
  predictProba(x: ProductEmbeddings): DenseMatrix {
    const s = this.fitted(this.state);
    checkFeatureCount(this.kind, s.textDim + s.imageDim, x.textDim + x.imageDim);
    checkFeatureCount(`${this.kind} (text embedding)`, s.textDim, x.textDim);
    checkEmbeddings(x);
    return predictMatrix(s.weights, fusionMatrix(x), x.n);
  }

  predict(x: ProductEmbeddings): Labels {
    const classes = this.classes;
    return this.predictProba(x).argmaxRows().map((j) => classes[j]);
  }

  getState(): EstimatorState {
    const s = this.fitted(this.state);
    const w = s.weights;
    return {
      kind: this.kind,
      params: this.paramsJson(),
      fitted: { textDim: s.textDim, imageDim: s.imageDim, hidden: w.hidden, history: s.history as unknown as JsonObject[], bestEpoch: s.bestEpoch },
      arrays: { classes: s.classes, w1: w.w1, b1: w.b1, w2: w.w2, b2: w.b2 },
    };
  }

  /** @throws ProdclassError MODEL_CORRUPT when arrays are missing or their sizes disagree. */
  static fromState(state: EstimatorState): FusionHead {
    const head = new FusionHead(state.params as Partial<FusionHeadParams>);
    const { classes, w1, b1, w2, b2 } = state.arrays;
    const f = state.fitted as unknown as { textDim: number; imageDim: number; hidden: number; history: EpochRecord[]; bestEpoch: number };
    const inputs = f.textDim + f.imageDim;
    const ok =
      classes instanceof Int32Array && w1 instanceof Float32Array && b1 instanceof Float32Array && w2 instanceof Float32Array && b2 instanceof Float32Array &&
      w1.length === inputs * f.hidden && b1.length === f.hidden && w2.length === f.hidden * classes.length && b2.length === classes.length;
    if (!ok) throw new ProdclassError('MODEL_CORRUPT', 'fusion-head: saved weights are missing or do not match their sizes');
    head.state = {
      classes: classes as Int32Array,
      textDim: f.textDim,
      imageDim: f.imageDim,
      weights: { inputs, hidden: f.hidden, classes: classes.length, w1: w1 as Float32Array, b1: b1 as Float32Array, w2: w2 as Float32Array, b2: b2 as Float32Array },
      history: f.history,
      bestEpoch: f.bestEpoch,
    };
    return head;
  }
}

function predictMatrix(weights: MlpWeights, x: Float32Array, rows: number): DenseMatrix {
  const out = new DenseMatrix(rows, weights.classes);
  const chunk = 256;
  const hidden = new Float32Array(chunk * weights.hidden);
  for (let start = 0; start < rows; start += chunk) {
    const n = Math.min(chunk, rows - start);
    const part = out.data.subarray(start * weights.classes, (start + n) * weights.classes);
    mlpPredict(weights, x.subarray(start * weights.inputs, (start + n) * weights.inputs), n, part, hidden.subarray(0, n * weights.hidden));
  }
  return out;
}

registerEstimator('fusion-head', (state) => FusionHead.fromState(state));
